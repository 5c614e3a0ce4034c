"""Polynomial inequalities by a sum of squares, found numerically and checked exactly.

A polynomial gap p is ≥ 0 everywhere when p = zᵀ Q z for a vector z of monomials and a positive
semidefinite Gram matrix Q. The search for Q is a small semidefinite program, solved by Clarabel
(an interior-point conic solver); a floating-point Q proves nothing, so it is rounded to rationals,
moved exactly back onto the affine space of matrices with zᵀ Q z = p, and accepted only if exact
rational LDLᵀ elimination shows it is positive semidefinite and zᵀ Q z − p expands to 0 in SymPy
(Parrilo 2003, "Semidefinite programming relaxations for semialgebraic problems"; Peyrl & Parrilo
2008, "Computing sum of squares decompositions with rational coefficients").

A variable the conditions make non-negative is written as the square of a new real variable first
(x = u², or u^(2k) when x sits under a k-th root), so the same search proves inequalities such as
AM–GM on the non-negative orthant: every x ≥ 0 is such a power, so p ≥ 0 for all real u gives p ≥ 0
for all x ≥ 0.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import sympy as sp

from .sampling import bounded_below

Conditions = tuple[sp.Basic, ...]
MAX_GENERATORS = 9
MAX_DEGREE = 8
MAX_BASIS = 40
MAX_CANDIDATES = 20_000  # monomials enumerated before pruning; more and the search is not tried
DENOMINATORS = (1, 2, 3, 4, 6, 8, 12, 24, 60, 120, 360, 2520, 10**4, 10**6)  # rounding tried in this order
SOLVER = "Clarabel"
ROOTS = {2: "√", 4: "∜", 6: "⁶√", 12: "¹²√"}  # how the new variable, a root of the old, is named


def sos_certificate(gap: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    """Why gap ≥ 0 wherever the conditions hold: it is a sum of squares (after x = u² for x ≥ 0), or None."""
    if strict:
        return None  # a sum of squares may vanish: it proves ≥ only
    polynomial, renamed = _as_polynomial(gap, conditions)
    if polynomial is None:
        return None
    squares = sum_of_squares(polynomial)
    if squares is None:
        return None
    written = " + ".join(_term(weight, form) for weight, form in squares)
    where = ""
    if renamed:
        where = " in the roots " + ", ".join(sp.sstr(power.base) for _, power in renamed) + \
            " of the non-negative variables (a root of x ≥ 0 is a real u ≥ 0 with x = uᵏ)"
    listed = f": {written}" if len(written) <= 240 else ""
    what = "a perfect square" if len(squares) == 1 else f"a sum of {len(squares)} squares"
    return (f"the gap is {what}{where}{listed} "
            f"(a Gram matrix found by the SDP solver {SOLVER}, rounded to rationals and checked exactly "
            "positive semidefinite)")


def sum_of_squares(polynomial: sp.Poly) -> list[tuple[Fraction, sp.Expr]] | None:
    """[(d_k, ℓ_k)] with polynomial = Σ d_k ℓ_k² and every d_k > 0, each checked exactly, or None."""
    degree = polynomial.total_degree()
    if degree % 2 or degree == 0 or degree > MAX_DEGREE or len(polynomial.gens) > MAX_GENERATORS:
        return None
    if not all(c.is_Rational for c in polynomial.coeffs()):
        return None
    target = {m: Fraction(int(c.p), int(c.q)) for m, c in polynomial.terms()}
    basis = _half_support(target)
    if not basis or len(basis) > MAX_BASIS:
        return None
    groups = _entries_by_monomial(basis)
    if any(m not in groups for m in target):
        return None  # a monomial no product of the basis reaches: no Gram matrix exists
    numeric = _solve(basis, groups, target)
    if numeric is None:
        return None
    for denominator in DENOMINATORS:
        gram = _on_affine_space(_rounded(numeric, denominator), groups, target)
        factors = _ldl_psd(gram)
        if factors is None:
            continue
        monomials = [sp.Mul(*[g**e for g, e in zip(polynomial.gens, m)]) for m in basis]
        squares = [(d, sp.expand(sum(sp.Rational(c.numerator, c.denominator) * z for c, z in zip(row, monomials))))
                   for d, row in factors]
        total = sum(sp.Rational(d.numerator, d.denominator) * form**2 for d, form in squares)
        if sp.expand(total - polynomial.as_expr()) == 0:  # the exact check the proof rests on
            return squares
    return None


def _as_polynomial(gap: sp.Expr, conditions: Conditions) -> tuple[sp.Poly | None, list[tuple[sp.Expr, sp.Expr]]]:
    """The gap as a polynomial with rational coefficients in real generators, non-negative ones squared."""
    renamed: list[tuple[sp.Expr, sp.Expr]] = []
    mapping: dict[sp.Expr, sp.Expr] = {}
    for x in sorted(gap.free_symbols | gap.atoms(sp.Indexed), key=sp.default_sort_key):
        if getattr(x, "is_integer", False) or not bounded_below(x, conditions):
            continue
        order = math.lcm(2, _root_order(gap, x))
        # x > 0 has a positive root: then a denominator in it is positive, as the proof needs.
        sign = {"positive": True} if bounded_below(x, conditions, strictly=True) else {"nonnegative": True}
        u = sp.Symbol(f"({ROOTS.get(order, f'{order}th root of ')}{shown(x)})", **sign)
        power = u ** order
        mapping[x] = power
        renamed.append((x, power))
    expr = sp.expand(sp.powdenest(gap.xreplace(mapping), force=False)) if mapping else sp.expand(gap)
    numerator, denominator = sp.fraction(sp.together(expr))
    if denominator.is_positive is not True:
        return None, renamed
    try:
        poly = sp.Poly(sp.expand(numerator))
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None, renamed
    if not all(g.is_real is True and (g.is_Symbol or isinstance(g, sp.Indexed)) for g in poly.gens):
        return None, renamed
    return poly, renamed


def _root_order(gap: sp.Expr, x: sp.Expr) -> int:
    """The least common multiple of the root orders k of the k-th roots x appears under (1 if none)."""
    orders = [p.exp.q for p in gap.atoms(sp.Pow) if p.exp.is_Rational and p.exp.q > 1 and p.base.has(x)]
    return math.lcm(*orders) if orders else 1


def _half_support(target: dict[tuple[int, ...], Fraction]) -> list[tuple[int, ...]]:
    """Monomials that can appear in the squares: within half the degrees of p, then pruned.

    A monomial m whose square 2m is not a term of p, and which no other pair of the basis can
    produce, would put a lone positive entry on Q's diagonal: it is dropped, repeatedly.
    """
    k = len(next(iter(target)))
    highest = [max(m[i] for m in target) // 2 for i in range(k)]
    lowest = [(min(m[i] for m in target) + 1) // 2 for i in range(k)]
    low_degree = (min(sum(m) for m in target) + 1) // 2
    high_degree = max(sum(m) for m in target) // 2
    ranges = [range(lo, hi + 1) for lo, hi in zip(lowest, highest)]
    if math.prod(len(r) for r in ranges) > MAX_CANDIDATES:
        return []
    basis = [m for m in itertools.product(*ranges) if low_degree <= sum(m) <= high_degree]
    while True:
        products = {}
        for a, b in itertools.combinations(basis, 2):
            s = tuple(x + y for x, y in zip(a, b))
            products[s] = products.get(s, 0) + 1
        keep = [m for m in basis if tuple(2 * e for e in m) in target or tuple(2 * e for e in m) in products]
        if len(keep) == len(basis):
            return basis
        basis = keep


def _entries_by_monomial(basis: list[tuple[int, ...]]) -> dict[tuple[int, ...], list[tuple[int, int]]]:
    """For each monomial, the upper-triangle entries (i, j) of Q whose product z_i z_j is that monomial."""
    groups: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    for j in range(len(basis)):
        for i in range(j + 1):
            s = tuple(x + y for x, y in zip(basis[i], basis[j]))
            groups.setdefault(s, []).append((i, j))
    return groups


def _solve(basis, groups, target) -> list[list[float]] | None:
    """A numeric positive semidefinite Gram matrix from Clarabel, near the centre of the feasible set."""
    import clarabel  # imported here: only claims that reach this certificate pay for the solver
    import numpy as np
    from scipy import sparse

    n = len(basis)
    # The PSD triangle cone's order: the upper triangle column by column, (0,0), (0,1), (1,1), (0,2), …
    triangle = [(i, j) for j in range(n) for i in range(j + 1)]
    position = {entry: col for col, entry in enumerate(triangle)}
    count = len(position)
    rows, cols, values, rhs = [], [], [], []
    for row, (monomial, entries) in enumerate(sorted(groups.items())):
        for i, j in entries:
            rows.append(row)
            cols.append(position[(i, j)])
            values.append(1.0 if i == j else 2.0)
        rhs.append(float(target.get(monomial, 0)))
    equalities = len(rhs)
    for (i, j), col in position.items():  # s = svec(Q): the cone's scaling puts √2 on the off-diagonal
        rows.append(equalities + col)
        cols.append(col)
        values.append(-1.0 if i == j else -math.sqrt(2.0))
    a = sparse.csc_matrix((values, (rows, cols)), shape=(equalities + count, count))
    b = np.concatenate([np.array(rhs), np.zeros(count)])
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.time_limit = 2.0
    solver = clarabel.DefaultSolver(sparse.csc_matrix((count, count)), np.zeros(count), a, b,
                                    [clarabel.ZeroConeT(equalities), clarabel.PSDTriangleConeT(n)], settings)
    solution = solver.solve()
    if str(solution.status) not in ("Solved", "AlmostSolved"):
        return None
    gram = [[0.0] * n for _ in range(n)]
    for (i, j), col in position.items():
        gram[i][j] = gram[j][i] = float(solution.x[col])
    return gram


def _rounded(gram: list[list[float]], denominator: int) -> list[list[Fraction]]:
    return [[Fraction(round(v * denominator), denominator) for v in row] for row in gram]


def _on_affine_space(gram, groups, target) -> list[list[Fraction]]:
    """The nearest matrix (in Frobenius norm) with zᵀ Q z = p exactly: each monomial's entries share its residual."""
    for monomial, entries in groups.items():
        reached = sum(gram[i][j] * (1 if i == j else 2) for i, j in entries)
        weight = sum(1 if i == j else 2 for i, j in entries)
        shift = (target.get(monomial, Fraction(0)) - reached) / weight
        for i, j in entries:
            gram[i][j] += shift
            gram[j][i] = gram[i][j]
    return gram


def _ldl_psd(gram: list[list[Fraction]]) -> list[tuple[Fraction, list[Fraction]]] | None:
    """Exact symmetric elimination: [(d_k, ℓ_k)] with Q = Σ d_k ℓ_k ℓ_kᵀ and d_k > 0, or None if Q is not PSD."""
    q = [row[:] for row in gram]
    n = len(q)
    factors = []
    for k in range(n):
        pivot = q[k][k]
        if pivot < 0:
            return None
        if pivot == 0:
            if any(q[k][j] != 0 for j in range(k, n)):
                return None  # a zero diagonal entry with a non-zero in its row: not semidefinite
            continue
        row = [Fraction(0)] * k + [q[k][j] / pivot for j in range(k, n)]
        factors.append((pivot, row))
        for i in range(k, n):
            for j in range(k, n):
                q[i][j] -= pivot * row[i] * row[j]
    return factors


def shown(expr: sp.Expr) -> str:
    """x_1 rather than x[1], and ^ rather than **: the detail is read by people who wrote LaTeX."""
    names = {i: sp.Symbol(f"{i.base}_{'_'.join(map(str, i.indices))}") for i in expr.atoms(sp.Indexed)}
    return sp.sstr(expr.xreplace(names)).replace("**", "^")


def _term(weight: Fraction, form: sp.Expr) -> str:
    square = f"({shown(form)})^2"
    return square if weight == 1 else f"{weight}·{square}"
