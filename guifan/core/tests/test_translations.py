"""Every message of the register's web apps has its Chinese translation, and a compiled catalogue exists."""

from pathlib import Path

import pytest

APPS = ["core", "accounts", "regions", "orgs", "members", "standards", "assessment", "facts", "reporting", "seeding",
        "api"]
ROOT = Path(__file__).resolve().parents[2]


def _entries(po: Path):
    """(msgid, msgstr) pairs of a .po file; plural entries give msgstr[0], fuzzy ones an empty msgstr."""
    entry, key = {}, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                text = "" if entry.get("fuzzy") else entry.get("msgstr", entry.get("msgstr[0]", ""))
                yield entry["msgid"], text
            entry, key = {}, None
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
            key, _, value = line.partition(" ")
            entry[key] = value[1:-1]
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True


@pytest.mark.parametrize("app", APPS)
def test_every_message_is_translated(app):
    po = ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, msgstr in _entries(po) if not msgstr]
    assert not missing, f"untranslated in {app}: {missing}"
    assert po.with_suffix(".mo").exists(), f"run compilemessages in guifan/{app}"
