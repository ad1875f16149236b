"""Excel: class completions and exam scores, all or nothing, every bad row named with its reason."""

import datetime as dt

from guifan.accounts.scope import Scope
from guifan.core.spreadsheets import importing, registry
from guifan.core.spreadsheets.testing import filled
from guifan.training import actions
from guifan.training.models import Enrolment, Paper


def _import(kind, user, rows, today=None):
    sheet = registry.get(kind)
    scope = Scope(user)
    return importing.import_workbook(filled(sheet, scope, rows), sheet, scope=scope, user=user, today=today)


def _id(member):
    return member.reveal_id_number()


def test_completions_import_all_or_nothing(users, training, two_counties):
    klass, members = training["class"], training["members"]
    stranger = two_counties["lingui"]["members"][0]
    rows = [{"training_class": klass.code, "id_number": _id(m), "name": m.name, "completed_on": dt.date(2018, 3, 3)}
            for m in members[:2]]
    bad = rows + [
        {"training_class": klass.code, "id_number": _id(members[0]), "name": members[0].name,
         "completed_on": dt.date(2018, 3, 3)},
        {"training_class": klass.code, "id_number": _id(stranger), "name": stranger.name,
         "completed_on": dt.date(2018, 3, 3)},
        {"training_class": "PX999999", "id_number": _id(members[2]), "name": members[2].name,
         "completed_on": dt.date(2018, 3, 3)},
        {"training_class": klass.code, "id_number": _id(members[3]), "name": "别人",
         "completed_on": dt.date(2018, 2, 1)},
    ]
    result = _import("training_completions", users["county"], bad)
    reasons = {(e.row, e.key): e.reason for e in result.errors}
    assert "row 3" in reasons[(5, "id_number")]
    assert "No member with this ID number" in reasons[(6, "id_number")]
    assert "Unknown class code" in reasons[(7, "training_class")]
    assert "does not match" in reasons[(8, "name")] and "before the class starts" in reasons[(8, "completed_on")]
    assert not Enrolment.objects.filter(completed_on__isnull=False).exists()
    result = _import("training_completions", users["county"], rows)
    assert result.ok and result.created == 2
    again = _import("training_completions", users["county"], rows[:1])
    assert "already recorded" in again.errors[0].reason


def test_scores_import_refuses_a_score_above_the_total(users, training):
    exam = actions.create_exam(training["class"], title="统考", held_on=dt.date(2018, 3, 3), scheme="unified_exam",
                               questions=10, total=100)
    a, b = training["members"][:2]
    rows = [{"exam": exam.code, "id_number": _id(a), "name": a.name, "score": 101},
            {"exam": exam.code, "id_number": _id(b), "name": b.name, "score": 70}]
    result = _import("training_scores", users["county"], rows)
    assert [(e.row, e.key) for e in result.errors] == [(3, "score")]
    assert "above the paper's total of 100" in result.errors[0].reason
    assert not Paper.objects.exists()
    rows[0]["score"] = 50
    assert _import("training_scores", users["county"], rows).created == 2
    assert {(p.member_id, p.passed) for p in Paper.objects.all()} == {(a.pk, False), (b.pk, True)}


def test_exports_mask_the_id_number(users, training):
    actions.record_completions(training["class"], training["members"], completed_on=dt.date(2018, 3, 3))
    sheet = registry.get("training_completions")
    headers, _text, rows = sheet.export_rows(sheet.queryset(Scope(users["county"])))
    rows = list(rows)
    assert len(rows) == 4 and all(len(r[2]) == 18 and "*" in r[2] for r in rows)
