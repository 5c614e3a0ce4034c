"""The tutor: every correct derivation follows, every slipped one is stopped at its slip, and a
diagnosis is given only when it is the expected one (a wrong diagnosis is the tutor's worst bug)."""

from __future__ import annotations

import pytest
from tutor_cases import CASES, Case  # tests/derivations is on sys.path (its conftest)

from dlmath.derivations.tutor import DerivationError, check
from dlmath.derivations.tutor.chain import compose
from dlmath.derivations.tutor.lines import read_lines
from dlmath.derivations.tutor.repairs import MISTAKES, Diagnosis, search

CORRECT = list({c.lines: c for c in CASES}.values())


def test_the_table_is_large_and_names_only_known_mistakes() -> None:
    names = {m.name for m in MISTAKES}
    assert len(CASES) >= 40
    assert {c.expected for c in CASES} - {None} == names  # every row of the table is exercised
    assert all(sum(c.expected == name for c in CASES) >= 2 for name in names)
    assert sum(c.expected is None for c in CASES) >= 3  # some slips must stay undiagnosed


@pytest.mark.parametrize("case", CORRECT, ids=lambda c: c.name)
def test_a_correct_derivation_follows(case: Case) -> None:
    report = check(case.lines, case.where)
    assert report.outcome == "follows", report
    assert report.exit_code == 0 and report.first_wrong is None and report.diagnosis is None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_slip_is_caught_at_its_line_and_never_misdiagnosed(case: Case) -> None:
    report = check(case.wrong_lines, case.where)
    assert report.first_wrong == case.wrong_line, report
    assert report.exit_code == 1
    got = report.repair.name if report.repair else None
    assert got == case.expected, report
    if case.expected is None:
        assert report.diagnosis is None and report.why_no_diagnosis
    else:
        assert report.diagnosis.startswith(f"line {case.wrong_line}: ")
    wrong = report.lines[[r.line for r in report.lines].index(case.wrong_line)]
    assert wrong.verdict == "refuted" and wrong.counterexample is not None


@pytest.mark.parametrize(("total", "step", "expected"), [
    ("=", "<=", "<="), ("<=", "=", "<="), ("<=", "<", "<"), ("<", "<=", "<"), (">=", ">=", ">="),
    ("<=", ">=", None), (">", "<", None), (None, "=", None), ("!=", "=", "!="), ("!=", "<=", None),
])
def test_relations_compose(total: str | None, step: str, expected: str | None) -> None:
    assert compose(total, step) == expected


def test_a_le_after_a_ge_does_not_compose_and_says_so() -> None:
    report = check(["x^2 + 1 \\ge 1", "\\le x^2 + 2"])
    assert [r.verdict for r in report.lines] == ["proved", "proved"]
    assert report.outcome == "undecided" and "does not compose" in report.broken


def test_plain_lines_markdown_and_align_keep_the_input_line_numbers() -> None:
    plain = read_lines("\\frac{d}{dx} x^2 = 2x\n\n= x + x\n\\le x^2 + 1\n")
    assert [(line.number, line.continues, line.written) for line in plain] == [
        (1, False, "\\frac{d}{dx} x^2 = 2x"), (3, True, "= x + x"), (4, True, "\\le x^2 + 1")]
    markdown = read_lines("Let us see.\n\n$$ f = x^2 $$\nso that\n$$ = x \\cdot x $$\n")
    assert [(line.number, line.continues) for line in markdown] == [(3, False), (5, True)]
    tex = read_lines("\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n &= b^2 + 2ab + a^2\n\\end{align*}")
    assert [(line.number, line.continues) for line in tex] == [(2, False), (3, True)]


def test_where_conditions_reach_every_line() -> None:
    assert check(["\\sqrt{x^2} = x"], where=["x > 0"]).outcome == "follows"
    assert check(["\\sqrt{x^2} = x"]).first_wrong == 1


def test_a_full_line_with_the_same_left_side_follows_the_line_before() -> None:
    report = check(["\\frac{d}{dx} x^2 = 2x", "\\frac{d}{dx} x^2 = x + x", "\\frac{d}{dx} x^2 = 3x"])
    assert [r.checked for r in report.lines][1:] == ["2x = x + x", "x + x = 3x"]
    assert report.first_wrong == 3


def test_the_repair_is_built_from_the_readers_expression() -> None:
    found = search("\\frac{d}{dx} x^3 = 3x^3", (), "its left side")
    assert isinstance(found, Diagnosis) and found.name == "exponent" and found.tried >= 1
    assert check([f"3x^2 = {found.repaired}"]).outcome == "follows"  # the writer's LaTeX, read back


def test_a_tiny_budget_gives_no_diagnosis_not_a_guess() -> None:
    report = check(CASES[0].wrong_lines, budget=0.001)
    assert report.first_wrong == 2 and report.diagnosis is None and report.why_no_diagnosis


def test_unreadable_lines() -> None:
    with pytest.raises(DerivationError, match="no line with a relation"):
        check("just words")
    report = check(["x = x", "= \\foo{x}"])
    assert report.exit_code == 3 and report.unreadable.startswith("line 2: unreadable")


def test_the_report_displays_escaped_html_and_a_readable_repr() -> None:
    report = check(["\\frac{d}{dx} x^2 = 2x", "< 2x + 1"])
    assert report.exit_code == 0
    assert "&lt; 2x + 1" in report._repr_html_() and "< 2x + 1" not in report._repr_html_()
    assert "every line follows" in repr(report)
    assert report.as_dict()["lines"][1]["relation"] == "<"
