"""Writes the Word templates of guifan/recruitment/docx/ (run once when their wording changes; the .docx files are
shipped): `python -m guifan.recruitment.make_templates`."""

from pathlib import Path

from docx import Document

HERE = Path(__file__).parent / "docx"

NOTICE = [
    ("title", "关于发展对象{{ name }}同志的公示"),
    ("p", "根据《中国共产党发展党员工作细则》，经{{ organisation }}支部委员会审查，拟将{{ name }}同志（{{ gender }}，"
          "{{ birth }}出生）作为预备党员发展对象，现予公示。"),
    ("p", "该同志于{{ applied_on }}递交入党申请书，{{ activist_on }}被确定为入党积极分子，"
          "{{ candidate_on }}被列为发展对象，入党介绍人：{{ introducers }}。"),
    ("p", "公示时间：{{ notice_from }}至{{ notice_until }}。公示期间，如对该同志有异议，请向党支部或上级党委反映。"),
    ("p", "{{ organisation }}"),
]
APPROVAL = [
    ("title", "关于接收{{ name }}同志为中共预备党员的批复"),
    ("p", "{{ organisation }}：你支部于{{ meeting_on }}召开支部大会，讨论通过{{ name }}同志为中共预备党员的决议收悉。"),
    ("p", "经{{ approved_on }}党委会议审批，同意接收{{ name }}同志为中共预备党员，预备期一年，"
          "自{{ probation_from }}起算。"),
    ("p", "{{ committee }}"),
]
# 入党志愿书: the cover and the basic data, from the dates the file records (blank until recorded).
FORM_COVER = [
    ("title", "中国共产党入党志愿书"),
    ("p", "姓名：{{ name }}"),
    ("p", "所在党支部：{{ organisation }}"),
    ("p", "填写日期：____年____月____日"),
    ("heading", "基本情况"),
    ("table", [("姓名", "{{ name }}"), ("性别", "{{ gender }}"), ("出生年月", "{{ birth }}"),
               ("民族", "{{ ethnicity }}"), ("所在党支部", "{{ organisation }}"),
               ("递交入党申请书时间", "{{ applied_on }}"),
               ("确定为入党积极分子时间", "{{ activist_on }}"), ("列为发展对象时间", "{{ candidate_on }}"),
               ("入党介绍人", "{{ introducers }}"), ("支部大会讨论通过时间", "{{ meeting_on }}"),
               ("上级党委审批时间", "{{ approved_on }}")]),
]


def write(path: Path, lines) -> None:
    doc = Document()
    for kind, text in lines:
        if kind == "title":
            doc.add_heading(text, level=1)
        elif kind == "heading":
            doc.add_heading(text, level=2)
        elif kind == "table":
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in text:
                row = table.add_row().cells
                row[0].text, row[1].text = label, value
        else:
            doc.add_paragraph(text)
    doc.save(path)


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    write(HERE / "notice.docx", NOTICE)
    write(HERE / "approval.docx", APPROVAL)
    write(HERE / "form_cover.docx", FORM_COVER)
