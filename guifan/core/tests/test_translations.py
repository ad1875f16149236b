"""Every message of every catalogue is translated (issue 10 item 4): Chinese (zh_Hans) and English msgstr filled, no
fuzzy entry, and the compiled .mo says what the .po says (a forgotten `compilemessages` fails here, not on a page).

The .po files are read by the small reader below: polib is a tool of translators, not a dependency of the tests."""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the guifan package
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po"))
LANGUAGES = ("zh_Hans", "en")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # {plural index: text}; a singular entry has index 0
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def entries(po: Path) -> list[Entry]:
    """The live entries of a .po file (the header and obsolete `#~` entries left out)."""
    found, entry, key, index = [], Entry(), None, 0

    def close():
        nonlocal entry, key
        if entry.msgid:
            found.append(entry)
        entry, key = Entry(), None

    for number, raw in enumerate(po.read_text(encoding="utf-8").splitlines() + [""], start=1):
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#,"):
            entry.fuzzy = entry.fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry.msgstr[index] += value
            elif key is not None:
                setattr(entry, key, (getattr(entry, key) or "") + value)
        else:
            word, _, value = line.partition(" ")
            if word.startswith("msgstr"):
                key, index = "msgstr", int(word[7:-1]) if word != "msgstr" else 0
                entry.msgstr[index] = ast.literal_eval(value)
            else:
                if word == "msgctxt" and entry.msgid:
                    close()
                key = word
                setattr(entry, key, ast.literal_eval(value))
                entry.line = entry.line or number
    return found


def _language(po: Path) -> str:
    return po.parents[1].name


def _name(po: Path) -> str:
    return str(po.relative_to(ROOT.parent))


def test_every_catalogue_is_found():
    languages = {_language(po) for po in CATALOGUES}
    assert set(LANGUAGES) <= languages, languages
    apps = {po.parents[3].name for po in CATALOGUES}
    assert {"core", "reporting", "guifan"} <= apps  # guifan/locale: settings and the project's own messages


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_every_message_is_translated_and_none_is_fuzzy(po):
    assert _language(po) in LANGUAGES, f"{_name(po)}: a catalogue of a language the site does not offer"
    problems = []
    for e in entries(po):
        if e.fuzzy:
            problems.append(f"line {e.line}: fuzzy {e.msgid!r}")
        forms = [0, 1] if e.msgid_plural is not None and _language(po) == "en" else [0]
        if e.msgid_plural is not None and _language(po) == "zh_Hans":
            forms = sorted(e.msgstr) or [0]
        if any(not e.msgstr.get(i) for i in forms):
            problems.append(f"line {e.line}: untranslated {e.msgid!r}")
    assert not problems, f"{_name(po)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_the_compiled_catalogue_says_what_the_po_says(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run compilemessages in {po.parents[3]}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in entries(po):
        if e.fuzzy:
            continue
        if e.msgid_plural is None:
            if compiled.get(e.key) != (e.msgstr.get(0) or None):  # msgfmt leaves an empty msgstr out
                stale.append(e.msgid)
        elif any(compiled.get((e.key, i)) != (text or None) for i, text in e.msgstr.items()):
            stale.append(e.msgid)
    assert not stale, f"{_name(po)} is older than its .po (run compilemessages): {stale[:10]}"


def test_the_reader_sees_fuzzy_plural_context_and_continued_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
                  '#, fuzzy, python-format\nmsgid "Old %(n)s"\nmsgstr "旧 %(n)s"\n\n'
                  'msgctxt "period"\nmsgid "%(year)s"\nmsgstr "%(year)s年度"\n\n'
                  'msgid "one row"\nmsgid_plural "rows"\nmsgstr[0] ""\n\n'
                  'msgid ""\n"A long "\n"message"\nmsgstr ""\n"长"\n"消息"\n\n'
                  '#~ msgid "gone"\n#~ msgstr ""\n', encoding="utf-8")
    found = {e.msgid: e for e in entries(po)}
    assert set(found) == {"Old %(n)s", "%(year)s", "one row", "A long message"}
    assert found["Old %(n)s"].fuzzy and not found["A long message"].fuzzy
    assert found["%(year)s"].key == "period\x04%(year)s" and found["%(year)s"].msgstr == {0: "%(year)s年度"}
    assert found["one row"].msgid_plural == "rows" and found["one row"].msgstr == {0: ""}
    assert found["A long message"].msgstr == {0: "长消息"}


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "_lazy"}


def _marked_in_code() -> list[tuple[str, int, str]]:
    """(file, line, msgid) of every literal passed to gettext in the package's code (tests and migrations left out:
    they show nothing to a user)."""
    found = []
    for path in sorted(ROOT.glob("**/*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT_NAMES
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((_name(path), node.lineno, node.args[0].value))
    return found


def test_every_message_marked_in_the_code_has_its_chinese():
    """A message marked for translation but missing from every catalogue shows in English on a Chinese page or in a
    command's output (as the sample city's seeding lines did)."""
    chinese = {e.msgid for po in CATALOGUES if _language(po) == "zh_Hans" for e in entries(po) if e.msgstr.get(0)}
    marked = _marked_in_code()
    assert len(marked) > 1000  # the walk found the code's messages
    missing = [f"{name}:{line}: {msgid!r}" for name, line, msgid in marked if msgid not in chinese]
    assert not missing, "messages without a Chinese translation (add them to the app's catalogue):\n" + \
        "\n".join(missing[:30])
