r"""The smooth activations GELU, its tanh approximation, SiLU and softplus: each derivative by the rules, checked.

Each is differentiated from its elementary definition by the rule engine (product rule, chain rule,
the derivatives of erf, tanh, σ and ln), then tidied into the textbook form, every step put to the
verifier; the last steps check that the engine's rule for the activation's own head (the one an MLP
with `--activation gelu` uses) gives the same. The gap between GELU and its tanh approximation is
measured on a grid (numeric/kernels.py), not taken from a paper.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from dlmath.numeric.kernels import gelu as gelu_kernel
from dlmath.numeric.kernels import gelu_tanh as gelu_tanh_kernel
from dlmath.symbolic.calculus.activations import (
    gelu,
    gelu_tanh,
    gelu_tanh_inner,
    gelu_tanh_inner_slope,
    normal_cdf,
    normal_pdf,
    sigmoid,
    silu,
    softplus,
)
from dlmath.symbolic.calculus.steps import Step, checked, differentiate

from ..core import Derivation, Source, math, register

SEED_003 = "003_2ef027bd369c874d.txt"
HENDRYCKS = "Hendrycks and Gimpel, “Gaussian Error Linear Units (GELUs)” (arXiv:1606.08415, 2016)"
ELFWING = "Elfwing, Uchibe and Doya, “Sigmoid-weighted linear units” (Neural Networks 107, 2018)"
x = sp.Symbol("x", real=True)
GRID = (-8.0, 8.0, 160_001)  # the measured gap: 160 001 points, spacing 1e-4


@cache
def gelu_tanh_gap(low: float = GRID[0], high: float = GRID[1], points: int = GRID[2]) -> tuple[float, float]:
    """(max |GELU(z) − GELU_tanh(z)|, the z where it is largest) over an evenly spaced grid, in float64."""
    z = np.linspace(low, high, points)
    gap = np.abs(gelu_kernel(z) - gelu_tanh_kernel(z))
    worst = int(np.argmax(gap))
    return float(gap[worst]), float(z[worst])


def _derived(name: str, definition: sp.Expr, head: sp.Expr, textbook: sp.Expr, tidy: str) -> list[Step]:
    """The definition, the engine's derivative of it (with its substeps), the tidy form, and the head's rule."""
    derivative, how = differentiate(definition, x)
    head_derivative, by_head = differentiate(head, x)
    return [
        checked("definition", f"{name} by elementary functions", head, definition),
        how,
        checked("algebra", tidy, derivative, textbook),
        checked("activation derivative", f"the rule the network layers use for {name}’s own head gives the same",
                sp.Derivative(head, x), head_derivative, substeps=(by_head,)),
    ]


@register("smooth-activations", "GELU, its tanh approximation, SiLU and softplus: the derivatives by the rules",
          sources=(SEED_003,))
def smooth_activations() -> Derivation:
    Phi, phi, s = normal_cdf(x), normal_pdf(x), sigmoid(x)
    t = sp.tanh(gelu_tanh_inner(x))
    tanh_textbook = (1 + t) / 2 + x * (1 - t**2) * gelu_tanh_inner_slope(x) / 2
    gap, where = gelu_tanh_gap()
    steps = [
        *_derived("GELU", x * Phi, gelu(x), Phi + x * phi,
                  "with $\\Phi(x) = \\tfrac{1}{2}(1 + \\operatorname{erf}(x/\\sqrt{2}))$ and "
                  "$\\varphi(x) = \\Phi'(x) = e^{-x^2/2}/\\sqrt{2\\pi}$: $\\Phi(x) + x \\varphi(x)$"),
        *_derived("GELU’s tanh approximation", x * (1 + t) / 2, gelu_tanh(x), tanh_textbook,
                  "collect: with $t = \\tanh s(x)$, $s(x) = \\sqrt{2/\\pi}(x + 0.044715 x^3)$, it is "
                  "$\\tfrac{1}{2}(1 + t) + \\tfrac{1}{2} x (1 - t^2) s'(x)$"),
        *_derived("SiLU", x / (1 + sp.exp(-x)), silu(x), s * (1 + x * (1 - s)),
                  f"both terms carry {math(s)}: $\\sigma(x)(1 + x(1 - \\sigma(x)))$, the slope of SiLU"),
        *_derived("softplus", sp.log(1 + sp.exp(x)), softplus(x), s,
                  f"{math(sp.exp(x) / (1 + sp.exp(x)))} is {math(s)}: divide above and below by $e^x$"),
    ]
    result = checked("result", "GELU’s slope is the normal distribution function plus $x$ times the density",
                     sp.Derivative(gelu(x), x), Phi + x * phi)
    return Derivation(
        name="smooth-activations",
        title="The smooth activations: GELU, its tanh approximation, SiLU and softplus",
        summary=(r"From the definitions $\operatorname{GELU}(x) = x \Phi(x)$, $\operatorname{GELU}_{\tanh}(x) = "
                 r"\tfrac{1}{2} x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))$, $\operatorname{SiLU}(x) = "
                 r"x \sigma(x)$ and $\operatorname{softplus}(x) = \ln(1 + e^x)$ by the product and chain rules: "
                 r"$\operatorname{GELU}' = \Phi(x) + x \varphi(x)$, $\operatorname{SiLU}' = \sigma(x)(1 + x(1 - "
                 r"\sigma(x)))$ and $\operatorname{softplus}' = \sigma(x)$. On a grid of $[-8, 8]$ the tanh "
                 f"approximation is at most ${gap:.2e}$ from GELU (at $x = {where:.2f}$)."
                 .replace("e-04", r" \cdot 10^{-4}")),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_003, "the chain rule, and the sigmoid’s derivative $\\sigma' = \\sigma(1 - \\sigma)$"),
                 Source(HENDRYCKS, r"§2: $\operatorname{GELU}(x) = x \Phi(x)$ and its tanh approximation"),
                 Source(ELFWING, r"SiLU $x \sigma(x)$ and its derivative")),
        remarks=(f"The gap between GELU and its tanh approximation was measured on {GRID[2]:,} evenly spaced "
                 f"points of $[{GRID[0]:g}, {GRID[1]:g}]$ in float64: the largest is ${gap:.3g}$ at $x = "
                 f"{where:.4g}$. It is a measurement, not a proof; far from 0 both tend to $x$ or to 0.",
                 "The usual slips are refuted by the verifier: $\\operatorname{GELU}' = \\Phi(x)$ forgets the "
                 "product rule’s $x \\varphi(x)$, and $\\operatorname{SiLU}' = \\sigma(x)$ confuses SiLU with "
                 "softplus, whose slope it is. Each of the four is a hidden activation of the networks: "
                 "`dlmath gradcheck --activation gelu` and `dlmath derive backprop --param activation=silu` use "
                 "these rules, their $g'$ written in $z$ (none of them has a form in $a = g(z)$ alone)."),
    )
