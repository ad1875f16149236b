"""Verdict labels and figures as the assessment pages show them."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _labels() -> dict:
    return {"pass": _("Pass"), "fail": _("Fail"), "not_reported": _("Not reported"),
            "not_applicable": _("Not applicable")}


BADGE = {"pass": "ok", "fail": "bad", "not_reported": "warn", "not_applicable": ""}


@register.filter
def verdict_label(verdict: str) -> str:
    return _labels().get(verdict, verdict)


@register.filter
def verdict_badge(verdict: str) -> str:
    return BADGE.get(verdict, "")


@register.filter
def figure(value) -> str:
    """A number without noise: 56 not 56.0, 0.3 not 0.30000000000000004; a dash when missing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def bar_value(value) -> str:
    """The value (0..100) of a bar, a <progress max="100">, from a share 0..1: no inline style, for the
    Content-Security-Policy."""
    return "0" if not value else f"{max(0.0, min(1.0, float(value))) * 100:.1f}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
