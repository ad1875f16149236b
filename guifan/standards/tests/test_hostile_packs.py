"""Packs that try to run code, blow up memory or hide errors are refused with a clear message (and line)."""

import os
import time

import pytest
from django.utils import translation

from guifan.standards.errors import PackError
from guifan.standards.expressions import ExpressionError, NameTable, parse_expression
from guifan.standards.pack import PACKS_DIR, load_pack, parse_pack

TABLE = NameTable({"a": "number", "b": "boolean"})
GOOD = (PACKS_DIR / "guilin-2018.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, reason", [
    ("__import__('os') == 1", "function '__import__' is not allowed"),
    ("__import__('os').system('true')", "only plain function names"),
    ("a.b > 1", "attribute access"),
    ("2**999999 > a", "power"),
    ("a[0] > 1", "subscripts"),
    ("(lambda: 1)() > a", "only plain function names"),
    ("(lambda: 1) == a", "lambda is not allowed"),
    ("-" * 200 + "a > 1", "nested deeper"),
    ("min(" * 200 + "a" + ", a)" * 200 + " > 1", "longer than"),
    ("a > 1 " + "and b " * 120, "longer than"),
    ("'x' == a", "cannot compare"),
    ("a > 1e300", "out of range"),
    ("1 < a < 3", "chained"),
    ("a > 1 if b else 2", "if-else"),
    ("share(b) >= 1", "roll-up function"),
    ("c > 1", "unknown name"),
    ("a + 1", "must be a yes/no value"),
])
def test_hostile_expressions_are_refused(text, reason):
    with translation.override("en"), pytest.raises(ExpressionError, match=reason):
        parse_expression(text, TABLE)


def test_a_refused_expression_says_why_in_the_users_language():
    """The what-if page parses a check typed by an official: the reason is in Chinese (issue 10 item 4)."""
    with translation.override("zh-hans"), pytest.raises(ExpressionError, match="判定式写法有误"):
        parse_expression("a >", TABLE)
    with translation.override("zh-hans"), pytest.raises(ExpressionError, match="未知的名称 'c'"):
        parse_expression("c > 1", TABLE)


def test_a_hostile_check_names_its_criterion_and_line():
    text = GOOD.replace("check: secretary_training_hours >= rural_secretary_min_hours",
                        "check: __import__('os').getcwd() >= 56")
    with pytest.raises(PackError) as caught:
        parse_pack(text, "evil.yaml")
    [problem] = caught.value.problems
    line = next(i for i, text in enumerate(text.splitlines(), 1) if "id: R-TEAM-secretary-training" in text)
    assert problem.startswith(f"line {line}: criterion R-TEAM-secretary-training:")
    assert "only plain function names" in problem


def test_yaml_errors_name_their_line():
    text = GOOD.replace("version: \"2018.8\"", "version: [\"2018.8\"")
    with pytest.raises(PackError, match=r"line \d+, column \d+: YAML error"):
        parse_pack(text)


def test_aliases_and_duplicate_keys_are_refused():
    with pytest.raises(PackError, match="aliases"):
        parse_pack("a: &x [1]\nb: *x\n")
    with pytest.raises(PackError, match="duplicate key 'a'"):
        parse_pack("a: 1\na: 2\n")


def test_schema_errors_name_their_line():
    text = GOOD.replace("    missing: not_reported\n", "", 1).replace(
        "check: secretary_training_hours >= rural_secretary_min_hours",
        "check: secretary_training_hours >= rural_secretary_min_hours\n    colour: red")
    with pytest.raises(PackError, match=r"line \d+: criteria/\d+: unknown key\(s\): 'colour'"):
        parse_pack(text)


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that cost nothing to make
    started = time.perf_counter()
    with pytest.raises(PackError, match="more than the 2,097,152 bytes"):
        load_pack(path)
    assert time.perf_counter() - started < 0.5
    os.remove(path)


def test_facts_of_another_domain_are_found():
    text = GOOD.replace("check: workday_cadres_on_duty >= 2", "check: staff_total >= 2")
    with pytest.raises(PackError) as caught:
        parse_pack(text)
    report = caught.value.report()
    assert "criterion R-SVC-workday-duty: fact 'staff_total' is not reported in domain(s) R" in report
