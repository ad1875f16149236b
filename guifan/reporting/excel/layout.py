"""What a facts workbook holds, shared by the template, the reader and the importer.

Data sheet (first): row 1 the hidden keys (`organisation`, `organisation_name`, then one fact code per column: the
facts reported for the period's frequency), row 2 the headers, one row per organisation from row 3. A very hidden,
protected `_meta` sheet records the region (or, for an organisation user's template, the organisation), period and
pack (id, version, checksum) the workbook was made for, so that an import for another region, organisation, period
or pack is refused.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guifan.core.spreadsheets.columns import FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, Column

FORMAT = "guifan-facts/1"
META_SHEET = "_meta"
ORG_KEY, NAME_KEY = "organisation", "organisation_name"
META_KEYS = ("format", "region", "region_name", "organisation", "period", "pack", "version", "checksum")

__all__ = ["FIRST_DATA_ROW", "HEADER_ROW", "KEY_ROW", "FORMAT", "META_SHEET", "ORG_KEY", "NAME_KEY", "META_KEYS"]


def language_key() -> str:
    return "zh" if (get_language() or "zh-hans").lower().startswith("zh") else "en"


def fact_header(fact) -> str:
    label = fact.label[language_key()]
    unit = "%" if fact.type == "percent" else fact.unit
    return f"{label}（{unit}）" if unit else label


def columns(facts) -> tuple[Column, ...]:
    """The data sheet's columns as spreadsheets Columns (for the error workbook)."""
    return (
        Column(ORG_KEY, _("Organisation code"), "code", required=True, width=18),
        Column(NAME_KEY, _("Organisation name"), "text", width=30),
        *(Column(f.code, fact_header(f), "date" if f.type == "date" else "fact", width=14) for f in facts),
    )
