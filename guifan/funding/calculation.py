"""The year's funding over the city (or a few organisations): the pack's rules (changed for a what-if), the input
frame, the engine. Nothing is written here (guifan.funding.actions stores an official computation)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guifan.assessment.selectors import pack_of
from guifan.core.vocabulary import LEVELS_BOTTOM_UP
from guifan.modelsites.selectors import published_ids
from guifan.standards.funding_rules import with_parameters
from guifan.standards.selectors import pack_in_effect

from . import engine, inputs


@dataclass
class Calculation:
    year: int
    pack_version: object
    pack: object
    rules: object
    run: object  # the official assessment run read, or None
    result: pl.DataFrame  # engine.compute's frame: the inputs and one fen column per line and payer
    model_sites: int = 0  # organisations on the year's published model-site list (guifan.modelsites)

    def funded(self) -> pl.DataFrame:
        return self.result.filter(pl.col("total") > 0)

    def regions(self) -> pl.DataFrame:
        return engine.by_region(self.rules, self.funded(), LEVELS_BOTTOM_UP)

    def stars_from(self) -> dict:
        counts = self.funded().group_by("stars_source").len().iter_rows()
        return {source or "none": n for source, n in counts}


def calculate(year: int, *, changes: dict | None = None, organisations=None) -> Calculation:
    run = inputs.official_run(year)
    version = run.pack_version if run is not None else pack_in_effect(year)
    if version is None:
        raise ValidationError(_("No standard pack is in effect in %(year)s.") % {"year": year})
    pack = pack_of(version)
    rules = pack.funding
    if rules is None:
        raise ValidationError(_("The standard pack gives no funding formula."))
    if changes:
        try:
            rules = with_parameters(rules, changes, pack.sources)
        except ValueError as exc:
            raise ValidationError(_("The changed formula is refused: %(problems)s") % {"problems": exc}) from exc
    published = pack.rating.last.code if pack.rating else None
    frame = inputs.build(year, run, published, organisations)
    # The year's published model sites (M02) receive the model-site extra; none before the list is published.
    sites = pl.Series("model_sites", published_ids(year), dtype=pl.Int64)
    frame = frame.with_columns(pl.col("id").is_in(sites.implode()).alias("model_site"))
    return Calculation(year, version, pack, rules, run, engine.compute(rules, frame, year, model_sites=sites),
                       model_sites=len(sites))
