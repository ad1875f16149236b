"""Points follow the records as they arrive: a meeting recorded, changed or removed earns (or deducts) the points
of its organisation's members at once, instead of waiting for the next `guifan points` run."""

import logging

from .actions import PointsError, compute_year

log = logging.getLogger(__name__)


def on_meetings_changed(sender, organisation, year, **kwargs) -> None:
    """guifan.meetings.signals.meetings_changed: the year's points of the organisation's members computed again
    (a party group's meeting: its branch's members; a general branch's: its whole subtree's). No pack with point
    rules in effect that year: nothing to earn."""
    root = organisation.parent if organisation.kind == organisation.Kind.GROUP and organisation.parent_id \
        else organisation
    try:
        compute_year(year, organisations=list(root.subtree()))
    except PointsError as refused:
        log.info("no points computed for %s: %s", year, refused)
