"""Inequalities between square roots, by squaring: Minkowski's and the triangle inequality in the plane.

For 0 ≤ small and 0 ≤ large, small ≤ large follows from small² ≤ large². After squaring, a gap
P + c·√A·√B with c > 0 (A, B ≥ 0) is ≥ 0 when c²AB − P² ≥ 0, because then c√(AB) ≥ |P| ≥ −P.
The remaining gap has no radicals and goes to the other certificates (often a sum of squares:
squared, Minkowski's inequality is Cauchy–Schwarz; Steele, The Cauchy–Schwarz Master Class, §1.3).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

Conditions = tuple[sp.Basic, ...]
Prover = Callable[[sp.Expr, bool, Conditions], str | None]  # gap, strict, conditions → why gap ≥ 0


def _roots(term: sp.Expr) -> list[sp.Expr]:
    return [f for f in sp.Mul.make_args(term) if f.is_Pow and f.exp == sp.Rational(1, 2)]


def _has_root(expr: sp.Expr) -> bool:
    return any(p.exp == sp.Rational(1, 2) for p in expr.atoms(sp.Pow))


def squaring_certificate(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions,
                         prove: Prover) -> str | None:
    """Why small ≤ large, both non-negative and with square roots, by squaring (once, then once more), or None."""
    if strict or not _has_root(small + large) or large.has(sp.log, sp.exp):
        return None
    if not (prove(small, False, conditions) and prove(large, False, conditions)):
        return None
    gap = sp.expand(large**2 - small**2)
    radical = [t for t in sp.Add.make_args(gap) if _roots(t)]
    plain = sp.Add(*[t for t in sp.Add.make_args(gap) if not _roots(t)])
    if not radical:
        reason = prove(plain, False, conditions)
        return f"both sides are non-negative and the gap between their squares is non-negative ({reason})" \
            if reason else None
    if len(radical) != 1 or len(_roots(radical[0])) != 2:
        return None
    first, second = _roots(radical[0])
    coefficient = sp.Mul(*[f for f in sp.Mul.make_args(radical[0]) if f not in (first, second)])
    if not coefficient.is_positive or not all(prove(r.base, False, conditions) for r in (first, second)):
        return None
    rest = sp.expand(coefficient**2 * first.base * second.base - plain**2)
    if _has_root(rest):
        return None
    reason = prove(rest, False, conditions)
    if not reason:
        return None
    return ("both sides are non-negative, so it is enough to compare their squares; the squared gap P + c√(AB) is "
            f"non-negative because c²AB − P² is ({reason})")
