"""What a document says, read from stored results only (issue 14.3): the official assessment run's stars per
organisation (guifan.assessment), the weak and lax list with its task deadlines (guifan.rectification). Nothing is
recomputed. A body is a list of blocks {level, text}: level 1–4 are the headings 一、（一）1.（1）, 0 a paragraph.

The wording is Chinese: a 公文 is written in Chinese whatever the interface language."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from guifan.assessment.models import AssessmentRun, OrganisationResult
from guifan.orgs.models import Organisation
from guifan.rectification.models import Listing
from guifan.regions.models import Region

from .models import Document

CHINESE_NUMERALS = "零一二三四五六七八九十"
STAR_WORDS = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级", 0: "未达星级"}


def zh_numeral(n: int) -> str:
    """A count in Chinese numerals as headings number them: 十, 十一, 二十, 一百零三, 一千零五十, 一万零一十."""
    if n < 0:
        raise ValueError(n)
    if n <= 10:
        return CHINESE_NUMERALS[n]
    if n < 10000:
        text = _below_ten_thousand(n)
        return text[1:] if text.startswith("一十") else text
    high, low = divmod(n, 10000)
    return zh_numeral(high) + "万" + ("零" if 0 < low < 1000 else "") + (_below_ten_thousand(low) if low else "")


def _below_ten_thousand(n: int) -> str:
    out, zero = "", False
    for unit, digit in zip(("千", "百", "十", ""), (n // 1000, n // 100 % 10, n // 10 % 10, n % 10), strict=True):
        if digit == 0:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + CHINESE_NUMERALS[digit] + unit
        zero = False
    return out


def zh_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def issuer_mark(region: Region) -> str:
    """The 发文机关标志 of a region's organisation department, e.g. 中共桂林市委组织部."""
    return f"中共{region.name}委组织部"


def document_number(year: int, serial: int) -> str:
    return f"〔{year}〕{serial}号"


def next_serial(issuer: Region, year: int) -> int:
    return (Document.objects.filter(issuer=issuer, year=year).aggregate(m=Max("serial"))["m"] or 0) + 1


@dataclass
class Outline:
    """Numbers the headings: 一、 then （一） then 1. then （1）, each restarting under its parent."""

    counters: list = field(default_factory=lambda: [0, 0, 0, 0])
    blocks: list = field(default_factory=list)

    def heading(self, level: int, text: str) -> None:
        self.counters[level - 1] += 1
        for deeper in range(level, 4):
            self.counters[deeper] = 0
        n = self.counters[level - 1]
        label = {1: f"{zh_numeral(n)}、", 2: f"（{zh_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
        self.blocks.append({"level": level, "text": label + text})

    def para(self, text: str) -> None:
        self.blocks.append({"level": 0, "text": text})


@dataclass
class Content:
    kind: str
    year: int
    issuer: Region
    title: str
    body: list
    recipients_line: str
    recipients: list  # [(region or organisation, deadline or None)]
    run: AssessmentRun | None = None
    organisation: Organisation | None = None
    deadline: dt.date | None = None

    def context(self, number: str, day: dt.date) -> dict:
        return {"issuer_mark": issuer_mark(self.issuer), "number": number, "title": self.title,
                "recipients_line": self.recipients_line, "body": self.body, "issuer_name": issuer_mark(self.issuer),
                "date": zh_date(day)}


def _official_run(year: int) -> AssessmentRun:
    run = (AssessmentRun.objects.official().filter(year=year, finished_at__isnull=False)
           .select_related("pack_version").first())
    if run is None:
        raise ValidationError(_("There is no official assessment of %(year)s to write the document from.")
                              % {"year": year})
    return run


def _stars_line(counts: Counter, total: int) -> str:
    parts = [f"{STAR_WORDS[s]}{counts[s]}个" for s in (5, 4, 3, 2, 1) if counts.get(s)]
    if counts.get(None):
        parts.append(f"未评定{counts[None]}个")
    return f"共{total}个，其中" + "、".join(parts) if parts else f"共{total}个"


def _child_regions(issuer: Region):
    return list(issuer.children.filter(valid_to__isnull=True).order_by("code"))


def _recipients_line(issuer: Region) -> str:
    children = _child_regions(issuer)
    if not children:
        return f"{issuer.name}各基层党组织："
    return "、".join(f"{c.name}委组织部" for c in children) + "："


def require(kind: str, year: int, *, deadline: dt.date | None = None,
            organisation: Organisation | None = None) -> AssessmentRun:
    """The fields a document of `kind` needs, checked before anything is read or written (a few small queries, so
    that the page refuses at once instead of a job failing later): its kind, the official assessment of its year,
    the deadline of a notice that asks for rectification reports, the organisation of a check-up report (with its
    result). Returns the official run."""
    if kind not in Document.Kind.values:
        raise ValidationError(_("Choose a kind of document."))
    if kind in (Document.Kind.NOTICE_CRITICISM, Document.Kind.RESULTS) and deadline is None:
        raise ValidationError(_("Give the deadline for the rectification reports."))
    if kind == Document.Kind.CHECKUP and organisation is None:
        raise ValidationError(_("Choose the organisation the check-up report is of."))
    run = _official_run(year)
    if organisation is not None and not OrganisationResult.objects.filter(run=run, organisation=organisation).exists():
        raise ValidationError(_("The official assessment of %(year)s has no result for this organisation.")
                              % {"year": year})
    return run


def build(kind: str, year: int, issuer: Region, *, deadline: dt.date | None = None,
          organisation: Organisation | None = None) -> Content:
    """The content of a document of `kind` issued by `issuer` for `year`, refused when its results are not stored."""
    run = require(kind, year, deadline=deadline, organisation=organisation)
    if kind == Document.Kind.CHECKUP:
        return _checkup(year, issuer, run, organisation)
    results = (OrganisationResult.objects.filter(run=run, organisation__region__path__startswith=issuer.path)
               .values_list("organisation_id", "organisation__name", "organisation__region__path", "stars")
               .order_by("organisation__path"))
    children = {c.path: c for c in _child_regions(issuer)}
    per_child, counts, five = defaultdict(Counter), Counter(), []
    for _org, name, path, stars in results:
        counts[stars] += 1
        child = next((c for p, c in children.items() if path.startswith(p)), None)
        if child is not None:
            per_child[child][stars] += 1
        if stars == 5:
            five.append(name)
    total = sum(counts.values())
    listings = list(Listing.objects.filter(year=year, organisation__region__path__startswith=issuer.path)
                    .exclude(state=Listing.State.SIGNED_OFF).select_related("organisation")
                    .annotate(last_deadline=Max("tasks__deadline")).order_by("organisation__path"))
    out = Outline()
    titles = {Document.Kind.NOTICE_CRITICISM: f"关于{year}年度软弱涣散基层党组织整顿情况的通报",
              Document.Kind.NOTICE_COMMENDATION: f"关于表扬{year}年度五星级基层党组织的通报",
              Document.Kind.RESULTS: f"关于{year}年度基层党组织标准化建设考评结果的通报",
              Document.Kind.YEARLY_REPORT: f"{issuer.name}{year}年度基层党组织标准化建设情况报告"}
    out.para(f"根据《桂林市开展基层党组织规范建设年活动实施方案》，{issuer.name}对{total}个基层党组织{year}年度标准化建设"
             f"情况进行了考评。现将有关情况{'报告' if kind == Document.Kind.YEARLY_REPORT else '通报'}如下。")
    out.heading(1, "总体情况")
    out.para(f"参加考评的基层党组织{_stars_line(counts, total)}；列入软弱涣散基层党组织整顿{len(listings)}个。")
    if per_child:
        out.heading(2, "各地情况")
        for child in sorted(per_child, key=lambda c: c.code):
            c = per_child[child]
            out.heading(3, f"{child.name}：基层党组织{_stars_line(c, sum(c.values()))}。")
    recipients = [(c, None) for c in children.values()]
    if kind in (Document.Kind.NOTICE_COMMENDATION, Document.Kind.RESULTS, Document.Kind.YEARLY_REPORT):
        out.heading(1, "表扬" if kind != Document.Kind.YEARLY_REPORT else "五星级基层党组织")
        if five:
            out.para(("对以下评定为五星级的基层党组织予以通报表扬：" if kind != Document.Kind.YEARLY_REPORT
                      else "评定为五星级的基层党组织：") + "、".join(five) + "。")
        else:
            out.para("本年度没有评定为五星级的基层党组织。")
    if kind in (Document.Kind.NOTICE_CRITICISM, Document.Kind.RESULTS, Document.Kind.YEARLY_REPORT):
        out.heading(1, "通报批评" if kind != Document.Kind.YEARLY_REPORT else "软弱涣散基层党组织整顿")
        if listings:
            out.para("以下基层党组织列入软弱涣散基层党组织整顿，限期完成整改：")
            for listing in listings:
                until = listing.last_deadline or deadline
                out.heading(2, f"{listing.organisation.name}（整改时限：{zh_date(until)}前）")
                if kind != Document.Kind.YEARLY_REPORT:
                    recipients.append((listing.organisation, deadline))
        else:
            out.para("本年度没有列入软弱涣散整顿的基层党组织。")
    if kind in (Document.Kind.NOTICE_CRITICISM, Document.Kind.RESULTS) and listings:
        out.heading(1, "工作要求")
        out.para(f"被通报批评的基层党组织要认真对照问题逐项整改，于{zh_date(deadline)}前向{issuer_mark(issuer)}"
                 "报送整改报告。各地要加强督促指导，确保整改到位。")
    return Content(kind=kind, year=year, issuer=issuer, title=titles[kind], body=out.blocks,
                   recipients_line=_recipients_line(issuer), recipients=recipients, run=run, deadline=deadline)


def _checkup(year: int, issuer: Region, run: AssessmentRun, organisation: Organisation) -> Content:
    from guifan.assessment.selectors import pack_of

    result = OrganisationResult.objects.filter(run=run, organisation=organisation).first()
    if result is None:
        raise ValidationError(_("The official assessment of %(year)s has no result for this organisation.")
                              % {"year": year})
    pack = pack_of(run.pack_version)
    out = Outline()
    stars = STAR_WORDS.get(result.stars, "未评定") if result.stars is not None else "未评定"
    out.para(f"根据{year}年度基层党组织标准化建设考评结果，现将{organisation.name}的体检情况报告如下。")
    out.heading(1, "考评结果")
    score = f"{result.total:.1f}分" if result.total is not None else "未计分"
    out.para(f"总分{score}，评定为{stars}。" + ("列入软弱涣散基层党组织整顿。" if result.rectification else ""))
    failed = []
    for criterion_id, verdict in sorted((result.verdicts or {}).items()):
        if verdict and verdict[0] == "fail":
            try:
                criterion = pack.criterion(criterion_id)
            except StopIteration:
                continue
            failed.append(criterion)
    out.heading(1, "存在问题")
    if failed:
        for criterion in failed:
            out.heading(2, criterion.title.get("zh") or criterion.title.get("en") or criterion.id)
            advice = criterion.advice.get("zh") if isinstance(criterion.advice, dict) else ""
            if advice:
                out.para(advice)
    else:
        out.para("各项标准均已达到。")
    return Content(kind=Document.Kind.CHECKUP, year=year, issuer=issuer,
                   title=f"关于{organisation.name}{year}年度标准化建设体检情况的报告", body=out.blocks,
                   recipients_line=f"{organisation.name}：", recipients=[(organisation, None)], run=run,
                   organisation=organisation)
