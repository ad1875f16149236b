"""The expansion list over the two counties of the root conftest (阳朔 and 临桂), with the shipped pack loaded."""

import pytest

from guifan.expansion import gaps
from guifan.standards.pack import PACKS_DIR, parse_pack

SHIPPED = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.fixture
def pack_version(db):
    from guifan.standards.selectors import ensure_shipped_pack_loaded

    return ensure_shipped_pack_loaded()


@pytest.fixture
def shipped_rules():
    return gaps.ExpansionPack.of(parse_pack(SHIPPED))


def changed_rules(old: str, new: str) -> gaps.ExpansionPack:
    """The rules of a copy of the shipped pack with one piece of text changed (the version too, as a new one)."""
    assert old in SHIPPED, old
    text = SHIPPED.replace(old, new, 1).replace('version: "2018.8"', 'version: "2018.9"', 1)
    return gaps.ExpansionPack.of(parse_pack(text))
