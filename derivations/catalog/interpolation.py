"""Exact interpolation of n points with n hidden units: a staircase of unit steps (seed 002)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy as sp

from dlmath.symbolic.calculus.activations import step
from dlmath.symbolic.calculus.steps import Step, checked

from ..core import Derivation, Source, math, parse_points, register

SEED_002 = "002_cf0eb5ed628efded.txt"
SEED_000 = "000_c0bdae25d982a9c0.txt"
POINTS = "-1:1/2,1/2:-1,2:3"  # x:g(x) pairs; rational, so every value is computed exactly
x = sp.Symbol("x", real=True)
y = sp.IndexedBase("y", real=True)  # y_i = g(x_i): the values to hit, left symbolic (any function g)

THEOREM = (r"Let $x_1, \ldots, x_n$ be distinct points and $g$ an arbitrary function. If the squashing function "
           r"$\Psi$ achieves 0 and 1, there is a one-hidden-layer network $f(x) = \sum_i \beta_i \Psi(A_i(x))$ with "
           r"$n$ hidden units ($A_i$ affine) such that $f(x_i) = g(x_i)$ for every $i$.")
SIGMOID_REMARK = ("The sigmoid never reaches 0 or 1, so the theorem as quoted does not apply to it directly. Two ways "
                  "round: replace each step by $\\sigma(k(x - t_j))$ with a large gain $k$ (the `neuron` derivation "
                  "bounds the difference by $e^{-k|x - t_j|}$), or keep the $n$ units and solve the "
                  "$n \\times n$ linear system for the output weights exactly.")
HIGHER_REMARK = (r"Points in $\mathbb{R}^r$ reduce to this case: choose a direction $w$ with distinct projections "
                 r"$w \cdot x_i$ (every $w$ off finitely many hyperplanes will do) and use the units "
                 r"$\operatorname{step}(w \cdot x - t_j)$.")


def distinct_points(text: str) -> list[tuple[Fraction, Fraction]]:
    """The points of `text` sorted by x; ValueError unless the x values are distinct."""
    points = parse_points(text)
    xs = [px for px, _ in points]
    if len(set(xs)) != len(xs):
        raise ValueError("the points must have distinct x values")
    return sorted(points)


def thresholds(xs: list[sp.Rational]) -> list[sp.Rational]:
    """t₁ below every point, then the midpoints between neighbours: unit j fires exactly at x_j, x_{j+1}, …."""
    return [xs[0] - 1] + [(left + right) / 2 for left, right in itertools.pairwise(xs)]


def _fires(point: sp.Rational, threshold: sp.Rational) -> sp.Expr:
    """step(x_i − t_j), written out and not evaluated."""
    return step(sp.Add(point, -threshold, evaluate=False), evaluate=False)


def _network_at(point: sp.Rational, weights: list[sp.Expr], cuts: list[sp.Rational]) -> sp.Expr:
    return sp.Add(*[sp.Mul(w, _fires(point, t), evaluate=False) for w, t in zip(weights, cuts)], evaluate=False)


def _weights(values: list[sp.Expr]) -> list[sp.Expr]:
    """β₁ = y₁, β_j = y_j − y_{j−1}: each unit adds the next rise of the staircase."""
    return [values[0]] + [right - left for left, right in itertools.pairwise(values)]


def _construction_steps(xs: list[sp.Rational], cuts: list[sp.Rational], heights: list[sp.Expr]) -> list[Step]:
    """The network's form, its hidden layer's staircase at the points, and the telescoping output."""
    count, beta = len(xs), _weights(heights)
    units = sp.ImmutableMatrix([_fires(x, t) for t in cuts])
    form = checked("network", "a network with one hidden layer of $n$ step units, input weights 1, thresholds "
                   f"$t_j$ = {', '.join(math(t) for t in cuts)} and output weights "
                   "$\\beta_1 = y_1$, $\\beta_j = y_j - y_{j-1}$, in the vector form $W^T \\phi(w x + \\theta)$ of "
                   "seed 000", sp.MatMul(sp.ImmutableMatrix([beta]), units, evaluate=False),
                   sp.Add(*[sp.Mul(b, _fires(x, t), evaluate=False) for b, t in zip(beta, cuts)], evaluate=False))
    fired = sp.ImmutableMatrix(count, count, lambda i, j: _fires(xs[i], cuts[j]))
    staircase = sp.ImmutableMatrix(count, count, lambda i, j: 1 if j <= i else 0)
    pattern = checked("hidden layer", "at the points $x_i$ = " + ", ".join(math(v) for v in xs) +
                      " the hidden units fire in a staircase: unit $j$ fires exactly at $x_j, x_{j+1}, \\dots$ "
                      "(row $i$: the units at $x_i$; no point sits on a threshold, so every step is 0 or 1)",
                      fired, staircase)
    telescoping = checked("output layer", "so the output at $x_i$ adds the first $i$ rises, which telescope to $y_i$",
                          sp.MatMul(staircase, sp.ImmutableMatrix(beta), evaluate=False), sp.ImmutableMatrix(heights))
    return [form, pattern, telescoping]


def _example_step(xs: list[sp.Rational], cuts: list[sp.Rational], given: list[sp.Rational]) -> Step:
    """The same network with the data's own values."""
    return checked("example", "with the values " + ", ".join(f"$g({sp.latex(a)}) = {sp.latex(v)}$"
                                                             for a, v in zip(xs, given)) +
                   " the output weights are " + ", ".join(math(b) for b in _weights(given)) +
                   ", and the network hits every value exactly",
                   sp.ImmutableMatrix([_network_at(p, _weights(given), cuts) for p in xs]), sp.ImmutableMatrix(given))


@register("interpolation-with-n-units", "Exact interpolation: $n$ points, one hidden layer of $n$ units",
          {"data": f"points x:y,x:y,… with distinct x (default {POINTS})"}, sources=(SEED_002,))
def interpolation_with_n_units(data: str = POINTS) -> Derivation:
    points = distinct_points(data)
    xs = [sp.Rational(px.numerator, px.denominator) for px, _ in points]
    given = [sp.Rational(py.numerator, py.denominator) for _, py in points]
    count, cuts = len(xs), thresholds(xs)
    heights = [y[i + 1] for i in range(count)]
    beta = _weights(heights)
    each: list[Step] = [checked("interpolation", f"at $x_{{{i + 1}}} = {sp.latex(p)}$", _network_at(p, beta, cuts),
                                heights[i]) for i, p in enumerate(xs)]
    result = checked("result", f"the network of {count} hidden units takes the prescribed value at each of the "
                     f"{count} points, whatever the values $y_i = g(x_i)$ are",
                     sp.ImmutableMatrix([_network_at(p, beta, cuts) for p in xs]), sp.ImmutableMatrix(heights),
                     substeps=tuple(each))
    return Derivation(
        name="interpolation-with-n-units",
        title="Exact interpolation with $n$ hidden units",
        summary=(f"{THEOREM} Here for $n = {count}$ points on the line with $\\Psi$ the unit step: "
                 r"$f(x) = \sum_j \beta_j \operatorname{step}(x - t_j)$, thresholds between the points, "
                 r"$\beta_1 = y_1$ and $\beta_j = y_j - y_{j-1}$."),
        steps=(*_construction_steps(xs, cuts, heights), _example_step(xs, cuts, given)),
        result=result,
        sources=(Source(SEED_002, "functions with finite support can be approximated exactly with a single hidden "
                        "layer: $n$ distinct points, $n$ hidden units, $f(x_i) = g(x_i)$"),
                 Source(SEED_000, r"the one-hidden-layer network $f(x) = W^{T} \varphi(w^{T} x + \theta) + \eta$")),
        assumptions=(r"x_1 < x_2 < \dots < x_n", r"y_i = g(x_i)",
                     r"\operatorname{step}(u) = 1 \ (u > 0), \quad 0 \ (u < 0)"),
        remarks=(SIGMOID_REMARK, HIGHER_REMARK),
    )
