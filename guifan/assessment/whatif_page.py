"""What the what-if page shows: per county of the user's subtree, how many verdicts change, and which."""

from guifan.assessment.frame import build_frame
from guifan.regions.models import Region

from . import run_frames
from .models import AssessmentRun
from .selectors import pack_of
from .whatif import compare

MAX_LISTED = 300


def judged_frame(version, pack, year: int, approved_only: bool, region):
    """The figures the official run of `year` judged with this pack (kept beside the run), else built afresh."""
    run = (AssessmentRun.objects.official().filter(year=year, approved_only=approved_only, pack_version=version)
           .first())
    frame = run_frames.load(run, region) if run is not None else None
    if frame is None:
        frame = build_frame(pack, year, approved_only=approved_only, region=region)
    return frame


def whatif_context(scope, data: dict) -> dict:
    """Nothing is stored: the figures of the user's subtree are judged twice in memory, as published and changed."""
    from .forms import whatif_pack_version

    version = whatif_pack_version()
    if version is None:
        return {}
    pack = pack_of(version)
    frame = judged_frame(version, pack, data["year"], data["approved_only"], scope.root_region)
    result = compare(pack, frame, data["overrides"])
    names = dict(scope.regions(Region.objects.filter(code__in=[c["code"] for c in result.counties]))
                 .values_list("code", "name"))
    counties = [{**c, "name": names.get(c["code"], c["code"])} for c in result.counties if c["code"] in names]
    org_ids = {int(ch["id"][4:]) for ch in result.changes[:MAX_LISTED] if str(ch["id"]).startswith("org-")}
    orgs = {o.pk: o for o in scope.organisations().filter(pk__in=org_ids).select_related("region")}
    changes = []
    for ch in result.changes[:MAX_LISTED]:
        org = orgs.get(int(ch["id"][4:])) if str(ch["id"]).startswith("org-") else None
        if org is not None:
            changes.append({**ch, "organisation": org, "county_name": names.get(ch["county"], ch["county"])})
    return {
        "pack_version": version, "comparison": result, "counties": counties, "changes": changes,
        "total_changed": len(result.changes), "listed": len(changes), "criterion": pack.criterion(
            next(iter(data["overrides"]))), "overrides": data["overrides"],
        "regions_changed": _named(scope, result.regions),
    }


def _named(scope, regions: list[dict]) -> list[dict]:
    """The region-level verdicts that change, each with its region's name (only the regions the user sees)."""
    codes = {r["code"] for r in regions}
    names = dict(scope.regions(Region.objects.filter(code__in=codes)).values_list("code", "name"))
    return [{**r, "name": names[r["code"]]} for r in regions if r["code"] in names]
