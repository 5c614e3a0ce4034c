"""Inequalities with logarithms through their tangent bounds: 1 − 1/A ≤ ln A ≤ A − 1 for A > 0.

Each term c·ln A of the gap is replaced by the bound that can only make the gap smaller: the lower
bound c(1 − 1/A) where c ≥ 0, the upper bound c(A − 1) where c ≤ 0. If what is left, a gap without
logarithms, is ≥ 0, so is the original. This is how Gibbs' inequality is proved (KL(p‖q) ≥ 0 for
Bernoulli and for Gaussian distributions; Cover & Thomas, Elements of Information Theory, Thm. 2.6.3).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .sampling import bounded_below

Conditions = tuple[sp.Basic, ...]
Prover = Callable[[sp.Expr, bool, Conditions], str | None]  # gap, strict, conditions → why gap ≥ 0


def log_tangent_certificate(gap: sp.Expr, strict: bool, conditions: Conditions, prove: Prover) -> str | None:
    """Why gap ≥ 0 (> 0 when strict): its logarithms replaced by their tangent bounds, `prove` shows the rest is."""
    if strict or not gap.has(sp.log):
        return None
    bounded = sp.Integer(0)
    replaced = 0
    for term in sp.Add.make_args(gap):  # as written: expanding would split a coefficient and the logarithm's argument
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if not logs:
            bounded += term
            continue
        if len(logs) != 1:
            return None
        argument = logs[0].args[0]
        coefficient = term / logs[0]
        if coefficient.has(sp.log) or not _positive(argument, conditions, prove):
            return None  # ln A needs A > 0 for its bounds
        if prove(coefficient, False, conditions):
            bounded += coefficient * (1 - 1 / argument)
        elif prove(-coefficient, False, conditions):
            bounded += coefficient * (argument - 1)
        else:
            return None
        replaced += 1
    reason = prove(sp.together(bounded), False, conditions)
    if not reason:
        return None
    which = "the logarithm" if replaced == 1 else f"each of the {replaced} logarithms"
    return (f"{which} bounded by its tangent (1 − 1/A ≤ ln A ≤ A − 1, taken on the side "
            f"that lowers the gap) leaves a gap without logarithms that is non-negative ({reason})")


def _positive(argument: sp.Expr, conditions: Conditions, prove: Prover) -> bool:
    """A > 0: as a whole, or as a quotient of products whose every factor is (1 − p over 1 − q for p, q < 1)."""
    if prove(argument, True, conditions):
        return True
    numerator, denominator = sp.fraction(sp.together(argument))
    factors = [f.base if f.is_Pow and f.exp.is_Integer else f for f in sp.Mul.make_args(numerator * denominator)]
    return all(f.is_positive is True or bounded_below(f, conditions, strictly=True) or prove(f, True, conditions)
               for f in factors)
