"""Read-only queries on divisions: breadcrumbs, history, lookup by code. (The region page's figures are the
organisations' and live in guifan.orgs.region_page.)"""

from django.urls import reverse

from guifan.core.scoping import Scope

from .models import Region


def region_crumbs(scope: Scope, region: Region) -> list[dict]:
    """Breadcrumbs from the user's root region down to this one."""
    chain = [r for r in region.ancestors() if scope.covers_region(r)] + [region]
    return [{"label": r.name, "url": reverse("regions:detail", args=[r.code])} for r in chain]


def region_history(region: Region) -> dict:
    """What this division was before and what it became (e.g. 荔浦县 450331 → 荔浦市 450381)."""
    return {
        "predecessors": list(Region.objects.filter(successor=region).order_by("code")),
        "successor": region.successor,
    }


def visible_region(scope: Scope, code: str):
    """A region of the scope by code, or None (the view turns that into a 404)."""
    return scope.regions().filter(code=code).select_related("parent", "successor").first()
