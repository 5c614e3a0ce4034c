"""Two exact rules for inequalities that polynomial simplification misses.

- quadratic forms: a gap of degree 2 in real generators (symbols, |x|, √…) is [g; 1]ᵀ M [g; 1]
  with a rational matrix M; if M is positive semidefinite (SymPy's exact test) the gap is ≥ 0
  for every real value of the generators, so also for the related ones the claim has;
- extrema: max(a₁, …, a_k) ≤ B when every aᵢ ≤ B, and A ≤ min(b₁, …, b_k) when A ≤ every bᵢ.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

Conditions = tuple[sp.Basic, ...]
MAX_GENERATORS = 8


def quadratic_form_certificate(gap: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    """Why gap ≥ 0: it is a positive semidefinite quadratic form (plus constant) in real generators."""
    if strict:
        return None
    try:
        poly = sp.Poly(sp.expand(gap))
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    gens = poly.gens
    if poly.total_degree() != 2 or len(gens) > MAX_GENERATORS or not all(g.is_real is True for g in gens):
        return None
    if not all(c.is_Rational for c in poly.coeffs()):
        return None
    k = len(gens)
    matrix = sp.zeros(k + 1, k + 1)
    for monomial, coefficient in poly.terms():
        where = [i for i, power in enumerate(monomial) for _ in range(power)]
        row, col = (where + [k, k])[:2]
        if row == col:
            matrix[row, col] += coefficient
        else:
            matrix[row, col] += coefficient / 2
            matrix[col, row] += coefficient / 2
    if matrix.is_positive_semidefinite is not True:
        return None
    names = ", ".join(sp.sstr(g) for g in gens)
    return (f"the gap is a quadratic form in {names} whose matrix is positive semidefinite "
            "(checked exactly over the rationals)")


def extremum_certificate(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions,
                         prove: Callable[[sp.Expr, sp.Expr, bool, Conditions], str | None]) -> str | None:
    """max(aᵢ) ≤ B from every aᵢ ≤ B; A ≤ min(bᵢ) from A ≤ every bᵢ (each by `prove`)."""
    if isinstance(small, sp.Max):
        pairs = [(a, large) for a in small.args]
        said = "the maximum is below the right side because every argument is"
    elif isinstance(large, sp.Min):
        pairs = [(small, b) for b in large.args]
        said = "the left side is below the minimum because it is below every argument"
    else:
        return None
    reasons = []
    for low, high in pairs:
        found = prove(low, high, strict, conditions)
        if not found:
            return None
        reasons.append(found)
    return f"{said} ({'; '.join(reasons)})"


def through_absolute_values(expr: sp.Expr) -> sp.Expr:
    """An expression even in x (unchanged by x → −x) equals itself at |x|: write x as a non-negative d."""
    for atom in sorted(expr.atoms(sp.Abs), key=sp.default_sort_key):
        s = atom.args[0]
        if not isinstance(s, (sp.Symbol, sp.Indexed)) or not expr.has(atom):
            continue
        if sp.expand(expr.xreplace({s: -s}) - expr) != 0:
            continue
        d = sp.Symbol(f"|{sp.sstr(s)}|", nonnegative=True)
        expr = sp.expand(expr.xreplace({atom: d}).xreplace({s: d}))
    return expr


def squared_form_certificate(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions,
                             nonnegative: Callable[[sp.Expr], str | None]) -> str | None:
    """|small| ≤ large from large ≥ 0 and large² − small² a positive semidefinite quadratic form."""
    if strict or not nonnegative(large):
        return None
    square = through_absolute_values(sp.expand(large**2 - small**2))
    found = quadratic_form_certificate(square, False, conditions)
    if not found:
        return None
    return f"the right side is non-negative and the difference of the squares is {found.removeprefix('the gap is ')}"
