"""The centres and the platform ratings in Excel (xlsx) or CSV, through the one writer
(guifan.core.spreadsheets.writer). No personal data: a centre's figures and verdict, a county's scores."""

import tempfile

from django.http import FileResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guifan.core.spreadsheets.writer import write_csv, write_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _label(text: dict) -> str:
    return text.get((get_language() or "zh")[:2]) or text["zh"]


def _response(title, headers, text_columns, rows, filename, fmt):
    handle = tempfile.TemporaryFile(suffix=f".{fmt}")
    if fmt == "csv":
        write_csv(handle, headers, rows)
    else:
        write_list(handle, title, headers, text_columns, rows)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.{fmt}",
                        content_type=CSV if fmt == "csv" else XLSX)


def centre_headers(rules) -> list[str]:
    return ([_("Level"), _("Name"), _("Region"), _("Organisation"), _("Address"), _("Usable area (m²)"), _("Staff"),
             _("Own site"), _("Work rules written")] + [_label(i["label"]) for i in rules.items]
            + [_("Meets the standard"), _("Items failed")])


def centre_rows(qs, rules):
    labels = {x.code: _label(x.label) for x in rules.levels}
    yes = _("yes")
    for c in qs.iterator(chunk_size=2000):
        failed = [k for k, v in (c.verdicts or {}).items() if not v]
        yield ([labels.get(c.level, c.level), c.name, c.region.name, c.organisation.name if c.organisation else "",
                c.address, c.area_m2, c.staff, yes if c.own_site else "", yes if c.rules_present else ""]
               + [yes if i["id"] in (c.function_areas or ()) else "" for i in rules.items]
               + [yes if c.passed else _("no"), "、".join(_item_label(rules, k) for k in failed)])


def _item_label(rules, key: str) -> str:
    names = {"area": _("area"), "site": _("own site"), "staff": _("staff"), "rules": _("work rules")}
    if key in names:
        return names[key]
    item = next((i for i in rules.items if f"{rules.checklist}:{i['id']}" == key), None)
    return _label(item["label"]) if item else key


def centres_response(qs, rules, fmt: str = "xlsx") -> FileResponse:
    return _response(_("Party-mass service centres"), centre_headers(rules), {0, 1, 2, 3, 4},
                     centre_rows(qs, rules), "centres", fmt)


def ratings_response(qs, rules, year: int, fmt: str = "xlsx") -> FileResponse:
    grades = {g["code"]: _label(g["label"]) for g in rules.grades}
    headers = ([_("County or district"), _("Year")] + [_label(c.label) for c in rules.criteria]
               + [_("Total"), _("Grade"), _("Model sites")])

    def rows():
        for r in qs.iterator(chunk_size=500):
            yield ([r.region.name, r.year] + [_number(r.scores.get(c.code)) for c in rules.criteria]
                   + [r.total, grades.get(r.grade, r.grade), "、".join(s["name"] for s in r.model_sites)])

    return _response(_("Smart-platform ratings"), headers, {0, len(headers) - 2, len(headers) - 1}, rows(),
                     f"platform-ratings-{year}", fmt)


def _number(value):
    from decimal import Decimal

    return Decimal(value) if value not in (None, "") else None
