"""Jensen's inequality for two or more points, from the sign of f'' on an interval.

The claim must be exactly f(Σ wᵢxᵢ) ≤ Σ wᵢ f(xᵢ) (or ≥ for a concave f): the gap, with each
application of f replaced by a variable, is Σ wᵢ yᵢ − y_m; the weights are non-negative under the
conditions and sum to 1 exactly; the mixed argument equals Σ wᵢxᵢ exactly; every xᵢ lies in an
interval I on which f'' ≥ 0 (≤ 0) is proved. Then the theorem applies (Jensen 1906; Boyd &
Vandenberghe, Convex Optimization, §3.1.8), and the detail says it is cited.
"""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid, softplus

from .certificate import _interval, nonnegativity_certificate
from .sampling import bounds_of

# Smooth heads only: ReLU's "second derivative" (the step's fdiff) is 0 wherever it is defined, which
# would make it both convex and concave; a kink needs the case split, never this rule.
HEADS = (sp.exp, sp.log, softplus, sigmoid, sp.tanh)


def _families(expr: sp.Expr) -> dict[object, list[sp.Expr]]:
    """Applications grouped by function: exp(·), log(·), …, and u**p for each integer power p ≥ 2."""
    groups: dict[object, list[sp.Expr]] = {}
    for atom in expr.atoms(*HEADS):
        groups.setdefault(atom.func, []).append(atom)
    for atom in expr.atoms(sp.Pow):
        if atom.exp.is_Integer and atom.exp >= 2 and not atom.base.is_number:
            groups.setdefault(("power", int(atom.exp)), []).append(atom)
    return groups


def _function(key: object) -> sp.Lambda:
    u = sp.Dummy("u", real=True)
    return sp.Lambda(u, u ** key[1]) if isinstance(key, tuple) else sp.Lambda(u, key(u))


def _argument(application: sp.Expr) -> sp.Expr:
    return application.base if isinstance(application, sp.Pow) else application.args[0]


def jensen_certificate(small: sp.Expr, large: sp.Expr, strict: bool, conditions: tuple[sp.Basic, ...]) -> str | None:
    """Why small ≤ large by Jensen's inequality, or None."""
    if strict:
        return None
    gap = large - small
    for key, applications in _families(gap).items():
        if len(applications) < 3:
            continue
        for mixed in applications:
            found = _match(gap, key, mixed, [a for a in applications if a != mixed], conditions)
            if found:
                return found
    return None


def _match(gap: sp.Expr, key: object, mixed: sp.Expr, others: list[sp.Expr],
           conditions: tuple[sp.Basic, ...]) -> str | None:
    ys = {a: sp.Dummy("y") for a in [mixed, *others]}
    linear = sp.expand(gap.xreplace(ys))
    if any(linear.has(a) for a in ys):
        return None
    coefficient = linear.coeff(ys[mixed])
    if coefficient not in (1, -1):
        return None
    convex = coefficient == -1  # gap = Σ wᵢ f(xᵢ) − f(m) ≥ 0 needs f convex; f(m) − Σ wᵢ f(xᵢ) needs concave
    weights = [sp.expand(coefficient * -linear.coeff(ys[a])) for a in others]
    rest = sp.expand(linear - coefficient * (ys[mixed] - sum(w * ys[a] for w, a in zip(weights, others))))
    if rest != 0 or any(w.has(*ys.values()) for w in weights):
        return None
    if sp.simplify(sum(weights) - 1) != 0:
        return None
    if sp.expand(_argument(mixed) - sum(w * _argument(a) for w, a in zip(weights, others))) != 0:
        return None
    if not all(w.is_number and w >= 0 or nonnegativity_certificate(w, False, conditions) for w in weights):
        return None
    domain = _hull([_argument(a) for a in others], conditions)
    if domain is None:
        return None
    f = _function(key)
    u = sp.Dummy("u", real=True)
    second = sp.diff(f(u), u, 2)
    sign = second if convex else -second
    inside = tuple(c for c in (u > domain.start if domain.left_open else u >= domain.start,
                               u < domain.end if domain.right_open else u <= domain.end)
                   if c is not sp.true)
    if not _defined(f(u), u, domain) or not nonnegativity_certificate(sign, False, inside):
        return None
    shape = "convex" if convex else "concave"
    written = sp.sstr(second.subs(u, sp.Symbol("u")))
    return (f"Jensen's inequality (a cited theorem: Jensen 1906; Boyd & Vandenberghe §3.1.8) for "
            f"f(u) = {sp.sstr(f(sp.Symbol('u')))}, {shape} on {_interval(domain)} since "
            f"f''(u) = {written} {'≥' if convex else '≤'} 0 there, with weights "
            f"{', '.join(sp.sstr(w) for w in weights)} ≥ 0 summing to 1")


def _hull(points: list[sp.Expr], conditions: tuple[sp.Basic, ...]) -> sp.Interval | None:
    """An interval holding every point: the symbols' bounds from the conditions, else the real line."""
    lows, highs = [], []
    for point in points:
        if not isinstance(point, sp.Symbol):
            lows.append(None)
            highs.append(None)
            continue
        bounds = bounds_of(point, conditions)
        lows.append(bounds.low)
        highs.append(bounds.high)
    low = -sp.oo if any(v is None for v in lows) else sp.Min(*lows)
    high = sp.oo if any(v is None for v in highs) else sp.Max(*highs)
    if not (low.is_number and high.is_number):
        return None
    # Open ends: a bound from a strict condition is excluded, which only shrinks what is claimed of f.
    return sp.Interval(low, high, left_open=True, right_open=True) if low != high else None


def _defined(expr: sp.Expr, u: sp.Symbol, domain: sp.Interval) -> bool:
    """f is real and finite on the interval (log needs it inside (0, ∞))."""
    if expr.has(sp.log):
        return domain.start.is_number and domain.start >= 0
    return True
