"""Exams: papers drawn from the bank (reproducible), automatic marking, the pass mark and retakes of the pack's
scheme (统训统考, M05's rotating exams), and the replacement flag of committee members who fail every sitting."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from guifan.accounts.scope import Scope
from guifan.members import actions as member_actions
from guifan.members.models import Post
from guifan.training import actions, selectors
from guifan.training.models import Paper

HELD = dt.date(2018, 3, 3)


@pytest.fixture
def exam(training):
    for i in range(6):
        actions.create_question(training["library"], text=f"问题{i}", choices=["甲", "乙", "丙", "丁"],
                                answer=[i % 4] if i < 5 else [0, 2], marks=2 if i == 5 else 1,
                                course=training["course"] if i % 2 else None)
    return actions.create_exam(training["class"], title="组织委员轮考", held_on=HELD,
                               scheme="committee_member_exam", questions=6, total=7)


def right_answers(paper):
    from guifan.training.models import Question

    return {str(q.pk): q.answer for q in Question.objects.filter(pk__in=paper.drawn)}


def test_the_pass_mark_is_the_schemes_share_of_the_total(exam, pack):
    assert pack.training.exams["committee_member_exam"].pass_percent == 60
    assert exam.pass_mark == 5  # 60% of 7 is 4.2, rounded up
    assert exam.code.startswith("KS")


def test_a_paper_is_drawn_reproducibly(exam, training):
    member = training["members"][0]
    with pytest.raises(ValidationError, match="6 questions; the paper needs 7"):
        exam.questions = 7
        actions.draw_paper(exam, member)
    exam.refresh_from_db()
    paper = actions.draw_paper(exam, member, seed=42)
    assert sorted(paper.drawn) == sorted(actions.bank(exam).values_list("pk", flat=True))
    assert paper.total == 7 and paper.attempt == 1
    import random

    ids = list(actions.bank(exam).values_list("pk", flat=True))
    assert paper.drawn == random.Random(42).sample(ids, 6)


def test_automatic_marking_pass_mark_and_retakes(exam, training):
    member = training["members"][0]
    paper = actions.draw_paper(exam, member)
    right = right_answers(paper)
    wrong = dict(right)
    multi = next(k for k, v in right.items() if len(v) == 2)
    wrong[multi] = [0]  # half of a multiple-choice answer earns nothing
    single = next(k for k, v in right.items() if len(v) == 1)
    wrong[single] = [(right[single][0] + 1) % 4]
    marked = actions.mark_paper(paper, wrong, sat_on=HELD)
    assert (marked.score, marked.passed) == (4, False)  # 7 - 2 - 1 < 5
    with pytest.raises(ValidationError, match="marked already"):
        actions.mark_paper(paper, right, sat_on=HELD)
    retake = actions.draw_paper(exam, member)
    assert retake.attempt == 2
    assert actions.mark_paper(retake, right_answers(retake), sat_on=HELD).passed is True
    with pytest.raises(ValidationError, match="passed this exam already"):
        actions.draw_paper(exam, member)


def test_no_attempt_beyond_the_retakes_and_the_replacement_flag(exam, training, pack, users):
    member = training["members"][1]
    member_actions.create_post(training["branch"], member, Post.Kind.ORGANISATION_COMMITTEE,
                               started_on=dt.date(2017, 1, 1))
    for _attempt in range(2):  # the first sitting and the one retake allowed
        paper = actions.draw_paper(exam, member)
        actions.mark_paper(paper, {}, sat_on=HELD)
    with pytest.raises(ValidationError, match="every attempt allowed"):
        actions.draw_paper(exam, member)
    due = selectors.replacement_due(Scope(users["county"]), pack, 2018)
    assert [(row["member"], row["attempts"], row["best"]) for row in due] == [(member, 2, 0)]
    assert selectors.replacement_due(Scope(users["county"]), pack, 2019) == []
    # Outside the scope: not listed.
    assert selectors.replacement_due(Scope(users["member"]), pack, 2018) == []


def test_scores_typed_or_imported(exam, training):
    a, b, c = training["members"][:3]
    papers = actions.record_scores(exam, [(a, 5, None), (b, 4, HELD)])
    assert {(p.member, p.passed, p.attempt) for p in papers} == {(a, True, 1), (b, False, 1)}
    with pytest.raises(ValidationError) as caught:
        actions.record_scores(exam, [(b, 8, None), (c, 7, None)])
    assert "above the paper's total of 7" in " ".join(caught.value.messages)
    assert not Paper.objects.filter(member=c).exists()  # all or nothing
    with pytest.raises(ValidationError, match="passed this exam already"):
        actions.record_scores(exam, [(a, 6, None)])


def test_a_member_not_enrolled_cannot_sit(exam, two_counties):
    stranger = two_counties["lingui"]["members"][0]
    with pytest.raises(ValidationError, match="not enrolled"):
        actions.draw_paper(exam, stranger)


def test_an_unknown_scheme_or_a_pass_mark_above_the_total(training):
    with pytest.raises(ValidationError):
        actions.create_exam(training["class"], title="x", held_on=HELD, scheme="nope", questions=1, total=10)
    with pytest.raises(ValidationError):
        actions.create_exam(training["class"], title="x", held_on=HELD, scheme="unified_exam", questions=1,
                            total=10, pass_mark=11)


def test_a_member_sits_the_exam_online(client, exam, training):
    """M09 统训统考 online: the member starts a paper, is refused while a question is unanswered, hands it in and is
    marked at once; a failed paper may be sat again as the scheme allows; the answer key never reaches the page."""
    from django.urls import reverse

    from .conftest import member_user

    member = training["members"][0]
    client.force_login(member_user(member))
    mine = client.get(reverse("training:mine")).content.decode()
    url = reverse("training:sit", args=[exam.pk])
    assert url in mine
    assert client.post(url, {"start": "1"}).status_code == 302
    paper = Paper.objects.get(exam=exam, member=member)
    page = client.get(url)
    assert [q["id"] for q in page.context["questions"]] == paper.drawn
    assert "answer" not in page.context["questions"][0]
    right = right_answers(paper)
    first, *rest = paper.drawn
    partial = {f"q-{qid}": right[str(qid)] for qid in rest}
    refused = client.post(url, partial)
    assert "未作答：第 1 题" in " ".join(refused.context["problems"])  # the page speaks Chinese by default
    paper.refresh_from_db()
    assert paper.passed is None
    wrong = {**partial, f"q-{first}": [9]}
    wrong.update({f"q-{qid}": [(right[str(qid)][0] + 1) % 4] for qid in rest[:3]})
    client.post(url, wrong)
    paper.refresh_from_db()
    assert paper.passed is False and paper.sat_on is not None
    client.post(url, {"start": "1"})
    retake = Paper.objects.get(exam=exam, member=member, attempt=2)
    client.post(url, {f"q-{qid}": answer for qid, answer in right_answers(retake).items()})
    retake.refresh_from_db()
    assert retake.passed is True and retake.score == retake.total
    assert url not in client.get(reverse("training:mine")).content.decode()


def test_the_exam_opens_on_its_day_and_only_to_the_classs_members(client, exam, training, two_counties):
    from django.urls import reverse

    from .conftest import member_user

    member = training["members"][0]
    with pytest.raises(ValidationError, match="opens on 2018-03-03"):
        actions.start_paper(exam, member, today=HELD - dt.timedelta(days=1))
    assert actions.start_paper(exam, member, today=HELD).attempt == 1
    outsider = two_counties["lingui"]["members"][0]
    client.force_login(member_user(outsider))
    assert client.get(reverse("training:sit", args=[exam.pk])).status_code == 404
