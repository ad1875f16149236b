"""The assessment engine: one pack, two evaluators that must agree.

`vectorised.assess(pack, frame)` judges every organisation at once with Polars (the city-wide run);
`plain.assess_organisation(pack, row)` judges one organisation in plain Python and explains each verdict.
Both compile the same expression trees of `guifan.standards.expressions`; the hypothesis tests hold them equal.
"""

from guifan.assessment.engine.verdicts import FAIL, NOT_APPLICABLE, NOT_REPORTED, PASS, VERDICTS

__all__ = ["FAIL", "NOT_APPLICABLE", "NOT_REPORTED", "PASS", "VERDICTS"]
