"""Check a derivation line by line: each line against the line before it, the relations composed.

Line 1 `LHS REL RHS` is checked as written. A line `REL RIGHT` (or `LHS REL RIGHT` with the same
LHS as written) is the step `PREVIOUS-RIGHT REL RIGHT`. A full line with another left side starts
a new chain, checked as written. Definitions (as in `dlmath audit`) are reported, not checked, and
are substituted into the later steps that use them. Every step runs in a worker under a time limit;
the first refuted one is then diagnosed by repair (repairs.py), or left undiagnosed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from dlmath.symbolic.verify.verdict import Status

from ..audit import DEFINITION, AuditResult, run_audit
from ..definitions import Scope
from ..sources import ClaimSource, link_claim
from .lines import DerivationError, Line, read_lines
from .repairs import Diagnosis, NoDiagnosis, diagnose

LATEX_RELATION = {"=": "=", "<=": "\\le", ">=": "\\ge", "<": "<", ">": ">", "!=": "\\ne"}
EXIT = {"follows": 0, "wrong": 1, "undecided": 2, "unreadable": 3}
DEFAULT_TIMEOUT = 10.0
DEFAULT_BUDGET = 20.0  # seconds for the whole repair search of the first wrong line


def compose(total: str | None, step: str) -> str | None:
    """The relation of a chain `A total B step C` between A and C, or None when there is none (≤ then ≥)."""
    if total is None:
        return None
    if total == "=":
        return step
    if step == "=":
        return total
    for weak, strict in (("<=", "<"), (">=", ">")):
        if {total, step} <= {weak, strict}:
            return strict if strict in (total, step) else weak
    return None


@dataclass(frozen=True)
class LineResult:
    """One line of the derivation and its verdict (proved, refuted, undecided, error or definition)."""

    line: int
    latex: str            # as written: `= RIGHT` for a continuation
    checked: str          # the claim the verifier checked: `PREVIOUS-RIGHT REL RIGHT`
    verdict: str
    detail: str
    counterexample: dict[str, object] | None = None
    relation: str | None = "="   # the chain's relation from its first left side to this line, None if broken

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "latex": self.latex, "checked": self.checked, "verdict": self.verdict,
                "detail": self.detail, "counterexample": self.counterexample,
                "relation": LATEX_RELATION.get(self.relation or "", None)}


@dataclass(frozen=True)
class CheckReport:
    """The verdict of every line, the first that does not follow, and its diagnosis when a repair proves."""

    lines: tuple[LineResult, ...]
    first_wrong: int | None
    diagnosis: str | None
    repair: Diagnosis | None = None
    why_no_diagnosis: str = ""
    unreadable: str = ""         # "line 3: unreadable: …" when the reader refused a line
    broken: str = ""             # "line 4: \\ge after \\le …" when the relations do not compose

    @property
    def outcome(self) -> str:
        if self.unreadable:
            return "unreadable"
        if self.first_wrong is not None:
            return "wrong"
        if self.broken or any(r.verdict not in (Status.PROVED, DEFINITION) for r in self.lines):
            return "undecided"
        return "follows"

    @property
    def exit_code(self) -> int:
        return EXIT[self.outcome]

    def as_dict(self) -> dict[str, object]:
        return {"lines": [r.as_dict() for r in self.lines], "first_wrong": self.first_wrong,
                "diagnosis": self.diagnosis, "repair": self.repair.as_dict() if self.repair else None,
                "outcome": self.outcome, "unreadable": self.unreadable or None, "broken": self.broken or None}

    def __repr__(self) -> str:
        return "\n".join(text_lines(self))

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.line}</td><td>{html.escape(str(r.verdict))}</td>"
                       f"<td><code>{html.escape(r.latex)}</code></td></tr>" for r in self.lines)
        tail = "".join(f"<p>{html.escape(line)}</p>" for line in text_lines(self)[len(self.lines):] if line)
        return f"<table><tr><th>line</th><th>verdict</th><th>LaTeX</th></tr>{rows}</table>{tail}"


def text_lines(report: CheckReport) -> list[str]:
    """The readable report: one row per line, then the first wrong line's counterexample and diagnosis."""
    out = [f"line {r.line:<3} {r.verdict:<10}  {r.latex}" for r in report.lines]
    for r in report.lines:
        if r.verdict in (Status.UNDECIDED, Status.ERROR):
            out.append(f"  line {r.line}: {r.verdict}: {r.detail}")
    if report.broken:
        out.append(report.broken)
    wrong = next((r for r in report.lines if r.line == report.first_wrong), None)
    if wrong is not None:
        out.append(f"line {wrong.line} does not follow: {wrong.detail}")
        values = (wrong.counterexample or {}).get("values") or {}
        if wrong.counterexample:
            point = ", ".join(f"{k} = {v}" for k, v in values.items())  # type: ignore[union-attr]
            out.append(f"  counterexample: {point}: {wrong.counterexample['lhs']} ≠ {wrong.counterexample['rhs']}")
        out.append(f"diagnosis: {report.diagnosis}" if report.diagnosis else
                   f"no diagnosis: {report.why_no_diagnosis}")
        if report.repair:
            out.append(f"  repaired line: {report.repair.repaired}")
    elif report.outcome == "follows":
        out.append("every line follows")
    return out


@dataclass(frozen=True)
class _Step:
    """A line as the verifier will see it, and the chain it belongs to."""

    line: Line
    claim: ClaimSource
    previous: str      # what it follows from, for the sentences: "line 2", "its left side"
    context: str       # the first step of its chain (its ∂/∂v give the chain rule's variables)
    relation: str | None


def _steps(lines: list[Line], where: tuple[str, ...]) -> tuple[list[_Step], str]:
    """The claim each line stands for, and the first place the relations stop composing ("" if none)."""
    scope = Scope()
    steps: list[_Step] = []
    broken = ""
    chain_left, previous, context, relation = "", None, "", None
    for line in lines:
        link = line.link
        same_left = previous is not None and _same(link.left, chain_left)
        if line.continues or same_left:
            assert previous is not None
            rel = LATEX_RELATION[link.relation]
            link = replace(link, latex=f"{previous.link.right} {rel} {link.right}", left=previous.link.right,
                           first=False)
            before = f"line {previous.number}"
            composed = compose(relation, link.relation)
            if composed is None and relation is not None and not broken:
                broken = (f"line {line.number}: {rel} after {LATEX_RELATION[relation]} does not compose: from here on "
                          f"the chain says nothing about {chain_left} and the later lines")
            relation = composed
        else:
            chain_left, context, relation, before = link.left, link.latex, link.relation, "its left side"
        decision = scope.decide(link, str(line.number))
        claim = link_claim(link, str(line.number), decision)
        claim = replace(claim, where=(*where, *claim.where))
        if claim.role == "definition":
            relation = "="  # a definition starts the chain its continuation lines follow from
        steps.append(_Step(line, claim, before, context, relation))
        previous = line
    return steps, broken


def line_claims(text: str, where: tuple[str, ...] = (),
                displayed: bool | None = None) -> list[tuple[Line, ClaimSource]]:
    """Each line and the claim the verifier will check for it, nothing checked: what the web page shows as read."""
    steps, _ = _steps(read_lines(text, displayed), tuple(where))
    return [(step.line, step.claim) for step in steps]


def _same(left: str, other: str) -> bool:
    return left.split() == other.split() or left.replace(" ", "") == other.replace(" ", "")


def check(lines_or_text: str | list[str] | tuple[str, ...], where: tuple[str, ...] | list[str] = (),
          timeout: float = DEFAULT_TIMEOUT, budget: float = DEFAULT_BUDGET, jobs: int = 2,
          displayed: bool | None = None) -> CheckReport:
    """Check a derivation line by line and diagnose its first wrong line.

    Args:
        lines_or_text: the derivation: a text (plain lines, .tex or Markdown displays) or a list of lines.
        where: conditions and definitions for every line ('x > 0', 'z = w x + b').
        timeout: seconds for each line's check; budget: seconds for the whole repair search.
        jobs: worker processes checking lines at once.
        displayed: whether the text is made of displays ($$, align); None looks.

    Returns:
        The CheckReport. Raises DerivationError when the text has no line with a relation or a line
        cannot be cut into sides; a line the reader refuses is reported in `unreadable`.
    """
    text = lines_or_text if isinstance(lines_or_text, str) else "\n".join(lines_or_text)
    steps, broken = _steps(read_lines(text, displayed), tuple(where))
    results = run_audit([s.claim for s in steps], jobs, timeout, progress=False)
    rows = [_row(step, result) for step, result in zip(steps, results)]
    unreadable = next((f"line {s.line.number}: {r.checked.verdict.detail}" for s, r in zip(steps, results)
                       if r.checked.unreadable), "")
    wrong = next((s for s, r in zip(steps, rows) if r.verdict == Status.REFUTED), None)
    if wrong is None or unreadable:
        return CheckReport(tuple(rows), wrong.line.number if wrong else None, None, unreadable=unreadable,
                           broken=broken)
    found = diagnose(wrong.claim.latex, wrong.claim.where, wrong.previous, wrong.context, budget)
    if isinstance(found, NoDiagnosis):
        return CheckReport(tuple(rows), wrong.line.number, None, None, found.reason, broken=broken)
    return CheckReport(tuple(rows), wrong.line.number, f"line {wrong.line.number}: {found.text}", found,
                       broken=broken)


def _row(step: _Step, result: AuditResult) -> LineResult:
    verdict = result.checked.verdict
    counterexample = verdict.counterexample.as_dict() if verdict.counterexample else None
    return LineResult(step.line.number, step.line.written, step.claim.latex, str(result.status), verdict.detail,
                      counterexample, step.relation)


__all__ = ["CheckReport", "DerivationError", "LineResult", "check", "compose", "line_claims"]
