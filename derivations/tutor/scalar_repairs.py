"""The repairs of scalar calculus: a sign, a factor, an activation's derivative, the chain rule's inner
derivative, an exponent, swapped indices. One function per row of the table in repairs.py; each yields
the candidates of its mistake, cheapest first, built from the reader's expression of the line.
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, step

from .candidates import Candidate, Hints, applications, at, everywhere, places, plain, put, stands_for


def sign(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    for repaired in everywhere(line, sp.Integer(-1), terms):
        yield Candidate(repaired, "the sign of one term flipped" if terms else "the sign flipped")


def factor(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    factors = [sp.Integer(2), sp.Rational(1, 2)] + [f for n in hints.sizes for f in (n, 1 / n)]
    for f in factors:
        for repaired in everywhere(line, f, terms):
            where = " in one term" if terms else ""
            yield Candidate(repaired, f"off by a factor {plain(1 / f)}{where} — times {plain(f)}")


def sigmoid_derivative(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """σ′(u) = σ(u)(1 − σ(u)): missing altogether, written σ(1 + σ), or written σ."""
    forms = [(sigmoid(u), u) for u in applications(line, previous, hints, sigmoid)] + stands_for(hints, sigmoid)
    for s, u in forms:
        derivative = s * (1 - s)
        for repaired in everywhere(line, derivative, terms):
            yield Candidate(repaired, f"the factor σ′({plain(u)}) = {plain(derivative)} missing")
        if terms:
            continue
        for path in places(line, lambda e, s=s: e == 1 + s):
            yield Candidate(put(line, path, 1 - s), f"σ′ written σ(1 + σ) instead of {plain(derivative)}")
        for path in places(line, lambda e, s=s: e == s):
            yield Candidate(put(line, path, derivative), f"σ′ written σ instead of {plain(derivative)}")


def tanh_derivative(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """tanh′(u) = 1 − tanh²(u): missing altogether, or written 1 + tanh²."""
    forms = [(sp.tanh(u), u) for u in applications(line, previous, hints, sp.tanh)] + stands_for(hints, sp.tanh)
    for t, u in forms:
        derivative = 1 - t**2
        for repaired in everywhere(line, derivative, terms):
            yield Candidate(repaired, f"the factor tanh′({plain(u)}) = {plain(derivative)} missing")
        if terms:
            continue
        for path in places(line, lambda e, t=t: e == 1 + t**2):
            yield Candidate(put(line, path, derivative), f"tanh′ written 1 + tanh² instead of {plain(derivative)}")
        # 2(1 + tanh²) is kept as 2 + 2 tanh²: the mistake is then the sign of tanh² where it occurs
        for path in places(line, lambda e, t=t: e == t**2):
            yield Candidate(put(line, path, -t**2), "tanh′ written 1 + tanh² instead of 1 − tanh²")


def _indicator_below(u: sp.Expr) -> set[sp.Basic]:
    """1[u < 0] and 1[u ≤ 0] as the reader reads them, and the step of −u: the indicator on the wrong side."""
    return {sp.Piecewise((1, condition), (0, True)) for condition in (u < 0, u <= 0, -u > 0, -u >= 0)} | {step(-u)}


def relu_derivative(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """ReLU′(u) = 1[u > 0] (the unit step): taken as 1 (the indicator dropped), written ReLU(u) itself,
    or the indicator of the wrong side 1[u < 0]."""
    forms = [(relu(u), u) for u in applications(line, previous, hints, relu)] + stands_for(hints, relu)
    for r, u in forms:
        derivative = step(u)
        for repaired in everywhere(line, derivative, terms):
            yield Candidate(repaired, f"ReLU′({plain(u)}) taken as 1: the factor {plain(derivative)} is missing")
        if terms:
            continue
        for path in places(line, lambda e, r=r: e == r):
            yield Candidate(put(line, path, derivative), f"ReLU′ written {plain(r)} instead of {plain(derivative)}")
        below = _indicator_below(u)
        for path in places(line, lambda e, below=below: e in below):
            yield Candidate(put(line, path, derivative), f"ReLU′ written 1[{plain(u)} < 0] instead of "
                                                         f"{plain(derivative)}")


_OUTER = (sigmoid, sp.tanh, relu, sp.exp, sp.log)


def inner_derivative(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """The chain rule's inner factor: the derivative of the argument of σ, tanh, ReLU, exp, ln, or of a power's base."""
    inner = set()
    for head in _OUTER:
        inner |= set(applications(line, previous, hints, head))
    inner |= {p.base for p in sp.Tuple(line, previous).atoms(sp.Pow) if not p.base.is_Atom}
    for u in sorted(inner, key=sp.default_sort_key):
        variables = hints.variables or tuple(sorted(u.free_symbols, key=sp.default_sort_key))
        for v in variables:
            derivative = sp.diff(u, v)
            if derivative.is_number and derivative in (0, 1):
                continue
            for repaired in everywhere(line, derivative, terms):
                yield Candidate(repaired, f"∂({plain(u)})/∂{plain(v)} = {plain(derivative)}")


def exponent(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """A power one too high or too low; a plain factor x that should be x²."""
    if terms or not line.is_commutative:  # a matrix line: its powers and its letters are not this mistake's
        return
    for path in places(line, lambda e: isinstance(e, sp.Pow) and not e.base.is_number):
        power = at(line, path)
        for change in (-1, 1):
            changed = power.base ** (power.exp + change)
            yield Candidate(put(line, path, changed), f"{plain(changed)} for {plain(power)}")
    for path in places(line, lambda e: isinstance(e, sp.Symbol)):
        symbol = at(line, path)
        yield Candidate(put(line, path, symbol**2), f"{plain(symbol**2)} for {plain(symbol)}")


def swapped_indices(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """w_{jk} written for w_{kj}: every occurrence of one two-index name, its indices swapped."""
    if terms:
        return
    bases = sorted({e.base for e in line.atoms(sp.Indexed) if len(e.indices) == 2}, key=sp.default_sort_key)
    for base in bases:
        swap = {e: base[e.indices[1], e.indices[0]] for e in line.atoms(sp.Indexed) if e.base == base}
        yield Candidate(line.xreplace(swap), f"the indices of {plain(base)} swapped")
