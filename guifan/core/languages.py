"""The pack's and the sample's texts come as {zh, en} pairs: the one of the user's language."""

from django.utils.translation import get_language


def in_language(pair: dict | None) -> str:
    """The user's language of a {zh, en} pair (Chinese by default, the other one when it is missing)."""
    if not pair:
        return ""
    english = (get_language() or "zh-hans").lower().startswith("en")
    return pair.get("en" if english else "zh") or pair.get("zh") or pair.get("en") or ""
