"""The proximal map of λ|w|, soft-thresholding, from the subgradient optimality condition (seed 001's ProxGen)."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import relu
from dlmath.symbolic.calculus.steps import checked

from ..core import Derivation, Source, math, register

SEED_001 = "001_f4e3cb575dde6e58.txt"
u, lam, t, a, b = sp.symbols("u lambda t a b", real=True)
HALF = sp.Rational(1, 2)
POSITIVE = (sp.StrictGreaterThan(lam, 0),)
OUTSIDE = (sp.GreaterThan(t, 0), *POSITIVE)                                    # |w| = λ + t ≥ λ
BEYOND = (sp.StrictGreaterThan(t, 0), *POSITIVE)                               # |w| > λ: the candidate is not 0
INSIDE = (sp.StrictGreaterThan(a, 0), sp.StrictGreaterThan(b, 0), *POSITIVE)  # |w| < λ
MIDDLE = lam * (a - b) / (a + b)  # every point strictly between −λ and λ, weights a/(a+b) on λ and b/(a+b) on −λ


def objective(w: sp.Expr) -> sp.Expr:
    """½(u − w)² + λ|u|, minimised over u."""
    return HALF * (u - w) ** 2 + lam * sp.Abs(u)


def soft_threshold(w: sp.Expr) -> sp.Expr:
    """sign(w) max(|w| − λ, 0)."""
    return sp.sign(w) * relu(sp.Abs(w) - lam)


SUBGRADIENT_REMARK = (r"$|u|$ has no derivative at $u = 0$; its subdifferential there is the interval $[-1, 1]$ "
                      r"(every slope of a line under $|u|$ touching it at 0), and $\{\operatorname{sign} u\}$ "
                      r"elsewhere. A convex function is minimised exactly where 0 is in its subdifferential: here "
                      r"$0 \in u - w + \lambda\, \partial |u|$.")
CASES_REMARK = (r"Each case is written with variables the verifier can bound one at a time: $w = \lambda + t$ "
                r"with $t \ge 0$ ($w \ge \lambda$), $w = -\lambda - t$ ($w \le -\lambda$), and "
                r"$w = \lambda(a - b)/(a + b)$ with $a, b > 0$ for $|w| < \lambda$ (a convex combination of "
                r"$\lambda$ and $-\lambda$). The edges $w = \pm\lambda$ are the outer cases at $t = 0$, where "
                r"their answer $w \mp \lambda$ is 0, as the middle case’s.")
SEED_REMARK = (
    "Seed 001’s ProxGen trains networks with non-smooth regularisers by proximal steps "
    "$w \\leftarrow \\operatorname{prox}_{\\eta\\lambda R}(w - \\eta \\nabla L(w))$; for $R = \\lVert w \\rVert_1$ "
    "the proximal map "
    "acts entry by entry and is this soft-thresholding (ISTA: `dlmath experiment ista-support`).")


def _outer_case(sign: int) -> list:
    """w = ±(λ + t): on the side u ≷ 0 the objective is smooth and its derivative vanishes at u = ±t."""
    w = sign * (lam + t)
    smooth = HALF * (u - w) ** 2 + sign * lam * u
    candidate = sign * t
    side = ">" if sign > 0 else "<"
    written = f"w = {'' if sign > 0 else '-'}\\lambda {'+' if sign > 0 else '-'} t"
    case = "w > \\lambda" if sign > 0 else "w < -\\lambda"
    slope = checked("derivative", f"case ${case}$: write ${written}$, "
                    f"$t > 0$. For $u {side} 0$, $|u| = {'u' if sign > 0 else '-u'}$ and the objective is "
                    "differentiable", sp.Derivative(smooth, u), u - candidate)
    zero = checked("optimality", f"the derivative vanishes at $u = {sp.latex(candidate)}$, that is $u = w "
                   f"{'-' if sign > 0 else '+'} \\lambda$", (u - candidate).subs(u, candidate), 0)
    consistent = checked("case", f"$t > 0$, so the candidate has the sign $u {side} 0$ assumed", candidate, 0, side,
                         conditions=BEYOND)
    value = objective(w).subs(u, candidate)
    minimal = checked("minimum", f"and it is the global minimum (also at the edge $t = 0$): the objective is at "
                      f"least its value {math(value)} there, for every $u$", objective(w), value, ">=",
                      conditions=OUTSIDE)
    threshold = checked("soft threshold", f"the closed form $\\operatorname{{sign}}(w)\\max(|w| - \\lambda, 0)$ "
                        f"gives the same {math(candidate)}", soft_threshold(w), candidate, conditions=OUTSIDE)
    return [slope, zero, consistent, minimal, threshold]


def _middle_case() -> list:
    """|w| < λ: u = 0, with the subgradient s = w/λ ∈ (−1, 1) of |u| at 0 balancing 0 − w + λs = 0."""
    s = MIDDLE / lam
    balance = checked("subgradient", "case $|w| \\le \\lambda$, inside: write $w = \\lambda (a - b)/(a + b)$, "
                      "$a, b > 0$. At $u = 0$ take the subgradient $s = w/\\lambda$ of $|u|$: $u - w + \\lambda s = 0$",
                      (u - MIDDLE + lam * s).subs(u, 0), 0, conditions=INSIDE)
    low = checked("subgradient", "$s > -1$ …", s, -1, ">", conditions=INSIDE)
    high = checked("subgradient", "… and $s < 1$: $s$ is in $[-1, 1]$, so 0 is in the subdifferential at $u = 0$",
                   s, 1, "<", conditions=INSIDE)
    below = checked("subgradient", "the subgradient inequality $\\lambda|u| \\ge \\lambda s u = w u$ for every $u$",
                    lam * sp.Abs(u), MIDDLE * u, ">=", conditions=INSIDE)
    minimal = checked("minimum", "so the objective is at least $\\frac{1}{2} (u - w)^2 + wu \\ge \\frac{1}{2} w^2$, "
                      "its value at $u = 0$: the global minimum", objective(MIDDLE), HALF * MIDDLE ** 2, ">=",
                      conditions=INSIDE)
    threshold = checked("soft threshold", "the closed form gives 0 in this case", soft_threshold(MIDDLE), 0,
                        conditions=INSIDE)
    return [balance, low, high, below, minimal, threshold]


@register("proximal-l1",
          r"The proximal map of $\lambda |w|$ is soft-thresholding: three cases of the subgradient condition",
          sources=(SEED_001,))
def proximal_l1() -> Derivation:
    steps = [*_outer_case(1), *_middle_case(), *_outer_case(-1)]
    w = sp.Symbol("w", real=True)
    result = checked("result", "the three cases together: the minimiser of $\\frac{1}{2} (u - w)^2 + \\lambda |u|$ is "
                     "$w$ shrunk towards 0 by $\\lambda$, and exactly 0 when $|w| \\le \\lambda$",
                     soft_threshold(w), sp.Max(sp.Abs(w) - lam, 0) * sp.sign(w), conditions=POSITIVE)
    return Derivation(
        name="proximal-l1",
        title=r"Soft-thresholding: the proximal map of the $\ell_1$ penalty",
        summary="$\\operatorname{prox}_{\\lambda|\\cdot|}(w) = \\operatorname{argmin}_u \\frac{1}{2}(u - w)^2 "
                "+ \\lambda|u| = \\operatorname{sign}(w) \\max(|w| - \\lambda, 0)$: $w - \\lambda$ for $w > "
                "\\lambda$, 0 "
                "for $|w| \\le \\lambda$, $w + \\lambda$ for $w < -\\lambda$, each case from "
                "$0 \\in u - w + \\lambda\\, \\partial |u|$ and checked to be the global minimum.",
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_001, "ProxGen: stochastic proximal gradient descent for non-smooth regularisers, "
                        "closed-form proximal mappings of $\\ell_q$ regularisation ($0 \\le q \\le 1$)"),),
        assumptions=(r"\lambda > 0",),
        remarks=(SUBGRADIENT_REMARK, CASES_REMARK, SEED_REMARK),
    )
