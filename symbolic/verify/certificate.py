"""Symbolic certificates: the difference simplifies to 0, or an inequality reduces
to a recognisably non-negative form. Each returns a one-line description of
what it did, or None when it found nothing (which proves nothing either way).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, softplus, to_elementary

from .sampling import bounds_of

EQUALITY_TRANSFORMS: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [
    ("expansion", sp.expand),
    ("cancellation", sp.cancel),
    ("rewriting in exponentials and simplifying", lambda e: sp.simplify(e.rewrite(sp.exp))),
    ("simplification", sp.simplify),
    ("evaluating the integrals and simplifying", lambda e: sp.simplify(e.doit()) if e.has(sp.Integral) else e),
    ("piecewise folding and simplification", lambda e: sp.simplify(sp.piecewise_fold(e.rewrite(sp.Piecewise)))),
    ("expanding logarithms (valid only where their arguments are positive)",
     lambda e: sp.simplify(sp.expand_log(e.rewrite(sp.exp), deep=True))),
    ("deep expansion and simplification", lambda e: sp.simplify(sp.expand(e.rewrite(sp.exp), deep=True))),
]

SYMBOLIC_BUDGET_SECONDS = 5.0
CHEAP = 2  # the first transforms are fast; used to double-check a numeric refutation


def with_sign_assumptions(expr: sp.Basic, conditions: tuple[sp.Basic, ...]) -> sp.Basic:
    """Replace each symbol by one that carries the sign its bounds imply (x > 0 → positive)."""
    mapping = {}
    for symbol in expr.free_symbols:
        if not isinstance(symbol, sp.Symbol) or symbol.is_integer:
            continue
        bounds = bounds_of(symbol, conditions)
        facts = {}
        if bounds.low is not None and bounds.low >= 0:
            facts["positive" if _strict_low(symbol, conditions) or bounds.low > 0 else "nonnegative"] = True
        if bounds.high is not None and bounds.high <= 0:
            facts["negative" if _strict_high(symbol, conditions) or bounds.high < 0 else "nonpositive"] = True
        if facts:
            mapping[symbol] = sp.Symbol(symbol.name, real=True, **facts)
    return expr.xreplace(mapping)


def _strict_low(symbol: sp.Symbol, conditions: tuple[sp.Basic, ...]) -> bool:
    return any((c.rel_op == ">" and c.lhs == symbol) or (c.rel_op == "<" and c.rhs == symbol)
               for c in conditions if isinstance(c, sp.core.relational.Relational))


def _strict_high(symbol: sp.Symbol, conditions: tuple[sp.Basic, ...]) -> bool:
    return any((c.rel_op == "<" and c.lhs == symbol) or (c.rel_op == ">" and c.rhs == symbol)
               for c in conditions if isinstance(c, sp.core.relational.Relational))


def equality_certificate(difference: sp.Expr, conditions: tuple[sp.Basic, ...], cheap: bool = False) -> str | None:
    """How lhs − rhs was reduced to 0, or None."""
    split = None if cheap else by_cases(difference, conditions, lambda e: equality_certificate(e, (), cheap=True))
    if split:
        return f"lhs − rhs reduces to 0 {split}"
    expr = to_elementary(with_sign_assumptions(difference, conditions))
    if expr == 0:
        return "the difference is identically 0 after taking derivatives"
    started = time.perf_counter()
    for name, transform in EQUALITY_TRANSFORMS[: CHEAP if cheap else None]:
        if time.perf_counter() - started > SYMBOLIC_BUDGET_SECONDS:
            return None  # leave time to report the numeric evidence before the claim's time limit
        if "piecewise" in name and not expr.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Heaviside):
            continue
        try:
            if transform(expr) == 0:
                return f"lhs − rhs reduces to 0 by {name}"
        except Exception:  # noqa: BLE001 - a transform that fails proves nothing, which is safe
            continue
    return None if cheap else _positive_logarithms(to_elementary(difference), conditions)


def _positive_logarithms(expr: sp.Expr, conditions: tuple[sp.Basic, ...]) -> str | None:
    """ln(ab) = ln a + ln b needs a, b > 0: expand only when every logarithm's argument provably is."""
    logs = expr.atoms(sp.log)
    if not logs:
        return None
    factors = {f for log in logs for f in sp.Mul.make_args(log.args[0])}
    bases = {f.base if isinstance(f, sp.Pow) else f for f in factors}
    if not all(b.is_number and b > 0 or nonnegativity_certificate(b, True, conditions) for b in bases):
        return None
    try:
        if sp.simplify(sp.expand_log(expr, force=True)) == 0:
            return ("lhs − rhs reduces to 0 by expanding logarithms whose arguments are positive "
                    "wherever the conditions hold")
    except Exception:  # noqa: BLE001 - a transform that fails proves nothing, which is safe
        return None
    return None


def _bounded_atoms(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Interval]]:
    """Replace each bounded atom by a positive variable: σ(u) = 1/(1+q), tanh(u) = (1−q)/(1+q), e^u = q, …

    Each q > 0 is exact for its atom; treating the q's as independent can only
    make a proof harder, never wrong.
    """
    domains: dict[sp.Symbol, sp.Interval] = {}
    mapping = {}
    for atom in sorted(expr.atoms(sigmoid, sp.tanh, sp.exp, softplus, relu), key=sp.default_sort_key):
        if isinstance(atom, relu):
            symbol = sp.Dummy("r", nonnegative=True)
            mapping[atom], domains[symbol] = symbol, sp.Interval(0, sp.oo)
            continue
        symbol = sp.Dummy("q", positive=True)
        domains[symbol] = sp.Interval.open(0, sp.oo)
        if isinstance(atom, sigmoid):
            mapping[atom] = 1 / (1 + symbol)
        elif isinstance(atom, sp.tanh):
            mapping[atom] = (1 - symbol) / (1 + symbol)
        else:
            mapping[atom] = symbol
    return expr.xreplace(mapping), domains


def inequality_certificate(small: sp.Expr, large: sp.Expr, strict: bool,
                           conditions: tuple[sp.Basic, ...]) -> str | None:
    """Why small ≤ large (small < large when strict) wherever the conditions hold, or None."""
    found = nonnegativity_certificate(large - small, strict, conditions)
    if found or strict:
        return found
    # |small| ≤ large when large ≥ 0 and large² − small² ≥ 0 (Cauchy–Schwarz with its square roots);
    # symmetrically, small ≤ −|large| when −small ≥ 0 and small² − large² ≥ 0.
    for outer, inner, sign in ((large, small, 1), (-small, large, -1)):
        if _signed(with_sign_assumptions(outer, conditions), False) and \
                nonnegativity_certificate(sp.expand(outer**2 - inner**2), False, conditions):
            side = "the right side" if sign == 1 else "minus the left side"
            return f"{side} is non-negative and its square bounds the other side's square"
    return None


def nonnegativity_certificate(gap: sp.Expr, strict: bool, conditions: tuple[sp.Basic, ...]) -> str | None:
    """Why gap ≥ 0 (or > 0 when strict) everywhere the conditions hold, or None."""
    want = "is_positive" if strict else "is_nonnegative"
    expr = with_sign_assumptions(gap, conditions)
    candidates = [expr]
    reduced, domains = _bounded_atoms(expr)
    candidates += [reduced]
    for candidate in candidates:
        for name, form in (("as written", lambda e: e), ("factored", sp.factor), ("expanded", sp.expand),
                           ("simplified", sp.simplify)):
            try:
                if getattr(form(candidate), want) is True:
                    return f"the gap between the sides is {'positive' if strict else 'non-negative'} {name}"
            except Exception:  # noqa: BLE001 - a transform that fails proves nothing, which is safe
                continue
    plain, plain_domains = _bounded_atoms(gap)  # symbols as in the conditions, so their bounds are found
    for form, form_domains in ((plain, plain_domains), (to_elementary(gap), {})):
        minimum = _univariate_minimum(form, form_domains, strict, conditions)
        if minimum:
            return minimum
    split = by_cases(gap, conditions, lambda e: _signed(e, strict))
    return f"the gap is {'positive' if strict else 'non-negative'} {split}" if split else None


def _signed(expr: sp.Expr, strict: bool) -> str | None:
    want = "is_positive" if strict else "is_nonnegative"
    for form in (lambda e: e, sp.factor, sp.simplify):
        try:
            if getattr(form(expr), want) is True:
                return "signed"
        except Exception:  # noqa: BLE001 - a transform that fails proves nothing, which is safe
            continue
    return None


def _univariate_minimum(expr: sp.Expr, domains: dict[sp.Symbol, sp.Interval], strict: bool,
                        conditions: tuple[sp.Basic, ...]) -> str | None:
    """For a gap in one variable: its infimum over the variable's interval."""
    free = list(expr.free_symbols)
    if len(free) != 1:
        return None
    variable = free[0]
    domain = domains.get(variable)
    if domain is None:
        bounds = bounds_of(variable, conditions)
        low = bounds.low if bounds.low is not None else -sp.oo
        high = bounds.high if bounds.high is not None else sp.oo
        domain = sp.Interval(low, high, left_open=_strict_low(variable, conditions) or low == -sp.oo,
                             right_open=_strict_high(variable, conditions) or high == sp.oo)
    try:
        lowest = sp.minimum(expr, variable, domain)
    except (TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        return None
    if lowest is None or not lowest.is_real:
        return None
    if (lowest > 0) is sp.true or (not strict and (lowest >= 0) is sp.true):
        return f"the gap's minimum over {_interval(domain)} is {sp.sstr(lowest)}"
    if strict and (lowest >= 0) is sp.true and _never_zero(expr, variable, domain):
        return f"the gap's infimum over {_interval(domain)} is {sp.sstr(lowest)} and it is never 0 there"
    return None


def _never_zero(expr: sp.Expr, variable: sp.Symbol, domain: sp.Interval) -> bool:
    """True only when SymPy finds the gap has no zero in the domain (an unknown answer is False)."""
    try:
        return sp.solveset(expr, variable, domain) is sp.S.EmptySet
    except Exception:  # noqa: BLE001 - no answer proves nothing
        return False


KINKED = (relu, sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign)
MAX_CASE_SYMBOLS = 3


def _kink_symbols(expr: sp.Expr) -> list[sp.Symbol]:
    """Unsigned symbols x whose sign decides a ReLU / |·| / max / step in the expression."""
    from dlmath.symbolic.calculus.activations import step
    found = set()
    for atom in expr.atoms(*KINKED, step):
        for arg in atom.args:
            for candidate in (arg, -arg):
                if isinstance(candidate, sp.Symbol) and candidate.is_positive is None and candidate.is_negative is None:
                    found.add(candidate)
    return sorted(found, key=sp.default_sort_key)


def by_cases(expr: sp.Expr, conditions: tuple[sp.Basic, ...], check: Callable[[sp.Expr], str | None]) -> str | None:
    """Split on the sign (> 0, < 0, = 0) of each symbol at a kink; `check` must succeed in every case."""
    expr = with_sign_assumptions(expr, conditions)
    kinks = _kink_symbols(expr)
    if not kinks or len(kinks) > MAX_CASE_SYMBOLS:
        return None
    import itertools
    excluded = {c.lhs for c in conditions if isinstance(c, sp.Ne) and c.rhs == 0}
    for signs in itertools.product(("positive", "negative", "zero"), repeat=len(kinks)):
        if any(sign == "zero" and s in excluded for s, sign in zip(kinks, signs)):
            continue  # x ≠ 0 is a condition of the claim
        mapping = {s: (sp.Integer(0) if sign == "zero" else sp.Symbol(s.name, real=True, **{sign: True}))
                   for s, sign in zip(kinks, signs)}
        case = expr.xreplace(mapping)
        if case.has(sp.nan) or _kink_symbols(case) == kinks:
            if case.has(sp.nan):
                continue  # undefined at this point (the step function at 0): outside the domain
            return None
        if check(case) is None:
            return None
    names = ", ".join(str(s) for s in kinks)
    return f"by cases on the sign of {names}"


def _interval(domain: sp.Interval) -> str:
    """(0, ∞) rather than Interval.open(0, oo)."""
    low = "−∞" if domain.start == -sp.oo else sp.sstr(domain.start)
    high = "∞" if domain.end == sp.oo else sp.sstr(domain.end)
    return f"{'(' if domain.left_open else '['}{low}, {high}{')' if domain.right_open else ']'}"
