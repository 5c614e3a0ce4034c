"""Claims over indexed families with a general size n.

First a general-n attempt (SymPy evaluates the sums symbolically, the
conditions settle the piecewise cases); then concrete sizes n = 1…8, with
every free index over its range, as numeric evidence. Holding for n = 1…8
is evidence, not a proof: without the general certificate the verdict is
undecided.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import sympy as sp

from dlmath.symbolic.calculus.families import BIG_OPERATORS

from .certificate import equality_certificate
from .lemmas import lemma_certificate
from .prepare import Problem, expand_finite_sums, substitute_definitions
from .sampling import bounds_of
from .sums import known_ranges, sum_identity
from .verdict import Status, Verdict

SIZES = range(1, 9)
MAX_INDEX_CHOICES = 6
POINTS_PER_INSTANCE = 30
# The methods of a verdict proved for every size (callers such as the general backprop proof test for them).
GENERAL = "symbolic certificate for every size + numeric check at concrete sizes"
GENERAL_ABSTRACT = "symbolic certificate for every function and every size + numeric check with concrete functions"


def needs_instances(problem: Problem) -> bool:
    """Sums or products with a symbolic size, or Kronecker deltas of free indices."""
    whole = sp.Tuple(problem.lhs, problem.rhs)
    if problem.sizes:
        return True
    return bool(problem.free_indices) and bool(whole.atoms(sp.KroneckerDelta, *BIG_OPERATORS))


def _settle(expr: sp.Basic, conditions: tuple[sp.Basic, ...]) -> sp.Basic:
    """Replace piecewise conditions that the claim's conditions assert by True."""
    truths = {}
    for cond in conditions:
        if isinstance(cond, sp.core.relational.Relational):
            truths[cond] = sp.true
            truths[cond.reversed] = sp.true
    return expr.xreplace(truths) if truths else expr


def general_certificate(problem: Problem) -> str | None:
    if problem.relation != "=":
        return _general_inequality(problem)
    try:
        difference = (problem.lhs - problem.rhs).doit()
        difference = _settle(sp.piecewise_fold(difference), problem.conditions)
        found = equality_certificate(difference, problem.conditions)
        if found:
            return found
        linear = sp.expand(canonical_indices(linear_sums(difference)))
        if linear == 0:
            return "lhs − rhs reduces to 0 by splitting the sums over + and taking out constant factors"
        found = equality_certificate(linear, problem.conditions)
        if found:
            return found
    except (TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        pass
    return _closed_sums(problem)


def _closed_sums(problem: Problem) -> str | None:
    """The sums closed by SymPy, their piecewise cases settled by the known ranges (sums.py)."""
    whole = sp.Tuple(problem.lhs, problem.rhs)
    facts, said = known_ranges(problem.sizes, problem.free_indices, whole)
    # Where a side divides by 1 − γ the claim says nothing at γ = 1: SymPy's case Eq(γ, 1) of the closed
    # geometric sum is settled by the claim's own denominators (those free of any summation index).
    bound = {v for s in whole.atoms(sp.Sum, sp.Product) for v, *_ in s.limits}
    facts += tuple(sp.Ne(d, 0) for d in _denominators(whole) if not d.free_symbols & bound and not d.is_number)
    found = sum_identity(problem.lhs - problem.rhs, problem.conditions + facts,
                         lambda e: sp.expand(canonical_indices(linear_sums(e))))
    return f"{found}, for {', '.join(said)}" if found and said else found


def _denominators(expr: sp.Basic) -> set[sp.Expr]:
    """The bases of the negative powers in an expression: 1 − γ of (1 − γ^T)/(1 − γ)."""
    return {p.base for p in expr.atoms(sp.Pow) if p.exp.is_negative and p.base.free_symbols}


def _general_inequality(problem: Problem) -> str | None:
    """A gap that is a non-negative combination of sums of squares, for every n."""
    small, large = (problem.rhs, problem.lhs) if problem.relation in (">=", ">") else (problem.lhs, problem.rhs)
    try:
        gap = canonical_indices(linear_sums((large - small).doit()))
    except Exception:  # noqa: BLE001 - no certificate, which is safe
        return None
    strict = problem.relation in ("<", ">")
    sizes_positive = {s: sp.Symbol(s.name, positive=True) for s in problem.sizes}
    terms = sp.Add.make_args(sp.expand(gap.xreplace(sizes_positive)))
    if all(_nonnegative_term(t, strict=False) for t in terms) and not strict:
        return "the gap is a sum of non-negative terms (sums of squares with positive weights) for every n"

    def normal(expr: sp.Expr) -> sp.Expr:
        return sp.expand(canonical_indices(linear_sums(expr.doit())).xreplace(sizes_positive))

    return lemma_certificate(large - small, strict, problem.patterns, normal,
                             lambda t: _nonnegative_term(t, strict=False))


def _nonnegative_term(term: sp.Expr, strict: bool) -> bool:
    coefficient, rest = term.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    def ok(f: sp.Expr) -> bool:
        if isinstance(f, sp.Sum):
            return sp.factor(f.function).is_nonnegative is True
        return f.is_nonnegative is True
    return coefficient >= 0 and all(ok(f) for f in factors)


def _index_range(symbol: sp.Symbol, conditions: tuple[sp.Basic, ...], top: int,
                 family: tuple[int, int] | None = None) -> list[int]:
    """The values a free index takes: its conditions' bounds, else its family's range, else 0…top+1."""
    bounds = bounds_of(symbol, conditions)
    default_low, default_high = family if family is not None else (0, top + 1)
    # a symbol declared positive (nonnegative) is never assigned 0 (−1): a point outside its own assumptions
    default_low = max(default_low, 1 if symbol.is_positive else 0 if symbol.is_nonnegative else default_low)
    low = int(sp.ceiling(bounds.low)) if bounds.low is not None and bounds.low.is_number else default_low
    high = int(sp.floor(bounds.high)) if bounds.high is not None and bounds.high.is_number else default_high
    return list(range(low, high + 1))


def _family_range(problem: Problem, index: sp.Symbol, assignment: dict) -> tuple[int, int] | None:
    """z_i beside Σ_{k=1}^{n} z_k: the free i ranges over the same 1…n as the sum's k."""
    whole = sp.Tuple(problem.lhs, problem.rhs)
    positions = {(e.base, k) for e in whole.atoms(sp.Indexed) for k, i in enumerate(e.indices) if i == index}
    for big in whole.atoms(sp.Sum):
        for variable, low, high in big.limits:
            for entry in big.function.atoms(sp.Indexed):
                if any(i == variable and (entry.base, k) in positions for k, i in enumerate(entry.indices)):
                    low, high = low.xreplace(assignment), high.xreplace(assignment)
                    if low.is_Integer and high.is_Integer:
                        return int(low), int(high)
    return None


def instances(problem: Problem, rng: np.random.Generator) -> list[dict[sp.Symbol, sp.Integer]]:
    """Assignments of sizes (1…8) and free indices (over their range) to check."""
    sizes = sorted(problem.sizes, key=sp.default_sort_key)
    indices = sorted(problem.free_indices, key=sp.default_sort_key)
    out = []
    size_values = SIZES if len(sizes) <= 1 else range(1, 4)
    for combo in itertools.product(size_values, repeat=len(sizes)):
        assignment = {s: sp.Integer(v) for s, v in zip(sizes, combo)}
        conditions = tuple(c.xreplace(assignment) for c in problem.conditions)
        top = max(combo) if combo else 3
        ranges = [_index_range(i, conditions, top, _family_range(problem, i, assignment)) for i in indices]
        choices = list(itertools.product(*ranges))
        if len(choices) > MAX_INDEX_CHOICES:
            picks = rng.choice(len(choices), MAX_INDEX_CHOICES, replace=False)
            choices = [choices[k] for k in sorted(picks)]
        for choice in choices:
            out.append({**assignment, **{i: sp.Integer(v) for i, v in zip(indices, choice)}})
    return out


def _instance(problem: Problem, assignment: dict[sp.Symbol, sp.Integer]) -> Problem | None:
    conditions = []
    for cond in problem.conditions:
        value = expand_finite_sums(cond.xreplace(assignment))
        if value is sp.false:
            return None  # this n or index is outside the claim's conditions
        if value is not sp.true:
            conditions.append(value)
    lhs = substitute_definitions(problem.lhs.xreplace(assignment).doit(), problem.constraints)
    rhs = substitute_definitions(problem.rhs.xreplace(assignment).doit(), problem.constraints)
    remaining = problem.integers - set(assignment)
    return Problem(lhs, problem.relation, rhs, tuple(conditions), frozenset(remaining), frozenset(), frozenset(),
                   problem.entry, problem.patterns, problem.implicit, problem.constraints)


def check_indexed(problem: Problem, rng: np.random.Generator, check_scalar: Callable[..., Verdict]) -> Verdict:
    checked = 0
    sizes_seen: set[int] = set()
    for assignment in instances(problem, rng):
        concrete = _instance(problem, assignment)
        if concrete is None:
            continue
        # A size the claim never wrote (the n of \sum_i) is said in words, never named as a value.
        prefix = {sp.latex(s): str(v) for s, v in assignment.items() if s.name not in problem.implicit}
        unwritten = [f"the sums without limits running over 1…{v}" for s, v in assignment.items()
                     if s.name in problem.implicit]
        verdict = check_scalar(concrete, rng, points=POINTS_PER_INSTANCE, symbolic=False, prefix=prefix)
        if verdict.status == Status.REFUTED:
            shown = ", ".join([f"{k} = {v}" for k, v in prefix.items()] + unwritten)
            return Verdict(Status.REFUTED, "counterexample at a concrete size (confirmed at 60 digits)",
                           f"The claim fails for {shown} at the point below.", verdict.counterexample,
                           verdict.evidence)
        checked += 1
        sizes_seen |= {int(assignment[s]) for s in problem.sizes}
    general = for_every_size(problem)
    names = _size_names(problem)
    span = ("every index choice" if not sizes_seen else f"{names} = {min(sizes_seen)}…{max(sizes_seen)}" if names
            else f"sums of {min(sizes_seen)}…{max(sizes_seen)} terms")
    evidence = f"holds for {span} ({checked} instances, {POINTS_PER_INSTANCE} random points each)"
    if checked == 0:
        return Verdict(Status.UNDECIDED, "indexed", "No size or index satisfies the conditions.", evidence=evidence)
    certificate = general_certificate(problem)
    if certificate is None:
        return Verdict(Status.UNDECIDED, "concrete sizes",
                       f"Holds at every concrete size tried, but no proof {general}.",
                       evidence=evidence)
    return Verdict(Status.PROVED, GENERAL, f"{general[0].upper()}{general[1:]}, {certificate}.", evidence=evidence)


def _size_names(problem: Problem) -> str:
    """The sizes as the author wrote them (t, n), those the claim never wrote left out."""
    return ", ".join(sorted(sp.latex(s) for s in problem.sizes if s.name not in problem.implicit))


def for_every_size(problem: Problem) -> str:
    """'for general t', or in words when the claim never wrote its size (the n of \\sum_i without limits)."""
    names = _size_names(problem)
    return f"for general {names}" if names else "for sums of every length"


def linear_sums(expr: sp.Basic) -> sp.Basic:
    """Split sums over + and pull out factors free of the index: Σ(a x_i + b) → a Σx_i + n b."""
    def split(big: sp.Sum) -> sp.Expr:
        body, limits = big.function, big.limits
        if len(limits) != 1:
            return big
        index, low, high = limits[0]
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(body)):
            free, bound = term.as_independent(index, as_Add=False)
            total += free * (high - low + 1) if bound == 1 else free * sp.Sum(bound, (index, low, high))
        return total

    return expr.replace(lambda e: isinstance(e, sp.Sum), split)


def canonical_indices(expr: sp.Basic, depth: int = 0) -> sp.Basic:
    """Rename bound indices by nesting depth, so Σ_i x_i and Σ_j x_j (max_i z_i, max_k z_k) are the same."""
    if isinstance(expr, BIG_OPERATORS) and not isinstance(expr, sp.Product) and len(expr.limits) == 1:
        index, low, high = expr.limits[0]
        fresh = sp.Symbol(f"ι{depth}", integer=True)
        body = canonical_indices(expr.function.xreplace({index: fresh}), depth + 1)
        return expr.func(body, (fresh, low, high))
    if not expr.args:
        return expr
    return expr.func(*[canonical_indices(a, depth) for a in expr.args])
