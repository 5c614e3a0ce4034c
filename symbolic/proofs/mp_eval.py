"""symengine expressions evaluated with mpmath at a chosen precision (the 60-digit half of the entrywise proofs).

SymPy's evalf (symbolic.verify.sampling.high_precision) is adaptive but walks the
tree without sharing: the direct side of an unrolled LSTM, nested tanh and exp
several steps deep, took 16 s an entry. Here symengine's common-subexpression
elimination cuts each expression into small pieces, evaluated once each, in one
table of operations. The precision is fixed, so callers evaluate twice (60 and
120 digits) and trust only what both agree on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import mpmath
import symengine as se


class NotEvaluable(ArithmeticError):
    """A piece with no numeric meaning here: an undefined g, a derivative, a symbol without a value."""


def _power(base: mpmath.mpf, exponent: mpmath.mpf) -> mpmath.mpf:
    value = mpmath.power(base, exponent)
    if isinstance(value, mpmath.mpc):
        raise NotEvaluable("a power is not real here")
    return value


def _piecewise(node: se.Basic, env: dict) -> mpmath.mpf:
    args = node.args  # (value, condition, value, condition, …): the first true condition wins
    for value, condition in zip(args[::2], args[1::2]):
        if _truth(condition, env):
            return evaluate_piece(value, env)
    raise NotEvaluable("no case of a piecewise expression applies")


def _truth(condition: se.Basic, env: dict) -> bool:
    if condition in (se.true, se.false):
        return condition == se.true
    compare = COMPARISONS.get(type(condition))
    if compare is None:
        raise NotEvaluable(f"condition {condition} has no numeric meaning here")
    return compare(*(evaluate_piece(side, env) for side in condition.args))


COMPARISONS: dict[type, Callable[[mpmath.mpf, mpmath.mpf], bool]] = {
    se.StrictLessThan: lambda a, b: a < b, se.LessThan: lambda a, b: a <= b, se.Equality: lambda a, b: a == b,
}

# one operation per symengine head; anything else is NotEvaluable (an undefined g among them)
OPERATIONS: dict[type, Callable[..., mpmath.mpf]] = {
    se.Add: lambda *terms: mpmath.fsum(terms), se.Mul: lambda *factors: mpmath.fprod(factors), se.Pow: _power,
    se.tanh: mpmath.tanh, se.log: mpmath.log, se.erf: mpmath.erf, se.sin: mpmath.sin, se.cos: mpmath.cos,
    se.Abs: abs, se.Max: max, se.Min: min,
}


def evaluate_piece(node: se.Basic, env: dict) -> mpmath.mpf:
    """One expression's value at the current mpmath precision; `env` holds every symbol's value."""
    if node in env:
        return env[node]
    if isinstance(node, (se.Integer, se.Rational)):
        numerator, denominator = node.get_num_den()
        return mpmath.mpf(int(numerator)) / int(denominator)
    if node == se.E:
        return mpmath.e
    if node == se.pi:
        return mpmath.pi
    if isinstance(node, se.Pow) and node.args[0] == se.E:
        return mpmath.exp(evaluate_piece(node.args[1], env))
    if isinstance(node, se.Piecewise):
        return _piecewise(node, env)
    operation = OPERATIONS.get(type(node))
    if operation is None:
        raise NotEvaluable(f"{type(node).__name__} has no numeric meaning here")
    return operation(*(evaluate_piece(arg, env) for arg in node.args))


def evaluate(exprs: Sequence[se.Basic], env: dict, digits: int) -> list[mpmath.mpf] | None:
    """The expressions at `digits` significant digits, or None where one is undefined or not a finite real."""
    replacements, reduced = se.cse(list(exprs))
    local = dict(env)
    with mpmath.workdps(digits):
        try:
            for temporary, piece in replacements:
                local[temporary] = evaluate_piece(piece, local)
            values = [evaluate_piece(expr, local) for expr in reduced]
        except (NotEvaluable, ZeroDivisionError, ValueError, OverflowError):
            return None
    if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in values):
        return None
    return values
