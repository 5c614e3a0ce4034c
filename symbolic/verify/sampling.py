"""Numeric evidence: random points inside the conditions, evaluated with mpmath.

Points are exact rationals, so a counterexample can be re-evaluated at any
precision and printed exactly. A point where either side is undefined
(a pole, a logarithm of a negative number, the step function at 0) is
outside the claim's domain and skipped, never counted for or against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from dlmath.symbolic.calculus.activations import to_elementary

WORKING_DIGITS = 30
EDGE_PROBABILITY = 0.1  # how often a symbol with a closed bound is put exactly on it
CONFIRM_DIGITS = 60
AGREE = mpmath.mpf("1e-20")      # relative difference still counted as equal at 30 digits
CONFIRMED = mpmath.mpf("1e-40")  # a difference this large at 60 digits is real


@dataclass(frozen=True)
class Bounds:
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    closed: tuple[sp.Expr, ...] = ()  # bounds the symbol may equal (from ≤ and ≥): worth trying exactly


def variables(expr: sp.Basic) -> list[sp.Expr]:
    """The quantities to sample: symbols outside indices, and whole indexed entries such as x[2]."""
    indexed = expr.atoms(sp.Indexed)
    masks = {entry: sp.Dummy() for entry in indexed}
    plain = expr.xreplace(masks).free_symbols - set(masks.values())
    return sorted(plain | indexed, key=sp.default_sort_key)


def bounds_of(symbol: sp.Expr, conditions: tuple[sp.Basic, ...]) -> Bounds:
    """The numeric interval the conditions give one symbol (the rest is checked by rejection)."""
    low = high = None
    closed: list[sp.Expr] = []
    for cond in conditions:
        if not isinstance(cond, sp.core.relational.Relational):
            continue
        left, right = cond.lhs, cond.rhs
        if left == symbol and right.is_number:
            value, upper = right, cond.rel_op in ("<", "<=")
        elif right == symbol and left.is_number:
            value, upper = left, cond.rel_op in (">", ">=")
        else:
            continue
        if cond.rel_op in ("!=", "=="):
            continue
        if cond.rel_op in ("<=", ">="):
            closed.append(value)
        if upper:
            high = value if high is None else sp.Min(high, value)
        else:
            low = value if low is None else sp.Max(low, value)
    return Bounds(low, high, tuple(closed))


def _rational(x: float) -> sp.Rational:
    return sp.Rational(round(x * 1000), 1000)


def draw(symbol: sp.Expr, bounds: Bounds, rng: np.random.Generator, integer: bool) -> sp.Rational:
    """One value for `symbol` inside its bounds; integers for index-like symbols."""
    low = float(bounds.low) if bounds.low is not None else None
    high = float(bounds.high) if bounds.high is not None else None
    if bounds.closed and rng.uniform() < EDGE_PROBABILITY:
        return sp.Rational(bounds.closed[int(rng.integers(len(bounds.closed)))])  # z = 0 when 0 ≤ z
    if integer:
        lo = int(np.ceil(low)) if low is not None else -3
        hi = int(np.floor(high)) if high is not None else max(lo, 0) + 6
        return sp.Integer(int(rng.integers(lo, max(lo, hi) + 1)))
    if low is not None and high is not None:
        return _rational(low + (high - low) * rng.uniform(0.005, 0.995))
    if low is not None:
        return _rational(low + 10 ** rng.uniform(-2.5, 1.2))
    if high is not None:
        return _rational(high - 10 ** rng.uniform(-2.5, 1.2))
    scale = rng.choice([1.0, 3.0, 10.0], p=[0.5, 0.35, 0.15])
    return _rational(rng.uniform(-scale, scale))


def satisfies(point: dict[sp.Expr, sp.Expr], conditions: tuple[sp.Basic, ...]) -> bool:
    for cond in conditions:
        value = cond.xreplace(point)
        if value not in (sp.true, True):
            if value in (sp.false, False):
                return False
            truth = sp.simplify(value)
            if truth is not sp.true:
                return False
    return True


def assumed_conditions(symbols: list[sp.Expr]) -> tuple[sp.Basic, ...]:
    """A symbol's own sign assumptions as conditions: a point with v < 0 is no point of a claim about
    `Symbol('v', nonnegative=True)`, so it can be neither evidence nor a counterexample."""
    out: list[sp.Basic] = []
    for s in symbols:
        if s.is_positive:
            out.append(sp.StrictGreaterThan(s, 0, evaluate=False))
        elif s.is_nonnegative:
            out.append(sp.GreaterThan(s, 0, evaluate=False))
        elif s.is_negative:
            out.append(sp.StrictLessThan(s, 0, evaluate=False))
        elif s.is_nonpositive:
            out.append(sp.LessThan(s, 0, evaluate=False))
    return tuple(out)


def sample_points(symbols: list[sp.Expr], conditions: tuple[sp.Basic, ...], integers: frozenset,
                  rng: np.random.Generator, count: int) -> list[dict[sp.Expr, sp.Expr]]:
    """Up to `count` points inside the conditions (rejection sampling, bounded tries)."""
    conditions = (*conditions, *assumed_conditions(symbols))
    all_bounds = {s: bounds_of(s, conditions) for s in symbols}
    points = []
    for _ in range(count * 20):
        point = {s: draw(s, all_bounds[s], rng, s in integers) for s in symbols}
        if satisfies(point, conditions):
            points.append(point)
            if len(points) == count:
                break
    return points


class Evaluator:
    """Both sides of a claim compiled once for fast evaluation at 30 digits."""

    def __init__(self, lhs: sp.Expr, rhs: sp.Expr, symbols: list[sp.Expr]) -> None:
        self.symbols = symbols
        self.lhs, self.rhs = to_elementary(lhs), to_elementary(rhs)
        dummies = [sp.Dummy(f"v{k}") for k in range(len(symbols))]
        swap = dict(zip(symbols, dummies))
        # The arguments are Dummies already: dummify=False skips lambdify's slow re-substitution.
        self.functions = [sp.lambdify(dummies, side.xreplace(swap), modules="mpmath", dummify=False)
                          for side in (self.lhs, self.rhs)]

    def at(self, point: dict[sp.Expr, sp.Expr]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """Both sides at `point`, or None where either is undefined or not real."""
        args = [mpmath.mpf(sp.Rational(point[s]).p) / sp.Rational(point[s]).q for s in self.symbols]
        with mpmath.workdps(WORKING_DIGITS):
            try:
                values = [f(*args) for f in self.functions]
            except (ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError):
                return None
        return _real_pair(values)

    def exact(self, point: dict[sp.Expr, sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
        """Both sides at `point` as exact SymPy numbers (for confirmation and display)."""
        return self.lhs.xreplace(point), self.rhs.xreplace(point)


def _real_pair(values: list[object]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    out = []
    for value in values:
        if isinstance(value, (int, float)):
            value = mpmath.mpf(value)
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > AGREE * (1 + abs(value.real)):
                return None
            value = value.real
        if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
            return None
        out.append(value)
    return out[0], out[1]


def high_precision(value: sp.Expr) -> sp.Float | None:
    """`value` at 60 digits, or None if it is not a finite real number."""
    try:
        number = sp.N(value, CONFIRM_DIGITS)
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not number.is_number:
        return None
    re, im = number.as_real_imag()
    if not re.is_Float and not re.is_Integer and not re.is_Rational:
        return None
    if im != 0 and abs(im) > 1e-40:
        return None
    return sp.Float(re, CONFIRM_DIGITS)


def bounded_below(x: sp.Expr, conditions: tuple[sp.Basic, ...], strictly: bool = False) -> bool:
    """x ≥ 0 (x > 0 when strictly) by the conditions: a positive lower bound, or the bound 0 with a strict x > 0."""
    low = bounds_of(x, conditions).low
    if low is None or low < 0:
        return False
    if not strictly or low > 0:
        return True
    return any(isinstance(c, sp.core.relational.Relational) and
               ((c.rel_op == ">" and c.lhs == x and c.rhs == 0) or (c.rel_op == "<" and c.rhs == x and c.lhs == 0))
               for c in conditions)
