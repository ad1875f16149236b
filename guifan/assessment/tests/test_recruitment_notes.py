"""The check-up page names the recruitment files behind ACT-G-03: who was admitted with the review, the notice and
the vote on file, who lacks one, and why the figure is unknown when no file is kept."""

from guifan.assessment.recruitment_notes import recruitment_notes
from guifan.recruitment.models import StepRecord
from guifan.recruitment.tests.walk import register, walk

CRITERION = "G-ACT-recruitment-procedure"


def _criteria(pack):
    return [c for c in pack.organisation_criteria if c.id in (CRITERION, "G-ACT-flowing-members")]


def test_the_files_behind_the_recruitment_criterion(two_counties, shipped_pack):
    pack = shipped_pack.pack()
    y = two_counties["yangshuo"]
    unknown = recruitment_notes(pack, y["committee"], 2021, _criteria(pack))
    assert list(unknown) == [CRITERION] and "未知" in unknown[CRITERION][0]  # no file kept: the figure is unknown

    applicant = walk(register(y["branch"], pack.recruitment), pack.recruitment, y["members"],
                     until="committee_approval")
    notes = recruitment_notes(pack, y["committee"], 2021, _criteria(pack))[CRITERION]
    assert notes == [f"均有政治审查结论、公示和支部大会表决记录的新接收预备党员：{applicant.name}。"]
    assert "2020年没有接收预备党员" in recruitment_notes(pack, y["committee"], 2020, _criteria(pack))[CRITERION][0]

    StepRecord.objects.filter(applicant=applicant, step="political_review").update(conclusion_encrypted="")
    StepRecord.objects.filter(applicant=applicant, step="branch_review").delete()
    notes = recruitment_notes(pack, y["branch"], 2021, _criteria(pack))[CRITERION]
    assert notes == [f"{applicant.name}接收为预备党员时缺少政治审查结论、公示记录。"]
    assert recruitment_notes(pack, two_counties["lingui"]["committee"], 2021, _criteria(pack)) == unknown
