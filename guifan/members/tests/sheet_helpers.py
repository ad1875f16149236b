"""A member row as a user types it into the template, and the member sheet's template filled with rows."""

import datetime as dt

from guifan import testing as t
from guifan.accounts.scope import Scope
from guifan.core.spreadsheets import testing as sheets
from guifan.core.spreadsheets.importing import import_workbook
from guifan.members.sheets import SHEET


def member_row(org, **fields) -> dict:
    birth = fields.pop("birth_date", dt.date(1985, 3, 9))
    row = {
        "name": "李明", "gender": "男", "ethnicity": "壮族", "birth_date": birth,
        "id_number": t.id_number(org.region.code[:6], birth, True), "phone": "13907731234",
        "education": "", "joined_on": dt.date(2010, 7, 1), "category": "正式", "status": "",
        "organisation": org.code,
    }
    row.update(fields)
    return row


def filled(user, rows: list[dict]):
    return sheets.filled(SHEET, Scope(user), rows)


def run(user, rows):
    return import_workbook(filled(user, rows), SHEET, scope=Scope(user), user=user)
