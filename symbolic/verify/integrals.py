"""Integrals checked by differentiation.

An indefinite claim `\\int f(x) \\, dx = F(x) + C` says that F is an antiderivative of f on
the claim's domain. It is checked as the derivative claim d/dx F = f (every summand of F
free of x, the constant of integration C, drops out), after a domain check: F must be
real wherever f is (ln x is no antiderivative of 1/x at x < 0; ln|x| is).

A definite integral is evaluated by the fundamental theorem of calculus, F(b) − F(a),
only with an antiderivative F that is checked here (F' − f simplifies to 0) and is
continuous on the whole interval of integration; an integral left over has only a
numeric value, which is evidence, never a proof or a refutation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import sympy as sp
from sympy.calculus.util import continuous_domain

from ..notation.claim import Claim
from ..notation.writer import to_latex
from .prepare import Problem, prepare
from .sampling import bounds_of, high_precision, sample_points, variables
from .verdict import Counterexample

DOMAIN_POINTS = 60


@dataclass(frozen=True)
class Antiderivative:
    """`\\int integrand \\, d variable = candidate`, and the derivative claim it amounts to."""

    variable: sp.Symbol
    integrand: sp.Expr
    candidate: sp.Expr
    derivative: Claim  # d/dx candidate = integrand, under the claim's own conditions and definitions


def antiderivative(claim: Claim) -> Antiderivative | None:
    """The antiderivative claim, when one side is an indefinite integral (the reader allows only that form)."""
    for side, other in ((claim.lhs, claim.rhs), (claim.rhs, claim.lhs)):
        if isinstance(side, sp.Integral) and len(side.limits) == 1 and len(side.limits[0]) == 1:
            variable = side.limits[0][0]
            derivative = replace(claim, lhs=sp.Derivative(other, variable), relation="=", rhs=side.function)
            return Antiderivative(variable, side.function, other, derivative)
    return None


def constants_of_integration(found: Antiderivative) -> list[sp.Expr]:
    """The summands of the candidate that do not depend on the variable: C in F(x) + C."""
    return [term for term in sp.Add.make_args(found.candidate) if not term.has(found.variable)]


def domain_gap(found: Antiderivative, rng: np.random.Generator) -> Counterexample | None:
    """A point inside the conditions where the integrand is real and the candidate is not (confirmed at 60 digits)."""
    pair = replace(found.derivative, lhs=found.integrand, rhs=found.candidate)
    problem = prepare(pair)[0]
    conditions = problem.all_conditions()
    symbols = variables(sp.Tuple(problem.lhs, problem.rhs, *conditions))
    for point in sample_points(symbols, conditions, problem.integers, rng, DOMAIN_POINTS):
        integrand = high_precision(problem.lhs.xreplace(point))
        if integrand is None or high_precision(problem.rhs.xreplace(point)) is not None:
            continue
        if _not_real(problem.rhs.xreplace(point)):
            constants = set(constants_of_integration(found))  # C does not change where F is defined
            values = {to_latex(symbol): _decimal(value) for symbol, value in point.items() if symbol not in constants}
            return Counterexample(values, _decimal(integrand), "not a real number", "undefined (the candidate is)")
    return None


def _decimal(value: sp.Expr) -> str:
    """A point's coordinate or a value as the engine prints them: -0.967, not -967/1000."""
    return sp.sstr(sp.Float(value, 15), full_prec=False)


def _not_real(value: sp.Expr) -> bool:
    """The value is a finite complex number off the real line (ln(−1) = iπ), at 60 digits: not a pole we might miss."""
    number = sp.N(value, 60)
    if not number.is_number or number.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return False
    return abs(sp.im(number)) > 1e-40


# ------------------------------------------------------------------ definite integrals
@dataclass(frozen=True)
class Evaluated:
    """A problem with its definite integrals replaced where the fundamental theorem applies."""

    problem: Problem
    used: tuple[str, ...]      # "F(t) = …" for each integral evaluated by the theorem
    left_over: tuple[sp.Integral, ...]  # integrals with no checked antiderivative: numeric evidence only


def fundamental_theorem(problem: Problem) -> Evaluated:
    """Replace each definite integral ∫_a^b f dt by F(b) − F(a), F a checked antiderivative continuous on [a, b]."""
    used: list[str] = []
    left: list[sp.Integral] = []
    conditions = problem.all_conditions()

    def evaluate(integral: sp.Integral) -> sp.Expr:
        value = _by_antiderivative(integral, conditions)
        if value is None:
            left.append(integral)
            return integral
        used.append(value[1])
        return value[0]

    sides = [side.replace(lambda e: isinstance(e, sp.Integral) and _definite(e), evaluate)
             for side in (problem.lhs, problem.rhs)]
    return Evaluated(replace(problem, lhs=sides[0], rhs=sides[1]), tuple(used), tuple(left))


def _definite(integral: sp.Integral) -> bool:
    return len(integral.limits) == 1 and len(integral.limits[0]) == 3 and not integral.function.has(sp.Integral)


def _by_antiderivative(integral: sp.Integral, conditions: tuple[sp.Basic, ...]) -> tuple[sp.Expr, str] | None:
    variable, low, high = integral.limits[0]
    f = integral.function
    try:
        primitive = sp.integrate(f, variable)
        if primitive.has(sp.Integral) or sp.simplify(sp.diff(primitive, variable) - f) != 0:
            return None  # SymPy's antiderivative is used only once checked here
        span = _span(low, high, conditions)
        if span is None or not (_continuous_everywhere(primitive, variable)
                                or span.is_subset(continuous_domain(primitive, variable, sp.S.Reals))):
            return None  # F jumps or blows up inside [a, b]: the theorem does not apply
        ends = [_at(primitive, variable, end) for end in (high, low)]
    except Exception:  # noqa: BLE001 - no antiderivative found proves nothing, which is safe
        return None
    if any(end is None for end in ends):
        return None
    return ends[0] - ends[1], f"F({variable}) = {to_latex(primitive)}"


# Continuous on the whole real line (SymPy's continuous_domain does not know erf).
ENTIRE = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.erf, sp.erfc, sp.Abs)


def _continuous_everywhere(primitive: sp.Expr, variable: sp.Symbol) -> bool:
    """A sufficient test: only functions continuous on ℝ and powers with non-negative integer exponents."""
    for part in sp.preorder_traversal(primitive):
        if isinstance(part, sp.Function) and not isinstance(part, ENTIRE) and part.has(variable):
            return False
        if isinstance(part, sp.Pow) and part.base.has(variable) and not (part.exp.is_Integer and part.exp >= 0):
            return False
    return True


def numeric_values(integrals: tuple[sp.Integral, ...]) -> str:
    """The numeric value of each integral without free symbols (evidence), or why there is none."""
    shown = []
    for integral in integrals:
        if integral.free_symbols:
            continue
        try:
            value = high_precision(integral.evalf(30))
        except Exception:  # noqa: BLE001 - a quadrature that fails gives no evidence, which is safe
            value = None
        text = sp.sstr(sp.Float(value, 15), full_prec=False) if value is not None else "no finite value (divergent?)"
        shown.append(f"{to_latex(integral)} ≈ {text}")
    return "; ".join(shown)


def _at(primitive: sp.Expr, variable: sp.Symbol, end: sp.Expr) -> sp.Expr | None:
    value = sp.limit(primitive, variable, end) if end in (sp.oo, -sp.oo) else primitive.subs(variable, end)
    return None if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds, sp.Limit) else value


def _span(low: sp.Expr, high: sp.Expr, conditions: tuple[sp.Basic, ...]) -> sp.Interval | None:
    """An interval that holds [low, high] (or [high, low]) for every value the conditions allow the limits."""
    ends = [_range(end, conditions) for end in (low, high)]
    if any(e is None for e in ends):
        return None
    (a_low, a_low_open, a_high, a_high_open), (b_low, b_low_open, b_high, b_high_open) = ends
    start, start_open = (a_low, a_low_open) if a_low <= b_low else (b_low, b_low_open)
    stop, stop_open = (a_high, a_high_open) if a_high >= b_high else (b_high, b_high_open)
    return sp.Interval(start, stop, start_open or start == -sp.oo, stop_open or stop == sp.oo)


def _range(end: sp.Expr, conditions: tuple[sp.Basic, ...]) -> tuple | None:
    """(low, open, high, open) for a limit: itself when a number, else its symbol's bounds from the conditions."""
    if end.is_number:
        return end, False, end, False
    if not isinstance(end, sp.Symbol):
        return -sp.oo, True, sp.oo, True  # any real value: a wider span only asks more of F
    bounds = bounds_of(end, conditions)
    low = bounds.low if bounds.low is not None else -sp.oo
    high = bounds.high if bounds.high is not None else sp.oo
    return low, low not in bounds.closed, high, high not in bounds.closed
