"""Exercises: pose a problem from the catalog for a topic and a seed, grade the student's answer, give hints.

An answer is one line (the expression for the asked quantity, or `ASKED = …`) or a whole derivation
whose first line is `ASKED = …`. It is graded by the tutor's line-by-line check (chain.py): the first
line's left side stands for what the problem says it is checked from (the asked quantity itself,
derived by the verifier from the problem's definitions, or the catalog's answer), and a final line
reached by `=` is compared with the catalog's answer. A wrong answer gets the repair table's
diagnosis when a repair is proved, else the counterexample; never a guess.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np

from dlmath.symbolic.errors import ParameterError, UnknownNameError

from .chain import DEFAULT_BUDGET, DEFAULT_TIMEOUT, CheckReport, check
from .lines import DerivationError, read_lines
from .problems import TOPICS, Problem, Topic

MAX_ANSWER = 4000  # characters: an answer longer than a page is not an answer to one of these problems
GRADES = ("correct", "wrong", "undecided", "unreadable")
_UNFINISHED = re.compile(r"\\partial|\\frac\{d\}|\\nabla|\\mathrm\{d\}")


@dataclass(frozen=True)
class Exercise(Problem):
    """A posed problem: the topic and seed it came from (the same seed poses the same problem)."""

    topic: str = ""
    seed: int = 0

    def grade(self, answer: str, timeout: float = DEFAULT_TIMEOUT, budget: float = DEFAULT_BUDGET) -> Grade:
        """`grade(self, answer)`: correct, wrong (with the diagnosis), undecided or unreadable."""
        return grade(self, answer, timeout, budget)

    def hint(self, k: int) -> str:
        return hint(self, k)

    def __repr__(self) -> str:
        return f"Exercise {self.topic} (seed {self.seed}): {self.statement}"

    def _repr_latex_(self) -> str:  # Jupyter: the statement with its formulas
        return self.statement_latex

    def _repr_html_(self) -> str:  # Jupyter: MathJax reads the $…$ of the statement
        return (f"<p><b>Exercise {html.escape(self.topic)}</b> (seed {self.seed})</p>"
                f"<p>{html.escape(self.statement_latex)}</p>"
                f"<p>Answer with <code>.grade(r\"…\")</code>: one line, or a derivation whose first line is "
                f"<code>{html.escape(self.asked)} = …</code>; {len(self.hints)} hints (<code>.hint(1)</code> …).</p>")


@dataclass(frozen=True)
class Grade:
    """The grade of one answer: its status, a paragraph for the student, and the tutor's report if checked."""

    status: str                       # one of GRADES
    message: str
    report: CheckReport | None = None

    @property
    def exit_code(self) -> int:
        return GRADES.index(self.status)

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "message": self.message,
                "report": self.report.as_dict() if self.report else None}

    def __repr__(self) -> str:
        return f"{self.status}: {self.message}"


def topics() -> dict[str, Topic]:
    return dict(TOPICS)


def pose(topic: str, seed: int = 0) -> Exercise:
    """The exercise of `topic` for `seed`: the same seed gives the same exercise (for a whole class).

    Raises UnknownNameError, whose message lists the topics, and ParameterError for a seed that is
    not a whole number from 0.
    """
    if topic not in TOPICS:
        raise UnknownNameError(f"no exercise topic named {topic!r}; choose one of {', '.join(TOPICS)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterError(f"seed must be a whole number from 0: {seed!r}")
    problem = TOPICS[topic].generate(np.random.default_rng(seed))
    return Exercise(**{name: getattr(problem, name) for name in Problem.__dataclass_fields__}, topic=topic, seed=seed)


def hint(exercise: Exercise, k: int) -> str:
    """Hint k (from 1): the next step of the catalog's own derivation, in LaTeX."""
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(exercise.hints):
        raise ParameterError(f"this exercise has hints 1 to {len(exercise.hints)}, not {k!r}")
    return exercise.hints[k - 1]


def solution(exercise: Exercise) -> tuple[str, ...]:
    """The whole derivation, as lines `dlmath check` reads."""
    return exercise.solution


def _spaceless(latex: str) -> str:
    """The text without spacing, and z_{3} as z_3: two ways of writing one quantity compare equal."""
    bare = re.sub(r"\s+|\\[,;:! ]|\\left|\\right", "", latex)
    return re.sub(r"([_^])\{(\w)\}", r"\1\2", bare)


def _as_derivation(exercise: Exercise, answer: str) -> list[str] | str:
    """The answer's lines with the first line's left side as the check reads it, or why it cannot be graded."""
    text = answer.strip("\n")
    try:
        links = read_lines(text, displayed=False)
    except DerivationError as error:
        if "no line with a relation" not in str(error) or len(text.strip().splitlines()) != 1:
            return str(error)
        text = f"{exercise.asked} = {text.strip()}"  # one expression: the asked quantity's value
        links = read_lines(text, displayed=False)
    first = links[0].link
    if _spaceless(first.left) != _spaceless(exercise.asked):
        return (f"line {first.line}: the first line must be {exercise.asked} = … (the asked quantity), "
                f"not {first.left} = …")
    if first.relation != "=":
        return f"line {first.line}: the asked quantity is an equality: write {exercise.asked} = …"
    rows = text.split("\n")  # the row of each line keeps its number in the report
    rows[first.line - 1] = f"{exercise.left} = {rows[first.line - 1].split('=', 1)[1].strip()}"
    return rows


def grade(exercise: Exercise, answer: str, timeout: float = DEFAULT_TIMEOUT, budget: float = DEFAULT_BUDGET
          ) -> Grade:
    """Grade an answer: one line (an expression, or `ASKED = …`) or a derivation of plain lines.

    Args:
        exercise: from `pose`.
        answer: the student's text.
        timeout: seconds for each line's check; budget: seconds for the repair search of a wrong line.

    Returns:
        The Grade: status correct / wrong / undecided / unreadable, a message, the CheckReport if checked.
    """
    if not isinstance(answer, str) or not answer.strip():
        return Grade("unreadable", "no answer: type the expression, or a derivation starting "
                                   f"{exercise.asked} = …")
    if len(answer) > MAX_ANSWER:
        return Grade("unreadable", f"the answer is {len(answer)} characters long; at most {MAX_ANSWER} are read")
    rows = _as_derivation(exercise, answer)
    if isinstance(rows, str):
        return Grade("unreadable", rows)
    try:
        report = check(rows, exercise.where, timeout, budget)
    except DerivationError as error:
        return Grade("unreadable", str(error))
    return _grade_report(exercise, report, rows)


def _grade_report(exercise: Exercise, report: CheckReport, rows: list[str]) -> Grade:
    """The grade a checked derivation earns."""
    single = len(report.lines) == 1
    if report.outcome == "unreadable":
        return Grade("unreadable", f"{report.unreadable}. Write it as in docs/notation.md.", report)
    if report.outcome == "wrong":
        return Grade("wrong", _wrong_message(report, single), report)
    if report.outcome == "undecided":
        why = report.broken or next(f"line {r.line}: {r.detail}" for r in report.lines if r.verdict != "proved")
        return Grade("undecided", f"the tutor can neither confirm nor refute this: {why}", report)
    last = report.lines[-1]
    final = last.latex.lstrip("=").strip() if len(report.lines) > 1 else rows[last.line - 1].split("=", 1)[1]
    if last.relation != "=":
        return Grade("wrong", f"every line follows, but the chain is an inequality ({last.relation}); the asked "
                              "quantity is an equality", report)
    if _UNFINISHED.search(final) or _spaceless(exercise.asked) in _spaceless(final):
        return Grade("undecided", "every line follows, but the last line still contains a derivative or the "
                                  "asked quantity: carry on until the answer is written out", report)
    if exercise.left != exercise.answer:  # the chain started from the asked quantity: compare with the catalog
        against = check([f"{exercise.answer} = {final}"], exercise.where)
        if against.outcome != "follows":  # the verifier derived the chain, but cannot match its end with the answer
            detail = against.lines[0].detail if against.lines else against.outcome
            return Grade("undecided", f"every line follows, but the last line could not be compared with the "
                                      f"catalog's answer: {detail}", report)
    lines = "Your answer is" if single else f"Every one of the {len(report.lines)} lines follows and the last is"
    return Grade("correct", f"{lines} {exercise.asked} (proved by the verifier).", report)


def _wrong_message(report: CheckReport, single: bool) -> str:
    wrong = next(r for r in report.lines if r.line == report.first_wrong)
    where = "your answer is not the asked quantity" if single or wrong.line == report.lines[0].line else \
        f"line {wrong.line} does not follow from the line before"
    if report.diagnosis and report.repair:
        text = report.repair.text.replace("its left side", "the asked quantity")
        return f"{where[0].upper()}{where[1:]}. {text[0].upper()}{text[1:]}."
    values = (wrong.counterexample or {}).get("values") or {}
    point = ", ".join(f"{k} = {v}" for k, v in values.items())  # type: ignore[union-attr]
    shown = f" At {point} the two sides differ ({wrong.counterexample['lhs']} ≠ {wrong.counterexample['rhs']})." \
        if wrong.counterexample else ""
    return (f"{where[0].upper()}{where[1:]}.{shown} No mistake of the tutor's table explains it "
            f"({report.why_no_diagnosis}).")


__all__ = ["GRADES", "TOPICS", "Exercise", "Grade", "Topic", "grade", "hint", "pose", "solution", "topics"]
