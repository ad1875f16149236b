"""The budget workbook the finance office works from: per organisation (each line, each payer, the total), per
region and level, per payer, and the formula with its sources. Cells through the one xlsx writer's `write_value`
(guifan.core.spreadsheets.writer); amounts as numbers in yuan with two decimals."""

from __future__ import annotations

import xlsxwriter
from django.utils.translation import gettext as _

from guifan.core.spreadsheets.writer import HEADER, write_value

from . import engine


def _t(label: dict, lang: str) -> str:
    return label.get(lang) or label.get("zh") or ""


def _sheet(wb, title: str, headers: list[str], rows, money_from: int):
    ws = wb.add_worksheet(title)
    bold, money = wb.add_format(HEADER), wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, headers, bold)
    ws.set_column(0, money_from - 1, 22)
    ws.set_column(money_from, len(headers), 14)
    ws.freeze_panes(1, money_from)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_value(ws, count, col, value, money if col >= money_from else None)
    if count:
        ws.autofilter(0, 0, count, len(headers) - 1)
    return ws


def write(target, rules, year: int, organisations: list[dict], regions: list[dict], lang: str) -> None:
    """organisations: {name, township, county, stars, stars_source, lines, payers, total} (fen); regions:
    {name, level, organisations, lines, payers, total}."""
    lines = engine.lines(rules)
    payers = list(rules.payers)
    line_heads = [_t(ln.label, lang) for ln in lines]
    payer_heads = [_t(rules.payers[p], lang) for p in payers]
    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": True})
    source_words = {"rating": _("published rating"), "assessment": _("official assessment")}

    def money(row, key):
        return [float(engine.yuan(row[key].get(c, 0))) for c in (
            [ln.code for ln in lines] if key == "lines" else payers)]

    _sheet(wb, str(_("Organisations")), [str(_("Organisation")), str(_("Township or street")),
                                         str(_("County or district")), str(_("Star level")),
                                         str(_("Star level from")), *line_heads, *payer_heads, str(_("Total"))],
           ([o["name"], o["township"], o["county"], o["stars"] or "", str(source_words.get(o["stars_source"], "")),
             *money(o, "lines"), *money(o, "payers"), float(engine.yuan(o["total"]))] for o in organisations), 5)
    _sheet(wb, str(_("Regions")), [str(_("Region")), str(_("Level")), str(_("Organisations funded")),
                                   *line_heads, *payer_heads, str(_("Total"))],
           ([r["name"], r["level"], r["organisations"], *money(r, "lines"), *money(r, "payers"),
             float(engine.yuan(r["total"]))] for r in regions), 3)
    city = [r for r in regions if r.get("is_top")]
    _sheet(wb, str(_("Payers")), [str(_("Payer")), str(_("Amount"))],
           ([payer_heads[i], float(engine.yuan(sum(r["payers"].get(p, 0) for r in city)))]
            for i, p in enumerate(payers)), 1)
    _sheet(wb, str(_("Formula")), [str(_("Line")), str(_("Source")), str(_("Regulation"))],
           ([_t(ln.label, lang), " ".join(ln.cited.spec), ln.cited.quote] for ln in lines), 3)
    wb.close()
