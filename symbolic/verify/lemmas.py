"""Inequalities for every n by a cited theorem: a table of lemmas, each matched to the claim exactly.

A lemma proposes instances built from the claim's own sums: Cauchy–Schwarz from pairs of the
square roots of its summands (with 1 among them, which gives (Σ x_i)² ≤ n Σ x_i²), the triangle
inequality from its sums of absolute values, AM–GM from its products over non-negative families, the
log-sum-exp bounds from its sums of exponentials beside the maximum of their exponents, and the entropy
bound ln n from its sums of exponentials (the softmax probabilities they define).
Each instance is a gap the theorem says is ≥ 0 for every n; the claim is proved when its gap is a
positive multiple of the instance's, or the instance's plus terms each non-negative for every n.
Matching is symbolic (the sums in one canonical form, then expansion), never numeric. The tests
also check each lemma at concrete n by the sum-of-squares certificate, independently of the citation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy as sp

from dlmath.symbolic.calculus.families import BIG_OPERATORS, MaxOver, MinOver

from .sampling import bounds_of
from .squares import shown


@dataclass(frozen=True)
class Lemma:
    name: str
    citation: str
    instances: Callable[[sp.Expr, tuple[sp.Basic, ...]], Iterator[tuple[sp.Expr, str]]]  # (gap ≥ 0, which instance)


def _sums(gap: sp.Expr) -> list[sp.Sum]:
    return sorted((s for s in gap.atoms(sp.Sum) if len(s.limits) == 1), key=sp.default_sort_key)


def _square_root(term: sp.Expr) -> sp.Expr | None:
    """u for a summand written as u² (a power with an even exponent, or a product of such)."""
    factors = sp.Mul.make_args(term)
    roots = []
    for f in factors:
        if f.is_Pow and f.exp.is_Integer and f.exp % 2 == 0:
            roots.append(f.base ** (f.exp // 2))
        elif f.is_Number and f.is_positive:
            roots.append(sp.sqrt(f))
        else:
            return None
    return sp.Mul(*roots)


def _cauchy_schwarz(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    by_range: dict[tuple, set[sp.Expr]] = {}
    for s in _sums(gap):
        index, low, high = s.limits[0]
        root = _square_root(s.function)
        if root is not None:
            by_range.setdefault((index, low, high), {sp.Integer(1)}).add(root)
    for limits, roots in by_range.items():
        index = limits[0]
        for u, v in itertools.combinations(sorted(roots, key=sp.default_sort_key), 2):
            instance = sp.Sum(u**2, limits) * sp.Sum(v**2, limits) - sp.Sum(u * v, limits)**2
            yield instance, f"u_i = {_shown(u, index)}, v_i = {_shown(v, index)}"


def _triangle(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    for s in _sums(gap):
        if isinstance(s.function, sp.Abs):
            index, low, high = s.limits[0]
            inner = s.function.args[0]
            yield s - sp.Abs(sp.Sum(inner, (index, low, high))), f"the terms {_shown(inner, index)}"


def _am_gm(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    for p in sorted(gap.atoms(sp.Product), key=sp.default_sort_key):
        if len(p.limits) != 1:
            continue
        index, low, high = p.limits[0]
        if low != 1 or not _family_nonnegative(p.function, index, patterns):
            continue
        n = high
        mean = sp.Sum(p.function, (index, low, high)) / n
        yield mean - p ** (1 / n), f"the non-negative terms {_shown(p.function, index)}"


def _exponential_sums(gap: sp.Expr) -> Iterator[tuple[sp.Sum, sp.Expr, tuple]]:
    """(Σ e^{f_i}, f_i, limits) for each sum of exponentials in the gap."""
    for s in _sums(gap):
        if isinstance(s.function, sp.exp):
            yield s, s.function.args[0], s.limits[0]


def _size(limits: tuple) -> sp.Expr:
    _, low, high = limits
    return high - low + 1


def _log_sum_exp(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    # max_i f_i ≤ ln Σ e^{f_i} ≤ max_i f_i + ln n: the largest term alone is at most the sum, and the sum
    # at most n times the largest term.
    maxima = [m for m in gap.atoms(MaxOver) if len(m.limits) == 1]
    for total, exponent, limits in _exponential_sums(gap):
        for largest in maxima:
            if largest.limits[0] == limits and largest.function == exponent:
                which = f"the terms {_shown(exponent, limits[0])}"
                yield sp.log(total) - largest, f"its lower bound, {which}"
                yield largest + sp.log(_size(limits)) - sp.log(total), f"its upper bound, {which}"


def _between_extremes(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    # min_i f_i ≤ (1/n) Σ f_i ≤ max_i f_i: each term lies between the extremes; summed, so does n times the mean.
    extremes = [m for m in gap.atoms(MaxOver, MinOver) if len(m.limits) == 1]
    for total in _sums(gap):
        for extreme in extremes:
            if extreme.limits[0] == total.limits[0] and extreme.function == total.function:
                mean = total / _size(total.limits[0])
                which = f"the terms {_shown(total.function, total.limits[0][0])}"
                yield (extreme - mean, f"the largest, {which}") if isinstance(extreme, MaxOver) \
                    else (mean - extreme, f"the smallest, {which}")


def _softmax_entropy(gap: sp.Expr, patterns: tuple[sp.Basic, ...]) -> Iterator[tuple[sp.Expr, str]]:
    # The entropy of the probabilities p_i = e^{f_i} / Σ_k e^{f_k} is at least 0 (each -p ln p ≥ 0 for 0 < p ≤ 1)
    # and at most ln n (equality for equal f_i).
    for total, exponent, limits in _exponential_sums(gap):
        p = sp.exp(exponent) / total
        entropy = -sp.Sum(p * sp.log(p), limits)
        which = f"the softmax probabilities of the terms {_shown(exponent, limits[0])}"
        yield entropy, f"its lower bound 0, {which}"
        yield sp.log(_size(limits)) - entropy, f"its upper bound ln n, {which}"


def _family_nonnegative(term: sp.Expr, index: sp.Symbol, patterns: tuple[sp.Basic, ...]) -> bool:
    """term(i) ≥ 0 for every i: a condition such as x_i > 0 for every i says so of term = x_i."""
    for pattern in patterns:
        for entry in pattern.atoms(sp.Indexed):
            free = [i for i in entry.indices if isinstance(i, sp.Symbol)]
            if len(free) != 1:
                continue
            instance = pattern.xreplace({free[0]: index})
            low = bounds_of(term, (instance,)).low
            if low is not None and low >= 0:
                return True
    return False


def _shown(expr: sp.Expr, index: sp.Symbol) -> str:
    """u_i rather than u[ι0]: the instance in the author's letters, with i for the summation index."""
    return shown(expr.xreplace({index: sp.Symbol("i", integer=True)}))


LEMMAS = (
    Lemma("the Cauchy–Schwarz inequality", "Cauchy 1821; Steele, The Cauchy–Schwarz Master Class, ch. 1",
          _cauchy_schwarz),
    Lemma("the triangle inequality", "Rudin, Principles of Mathematical Analysis, Thm. 1.33", _triangle),
    Lemma("the AM–GM inequality", "Cauchy 1821; Hardy, Littlewood & Pólya, Inequalities, §2.5", _am_gm),
    Lemma("the log-sum-exp bounds max ≤ LSE ≤ max + ln n", "Boyd & Vandenberghe, Convex Optimization, §3.1.5",
          _log_sum_exp),
    Lemma("the bounds of a mean by the smallest and the largest term",
          "each term lies between them; summed over the n terms, so does n times the mean", _between_extremes),
    Lemma("the entropy bounds 0 ≤ H(p) ≤ ln n for n probabilities",
          "Cover & Thomas, Elements of Information Theory, Thm. 2.6.4", _softmax_entropy),
)


def lemma_certificate(gap: sp.Expr, strict: bool, patterns: tuple[sp.Basic, ...],
                      normal: Callable[[sp.Expr], sp.Expr],
                      nonnegative: Callable[[sp.Expr], bool]) -> str | None:
    """Which lemma and which instance prove gap ≥ 0 for every n, or None.

    `normal` puts sums in the canonical form both sides are compared in; `nonnegative` says a
    remainder term is ≥ 0 for every n.
    """
    if strict:
        return None  # each lemma holds with equality somewhere
    target = normal(gap)
    for lemma in LEMMAS:
        for instance, which in lemma.instances(target, patterns):  # built from the canonical sums
            form = normal(instance)
            if form == 0:
                continue
            ratio = sp.cancel(target / form)
            if ratio.is_positive is True and not ratio.has(*BIG_OPERATORS, sp.Indexed):
                return f"it is {lemma.name} ({lemma.citation}) with {which}"
            rest = sp.expand(target - form)
            if all(nonnegative(t) for t in sp.Add.make_args(rest)):
                extra = "" if rest == 0 else " plus terms that are non-negative for every n"
                return f"it is {lemma.name} ({lemma.citation}) with {which}{extra}"
    return None
