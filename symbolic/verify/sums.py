"""General-n identities: sums with symbolic limits closed exactly, with their piecewise cases settled.

SymPy's summation answers with a Piecewise where a case matters (Σβ^i is t at β = 1) and the
derivative of a sum with respect to a family member z_j with a Kronecker delta, which sums to
a Piecewise on 1 ≤ j ≤ n. A case is settled only by what is known: the claim's conditions, the
range of every summation index inside its own sum, n ≥ 1 for every size, and 1 ≤ j ≤ n for a
free index j of a family the sums run over 1…n (the range the concrete sizes are checked on).
A case that stays unsettled is split by the case-split certificate, never assumed away.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from .cases import case_certificate
from .certificate import equality_certificate
from .sampling import bounds_of, variables

Facts = tuple[sp.Basic, ...]
BUDGET_SECONDS = 3.0


def decide(condition: sp.Basic, facts: Facts) -> sp.Basic:
    """True or False when the facts settle the condition, else the condition itself."""
    if condition in (sp.true, sp.false):
        return condition
    if isinstance(condition, (sp.And, sp.Or)):
        parts = [decide(c, facts) for c in condition.args]
        return condition.func(*parts)
    if isinstance(condition, sp.Not):
        inner = decide(condition.args[0], facts)
        return sp.Not(inner) if inner in (sp.true, sp.false) else condition
    if not isinstance(condition, sp.core.relational.Relational):
        return condition
    for fact in facts:
        if isinstance(fact, sp.core.relational.Relational) and condition in (fact, fact.reversed):
            return sp.true
        if isinstance(fact, sp.Ne) and isinstance(condition, sp.Eq) and _same(condition, fact):
            return sp.false
    return _by_interval(condition, facts)


def _same(first: sp.Basic, second: sp.Basic) -> bool:
    """a = b and a ≠ b speak of the same pair: their differences agree up to sign (1/β = 1 is β = 1)."""
    gap, other = first.lhs - first.rhs, second.lhs - second.rhs
    if sp.expand(gap - other) == 0 or sp.expand(gap + other) == 0:
        return True
    free = variables(sp.Tuple(gap, other))
    if len(free) != 1:
        return False
    symbol = free[0]
    try:
        return sp.solveset(gap, symbol, sp.S.Reals) == sp.solveset(other, symbol, sp.S.Reals)
    except Exception:  # noqa: BLE001 - not shown to be the same: not settled
        return False


def _by_interval(condition: sp.Basic, facts: Facts) -> sp.Basic:
    """A condition on one symbol, against the interval its bounds give."""
    free = variables(condition)
    if len(free) != 1:
        return condition
    symbol = free[0]
    bounds = bounds_of(symbol, facts)
    low = bounds.low if bounds.low is not None else -sp.oo
    high = bounds.high if bounds.high is not None else sp.oo
    if not (low.is_number and high.is_number):
        return condition
    domain = sp.Interval(low, high, left_open=low not in bounds.closed, right_open=high not in bounds.closed)
    if symbol.is_integer:
        domain = sp.Range(sp.ceiling(low), sp.floor(high) + 1) if low.is_finite and high.is_finite else domain
    try:
        plain = sp.Dummy("v", real=True)  # as_set needs a symbol, and β_1 may be an entry β[1]
        allowed = sp.Intersection(condition.xreplace({symbol: plain}).as_set(), sp.S.Reals)
        if domain.is_subset(allowed) is True:
            return sp.true
        if sp.Intersection(domain, allowed) is sp.S.EmptySet:
            return sp.false
    except Exception:  # noqa: BLE001 - an undecided case stays a case, which is safe
        return condition
    return condition


def settle(expr: sp.Basic, facts: Facts) -> sp.Basic:
    """Every Piecewise condition the facts decide, decided; inside a sum, its index's range is a fact."""
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        index, low, high = expr.limits[0]
        if not _forward(low, high, facts):
            return expr  # SymPy's Σ_{i=a}^{b} with b < a − 1 runs over b+1…a−1 (Karr): i is not in [a, b]
        inner = (*facts, sp.Ge(index, low, evaluate=False), sp.Le(index, high, evaluate=False))
        return sp.Sum(settle(expr.function, inner), expr.limits[0])
    if isinstance(expr, sp.Piecewise):
        pairs = [(settle(value, facts), decide(cond, facts)) for value, cond in expr.args]
        return sp.Piecewise(*pairs)
    if not expr.args or isinstance(expr, sp.core.relational.Relational):
        return expr
    return expr.func(*[settle(a, facts) for a in expr.args])


def _forward(low: sp.Expr, high: sp.Expr, facts: Facts) -> bool:
    """b − a + 1 ≥ 0 for every size ≥ 1 (the facts' n ≥ 1): the sum's terms all have a ≤ i ≤ b."""
    sizes = {f.lhs for f in facts if isinstance(f, sp.Ge) and f.rhs == 1 and isinstance(f.lhs, sp.Symbol)}
    shifted = {s: sp.Symbol(f"{s.name}₀", integer=True, nonnegative=True) + 1 for s in sizes}
    return sp.expand((high - low + 1).xreplace(shifted)).is_nonnegative is True


def known_ranges(sizes: frozenset, free_indices: frozenset, whole: sp.Basic) -> tuple[Facts, list[str]]:
    """n ≥ 1 for each size; 1 ≤ j ≤ n for a free index j whose family some sum runs over 1…n."""
    facts: list[sp.Basic] = [sp.Ge(s, 1, evaluate=False) for s in sorted(sizes, key=sp.default_sort_key)]
    said = [f"{s} ≥ 1" for s in sorted(sizes, key=sp.default_sort_key)]
    for j in sorted(free_indices, key=sp.default_sort_key):
        families = {e.base for e in whole.atoms(sp.Indexed) if j in e.indices}
        for big in whole.atoms(sp.Sum):
            index, low, high = big.limits[0]
            if any(e.base in families and index in e.indices for e in big.function.atoms(sp.Indexed)):
                facts += [sp.Ge(j, low, evaluate=False), sp.Le(j, high, evaluate=False)]
                said.append(f"{j} in {low}…{high} (the range of its family)")
                break
    return tuple(facts), said


def sum_identity(difference: sp.Expr, facts: Facts, linear: Callable[[sp.Basic], sp.Basic]) -> str | None:
    """lhs − rhs, a sum expression, shown to be 0 for every size: closed, its cases settled, simplified."""
    try:
        closed = settle(difference.doit(), facts)
        closed = settle(closed.doit(), facts)  # a settled case may leave a sum that now closes
    except Exception:  # noqa: BLE001 - no closed form proves nothing, which is safe
        return None
    started = time.perf_counter()
    forms = (closed, linear(closed))
    for form in forms:
        if form == 0:
            return "the sums close (SymPy's summation) and the difference is 0"
    for cheap in (True, False):  # the cheap transforms on both forms first: the budget is the claim's
        for form in forms:
            if time.perf_counter() - started > BUDGET_SECONDS or (not cheap and form.has(sp.Sum)):
                continue
            found = equality_certificate(form, facts, cheap=cheap)
            if found:
                return f"the sums close exactly (SymPy's summation, their cases settled) and {found}"
    form = forms[0]
    if form.has(sp.Piecewise) and not form.has(sp.Sum) and time.perf_counter() - started < BUDGET_SECONDS:
        split = case_certificate(form, facts, lambda e, c: equality_certificate(e, c, cheap=True))
        if split:
            return f"the sums close exactly (SymPy's summation) and the closed form is {split}"
    return None
