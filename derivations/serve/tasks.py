"""What a worker process runs for the page: read a derivation, or check it. Each returns a plain dict.

The app forks a worker per request (pool.py), so these run with SymPy already imported by the
server and never block its event loop. Input the tutor refuses becomes {"error": message}.
"""

from __future__ import annotations

from collections.abc import Callable

from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.reading import read_readings
from dlmath.symbolic.notation.writer import RELATION_LATEX, to_latex

from ..tutor import DerivationError, check
from ..tutor.chain import line_claims
from .render import check_html, exercise_html, grade_html, latex_lines_html, read_html

Task = Callable[[str, tuple[str, ...], int], dict[str, object]]  # what the pool runs: (text, where, seed)


def read(text: str, where: tuple[str, ...]) -> dict[str, object]:
    """Every line as the reader reads it, nothing verified: {"lines": [{line, read | error, note}], "html"}."""
    try:
        claims = line_claims(text, where)
    except DerivationError as error:
        return {"error": str(error)}
    rows = []
    for line, claim in claims:
        row: dict[str, object] = {"line": line.number, "latex": line.written}
        try:
            found = read_readings(claim.latex, claim.where)
        except NotationError as error:
            row["error"] = str(error)
            rows.append(row)
            continue
        readable = [r.claim for r in found.readings if r.claim is not None]
        if not readable:
            row["error"] = found.readings[0].problem
        else:
            first = readable[0]
            relation = RELATION_LATEX[first.relation]
            # a continuation shows as the student wrote it, `= RIGHT`; its left side is the line above
            left = "" if line.continues else to_latex(first.lhs) + " "
            row["read"] = f"{left}{relation} {to_latex(first.rhs)}"
            if claim.role == "definition":
                row["note"] = "a definition: used by the lines after it"
            elif len(found.readings) > 1:
                row["note"] = f"{len(found.readings)} readings; the verdict must hold under each"
        rows.append(row)
    return {"lines": rows, "html": read_html(rows)}


def checked(text: str, where: tuple[str, ...], timeout: float, budget: float) -> dict[str, object]:
    """The derivation checked line by line, as `dlmath check --json` reports it, and its HTML."""
    try:
        report = check(text, where, timeout, budget, jobs=1)
    except DerivationError as error:
        return {"error": str(error)}
    record = report.as_dict()
    record["why_no_diagnosis"] = report.why_no_diagnosis or None
    return {"report": record, "html": check_html(record)}


EXERCISE_ACTIONS = ("pose", "hint", "solution", "grade")


def exercise(topic: str, seed: int, action: str, k: int, answer: str, timeout: float,
             budget: float) -> dict[str, object]:
    """Pose the exercise of (topic, seed) again (it is reproducible, so the server keeps no state) and do
    `action`: show it, give hint k, show the solution, or grade the answer."""
    from dlmath.symbolic.errors import DlmathError

    from ..tutor.exercises import hint, pose, solution

    try:
        posed = pose(topic, seed)
        if action == "pose":
            return {"html": exercise_html(posed.statement_latex, posed.asked, len(posed.hints)),
                    "asked": posed.asked, "hints": len(posed.hints)}
        if action == "hint":
            return {"html": latex_lines_html(f"Hint {k} of {len(posed.hints)}", (hint(posed, k),)), "k": k}
        if action == "solution":
            return {"html": latex_lines_html("The solution", solution(posed)), "solution": list(solution(posed))}
        graded = posed.grade(answer, timeout, budget)
    except DlmathError as error:
        return {"error": str(error)}
    record = graded.as_dict()
    return {"grade": record, "html": grade_html(record)}
