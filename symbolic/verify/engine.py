"""Claim → Verdict, by the soundness policy of DESIGN.md.

proved    — a symbolic certificate AND agreement at random points;
refuted   — a counterexample inside the conditions, confirmed at 60 digits;
undecided — everything else, with the evidence gathered.
"""

from __future__ import annotations

import time

import numpy as np
import sympy as sp

from dlmath.symbolic.calculus.families import BIG_OPERATORS

from ..notation.claim import Claim
from ..notation.writer import to_latex
from .abstract import has_abstract, instances
from .certificate import EQUALITY_TRANSFORMS, SYMBOLIC_BUDGET_SECONDS, equality_certificate, inequality_certificate
from .indexed import GENERAL_ABSTRACT, check_indexed, for_every_size, general_certificate, needs_instances
from .integrals import (
    Antiderivative,
    antiderivative,
    constants_of_integration,
    domain_gap,
    fundamental_theorem,
    numeric_values,
)
from .prepare import Problem, ShapeMismatch, Undecidable, prepare
from .sampling import AGREE, CONFIRMED, Evaluator, high_precision, sample_points, satisfies, variables
from .tactics import EQUALITY_TACTICS, INEQUALITY_TACTICS, equality_tactics, inequality_tactics
from .verdict import Counterexample, Status, Verdict

POINTS = 120
MIN_AGREEING = 10  # fewer points inside the domain than this is too little evidence for "proved"


def verify(claim: Claim, seed: int = 0) -> Verdict:
    """Decide a claim: proved, refuted with a counterexample, or undecided.

    Args:
        claim: a Claim from `read_claim`.
        seed: seeds the random points, so a run can be repeated exactly.

    Returns:
        The Verdict, with the deciding method, one sentence of detail and the evidence.
    """
    start = time.perf_counter()
    verdict = _verify(claim, np.random.default_rng(seed))
    return Verdict(verdict.status, verdict.method, verdict.detail, verdict.counterexample,
                   verdict.evidence, time.perf_counter() - start)


def _verify(claim: Claim, rng: np.random.Generator) -> Verdict:
    found = antiderivative(claim)
    if found is not None:
        return check_antiderivative(found, rng)
    try:
        problems = prepare(claim)
    except Undecidable as reason:
        return Verdict(Status.UNDECIDED, "definitions", str(reason))
    except ShapeMismatch as mismatch:
        return Verdict(Status.REFUTED, "shape", f"The claim is false for every matrix: {mismatch}.",
                       Counterexample({}, sp.sstr(mismatch.lhs), sp.sstr(mismatch.rhs), "shapes differ"))
    verdicts = [_guarded(p, rng) for p in problems]
    for verdict in verdicts:
        if verdict.status == Status.REFUTED:
            return verdict
    undecided = [v for v in verdicts if v.status != Status.PROVED]
    if undecided:
        return undecided[0]
    if len(verdicts) == 1:
        return verdicts[0]
    return Verdict(Status.PROVED, verdicts[0].method, f"All {len(verdicts)} entries are proved equal.",
                   evidence=verdicts[0].evidence)


def _guarded(problem: Problem, rng: np.random.Generator) -> Verdict:
    """check_problem, where a failure inside SymPy is undecided, never an answer."""
    try:
        if not problem.lhs.has(sp.Integral) and not problem.rhs.has(sp.Integral):
            return check_problem(problem, rng)
        return check_integrals(problem, rng)
    except Exception as error:  # noqa: BLE001 - an internal failure decides nothing
        return Verdict(Status.UNDECIDED, "internal error", f"The check failed inside SymPy ({type(error).__name__}).")


def check_antiderivative(found: Antiderivative, rng: np.random.Generator) -> Verdict:
    """\\int f dx = F + C: F real wherever f is, then d/dx F = f (the constants of integration drop out)."""
    gap = domain_gap(found, rng)
    if gap is not None:
        return Verdict(Status.REFUTED, "domain of the antiderivative (confirmed at 60 digits)",
                       "The candidate is not real at the point below, where the integrand is defined: it is no "
                       "antiderivative there (write ln|x|, or state the domain with --where).", gap)
    verdict = _verify(found.derivative, rng)
    derivative = f"d/d{to_latex(found.variable)} of the candidate"
    detail = {Status.PROVED: f"{derivative} equals the integrand: {verdict.detail.rstrip('.')}",
              Status.REFUTED: f"{derivative} differs from the integrand at the point below (lhs is the derivative, "
                              "rhs the integrand)."}.get(verdict.status, verdict.detail)
    constants = ", ".join(to_latex(c) for c in constants_of_integration(found))
    note = f" (the constant of integration {constants} drops out)." if constants else "."
    return Verdict(verdict.status, f"differentiating the antiderivative: {verdict.method}", detail.rstrip(".") + note,
                   verdict.counterexample, verdict.evidence)


def check_integrals(problem: Problem, rng: np.random.Generator) -> Verdict:
    """Definite integrals by the fundamental theorem; one without a checked antiderivative is numeric evidence only."""
    evaluated = fundamental_theorem(problem)
    verdict = check_problem(evaluated.problem, rng)
    theorem = "; ".join(dict.fromkeys(evaluated.used))
    if not evaluated.left_over:
        return Verdict(verdict.status, f"fundamental theorem of calculus ({theorem}): {verdict.method}",
                       verdict.detail, verdict.counterexample, verdict.evidence)
    shown = verdict.counterexample
    found = {Status.PROVED: "the sides agree at the points checked",
             Status.REFUTED: f"the sides differ numerically (lhs = {shown.lhs}, rhs = {shown.rhs})" if shown else ""}
    said = found.get(verdict.status) or verdict.detail[:1].lower() + verdict.detail[1:].rstrip(".")
    return Verdict(Status.UNDECIDED, "numeric integration (evidence only)",
                   "No checked antiderivative is continuous on the interval, so the integral has only a numeric "
                   f"value: {said}.", shown,
                   "; ".join(filter(None, [numeric_values(evaluated.left_over), verdict.evidence])))


def check_problem(problem: Problem, rng: np.random.Generator) -> Verdict:
    if has_abstract(problem):
        return check_abstract(problem, rng)
    if needs_instances(problem):
        return check_indexed(problem, rng, check_scalar)
    return check_scalar(problem, rng)


def check_abstract(problem: Problem, rng: np.random.Generator) -> Verdict:
    """Refute with concrete smooth functions in place of the abstract ones; prove on the abstract form."""
    agreed = 0
    for concrete, shown in instances(problem, rng):
        if needs_instances(concrete):
            verdict = check_indexed(concrete, rng, check_scalar)
        else:
            verdict = check_scalar(concrete, rng, points=POINTS // 4, symbolic=False, prefix=shown)
        if verdict.status == Status.REFUTED:
            functions = "; ".join(f"{name}: {rule}" for name, rule in shown.items())
            return Verdict(Status.REFUTED, "counterexample with concrete functions (confirmed at 60 digits)",
                           f"The claim fails for {functions}, at the point below.", verdict.counterexample,
                           verdict.evidence)
        # an instance with no point inside (or no size inside the conditions) confirms nothing
        agreed += not verdict.evidence.startswith("holds at 0 ") and "(0 instances" not in verdict.evidence
    evidence = f"holds for {agreed} choices of concrete smooth functions, at random points each"
    if needs_instances(problem):
        return _abstract_indexed(problem, agreed, evidence)
    certificate = _certificate(problem, problem.all_conditions())
    if certificate is not None and agreed == 0:
        return Verdict(Status.UNDECIDED, "symbolic only", f"{certificate}, but no concrete function gave a point "
                       "inside the conditions to confirm it numerically.", evidence=evidence)
    if certificate is None:
        return Verdict(Status.UNDECIDED, "abstract functions",
                       "No counterexample with concrete functions, but no proof for every function either.",
                       evidence=evidence)
    return Verdict(Status.PROVED, "symbolic certificate for every function + numeric check with concrete functions",
                   f"For every differentiable function: {certificate}.", evidence=evidence)


def _abstract_indexed(problem: Problem, agreed: int, evidence: str) -> Verdict:
    """An abstract function inside sums of every size: the general-n certificate on the abstract form itself.

    SymPy differentiates Σᵢ wᵢ g(zᵢ) in z_j to a Kronecker delta times g'(zᵢ) with g left abstract, so a
    certificate on that form holds for every differentiable g and every n; the concrete functions only refute.
    """
    certificate = general_certificate(problem)
    if certificate is None or agreed == 0:
        said = "no proof for every function and every n" if certificate is None else \
            f"{certificate}, but no concrete function gave a point inside the conditions to confirm it numerically"
        return Verdict(Status.UNDECIDED, "abstract functions",
                       f"No counterexample with concrete functions, but {said}.", evidence=evidence)
    return Verdict(Status.PROVED, GENERAL_ABSTRACT,
                   f"For every differentiable function and {for_every_size(problem)}: {certificate}.",
                   evidence=evidence)


def violates(left: object, right: object, relation: str, tolerance: object) -> bool:
    gap = left - right  # type: ignore[operator]
    return {
        "=": abs(gap) > tolerance,
        "<=": gap > tolerance,
        ">=": gap < -tolerance,
        "<": gap > -tolerance,
        ">": gap < tolerance,
        "!=": abs(gap) <= tolerance,
    }[relation]


def check_scalar(problem: Problem, rng: np.random.Generator, points: int = POINTS,
                 symbolic: bool = True, prefix: dict[str, str] | None = None) -> Verdict:
    """Sample, confirm any counterexample at 60 digits, then look for a symbolic certificate."""
    conditions = problem.all_conditions()
    everything = sp.Tuple(problem.lhs, problem.rhs, *conditions)
    if everything.atoms(*BIG_OPERATORS):
        # A sum left unexpanded has bound indices: sampling its terms as free variables would be wrong.
        return Verdict(Status.UNDECIDED, "not evaluable", "A sum or product could not be written out term by term.")
    symbols = variables(everything)
    try:
        evaluator = Evaluator(problem.lhs, problem.rhs, symbols)
    except (KeyError, TypeError, ValueError, NameError, SyntaxError) as error:
        return Verdict(Status.UNDECIDED, "not evaluable",
                       f"The sides cannot be evaluated numerically ({type(error).__name__}).")
    where = f" ({problem.entry})" if problem.entry else ""
    agreed = tried = 0
    for point in sample_points(symbols, conditions, problem.integers, rng, points if symbols else 1):
        tried += 1
        values = evaluator.at(point)
        if values is None:
            continue
        left, right = values
        scale = 1 + abs(left) + abs(right)
        if not violates(left, right, problem.relation, AGREE * scale):
            agreed += 1
            continue
        counterexample = confirm(evaluator, point, problem.relation, prefix or {})
        if counterexample is None:
            continue
        cheap = problem.relation == "=" and equality_certificate(problem.lhs - problem.rhs, conditions, cheap=True)
        if cheap:
            return Verdict(Status.UNDECIDED, "conflict", f"A point seems to refute the claim{where}, yet {cheap}; "
                           "the two checks disagree.", counterexample)
        return Verdict(Status.REFUTED, "numeric counterexample (confirmed at 60 digits)",
                       f"The claim fails{where} at the point below, which satisfies every condition.",
                       counterexample, _before_failure(agreed))
    evidence = f"holds at {agreed} random points inside the conditions (of {tried} drawn)"
    if problem.relation == "!=" and (found := _equal_somewhere(problem, evaluator, symbols, conditions, prefix)):
        return Verdict(Status.REFUTED, "exact root (the sides are equal there)",
                       f"The sides are exactly equal{where} at the point below, which satisfies every condition.",
                       found, evidence)
    if not symbolic:
        return Verdict(Status.UNDECIDED, "numeric sampling", "No counterexample found.", evidence=evidence)
    certificate = _certificate(problem, conditions)
    if certificate is None:
        return Verdict(Status.UNDECIDED, "numeric sampling",
                       f"No counterexample found{where}, but no symbolic proof either; {_tried(problem.relation)}.",
                       evidence=evidence)
    if agreed < min(MIN_AGREEING, tried) or agreed == 0:
        return Verdict(Status.UNDECIDED, "symbolic only",
                       f"{certificate}{where}, but too few points inside the domain to confirm it numerically.",
                       evidence=evidence)
    return Verdict(Status.PROVED, "symbolic certificate + numeric agreement", f"{certificate}{where}.",
                   evidence=evidence)


def _equal_somewhere(problem: Problem, evaluator: Evaluator, symbols: list[sp.Expr],
                     conditions: tuple[sp.Basic, ...], prefix: dict[str, str] | None) -> Counterexample | None:
    """For a ≠ claim in one real variable: an exact real root of lhs − rhs inside the conditions."""
    if len(symbols) != 1 or not isinstance(symbols[0], sp.Symbol):
        return None
    try:
        roots = sp.solveset(problem.lhs - problem.rhs, symbols[0], sp.S.Reals)
    except Exception:  # noqa: BLE001 - no root found proves nothing, which is safe
        return None
    if not isinstance(roots, sp.FiniteSet):
        return None
    for root in sorted(roots, key=sp.default_sort_key)[:8]:
        point = {symbols[0]: root}
        if root.is_real and satisfies(point, conditions):
            found = confirm(evaluator, point, "!=", prefix or {})
            if found is not None:
                return found
    return None


def _before_failure(agreed: int) -> str:
    """The evidence line of a refutation: how many random points held before the one that fails."""
    if agreed == 0:
        return "the first random point drawn already fails"
    return f"{agreed} random point{'s' if agreed > 1 else ''} held before this one failed"


def _certificate(problem: Problem, conditions: tuple[sp.Basic, ...]) -> str | None:
    if problem.relation == "=":
        difference = problem.lhs - problem.rhs
        return equality_certificate(difference, conditions) or equality_tactics(difference, conditions)
    if problem.relation == "!=":  # never equal: one side is strictly above the other everywhere
        for small, large in ((problem.rhs, problem.lhs), (problem.lhs, problem.rhs)):
            found = inequality_certificate(small, large, True, conditions)
            if found:
                return f"{found}, so the sides are never equal"
        return None
    small, large = (problem.rhs, problem.lhs) if problem.relation in (">=", ">") else (problem.lhs, problem.rhs)
    strict = problem.relation in ("<", ">")
    return inequality_certificate(small, large, strict, conditions) or \
        inequality_tactics(small, large, strict, conditions)


def _tried(relation: str) -> str:
    """What `_certificate` tries for this relation, named from the tables it runs (issue 13's honest budget)."""
    if relation == "=":
        names = [*(name for name, _ in EQUALITY_TRANSFORMS), *(name for name, _ in EQUALITY_TACTICS)]
    else:
        names = ["the sign of the gap (as written, factored, expanded, simplified)",
                 "its minimum over one variable by calculus", *(name for name, _ in INEQUALITY_TACTICS)]
    return f"tried, within {SYMBOLIC_BUDGET_SECONDS:g} s for the simplifications: {', '.join(names)}"


def confirm(evaluator: Evaluator, point: dict[sp.Expr, sp.Expr], relation: str,
            prefix: dict[str, str]) -> Counterexample | None:
    """The counterexample at `point` if it survives 60-digit evaluation, else None."""
    exact_left, exact_right = evaluator.exact(point)
    left, right = high_precision(exact_left), high_precision(exact_right)
    if left is None or right is None:
        return None
    scale = 1 + abs(left) + abs(right)
    if relation == "!=" and sp.simplify(exact_left - exact_right) != 0:
        return None  # a ≠ claim fails only where the sides are exactly equal
    strict = relation in ("<", ">")
    if relation != "!=" and not violates(left, right, relation,
                                         CONFIRMED * scale if not strict else -CONFIRMED * scale):
        if not (strict and sp.simplify(exact_left - exact_right) == 0):
            return None
    values = dict(prefix)
    values.update({to_latex(symbol): _show(value) for symbol, value in point.items()})
    return Counterexample(values, _show(left), _show(right), _show(left - right))


def _show(value: sp.Expr) -> str:
    value = sp.sympify(value)
    if value.is_Integer:
        return str(int(value))
    return sp.sstr(sp.Float(value, 15), full_prec=False)
