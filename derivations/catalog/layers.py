r"""Softmax and log-softmax, the residual block and inverted dropout: each backward pass derived, then proved.

The small derivatives each layer is built from go to the verifier (rule-engine steps); the layer's
Jacobian and its vector-Jacobian product are then proved entry by entry at the chosen width against
direct differentiation with a symbolic upstream gradient (symbolic/models/layers.py).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from dlmath.numeric.kernels import softmax
from dlmath.symbolic.calculus.steps import Step, checked, differentiate
from dlmath.symbolic.models.layers import MAX_WIDTH, LayerProof, LayerSize, prove_layer

from ..core import Derivation, Source, register

SEED_002, SEED_003 = "002_cf0eb5ed628efded.txt", "003_2ef027bd369c874d.txt"
GOODFELLOW = "Goodfellow, Bengio and Courville, “Deep Learning” (MIT Press, 2016)"
HE = "He, Zhang, Ren and Sun, “Deep Residual Learning for Image Recognition” (CVPR 2016)"
SRIVASTAVA = "Srivastava et al., “Dropout: A Simple Way to Prevent Neural Networks from Overfitting” (JMLR 15, 2014)"
WIDTH = {"width": f"the layer’s width n, 1 to {MAX_WIDTH} (default 3)"}
i, j = sp.symbols("i j", integer=True, positive=True)
c = sp.Symbol("c", real=True)
J, p, g, m, a, W = (sp.IndexedBase(name, real=True) for name in ("J", "p", "g", "m", "a", "W"))
dx = sp.IndexedBase(r"\delta^{x}", real=True)  # ∂C/∂x, the backward pass's output
dz = sp.IndexedBase(r"\delta^{z}", real=True)  # ∂C/∂z of the softmax layers, whose input is the scores z
rate = sp.Symbol("p", positive=True)


def _proved(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: LayerProof, groups: tuple[str, ...]
            ) -> Step:
    """A step whose check is the entry-by-entry proof of the named groups."""
    return Step(rule, why, before, after, "=", (), proof.verdict(groups))


def _width(width: str) -> int:
    try:
        n = int(width)
    except ValueError:
        raise ValueError(f"width must be a whole number, got {width!r}") from None
    LayerSize("softmax", n).check()
    return n


def _stable_forms(n: int) -> list[Step]:
    """Shifting every score by the same c (in practice their max) changes neither softmax nor log-softmax."""
    z = sp.symbols(f"z_1:{n + 1}", real=True)
    total, shifted = sum(sp.exp(u) for u in z), sum(sp.exp(u - c) for u in z)
    return [
        checked("shift invariance", "multiply above and below by $e^{-c}$: softmax does not change when every "
                "score is shifted by the same $c$; with $c = \\max_k z_k$ every exponent is at most 0, so "
                "nothing overflows", sp.exp(z[0]) / total, sp.exp(z[0] - c) / shifted),
        checked("log-sum-exp", "take $e^{c}$ out of the sum: $\\ln \\sum_k e^{z_k} = c + \\ln \\sum_k e^{z_k - c}$, "
                "whose sum is between 1 and $n$ when $c$ is the max", sp.log(total), c + sp.log(shifted)),
        checked("log-sum-exp", "so log-softmax is computed from the shifted scores alone",
                z[0] - sp.log(total), (z[0] - c) - sp.log(shifted)),
    ]


def _local_softmax(n: int) -> list[Step]:
    """∂p₁/∂z₁, ∂p₁/∂z₂ and ∂l₁/∂z₁, ∂l₁/∂z₂ by the engine, each tidied into the textbook form."""
    z = sp.symbols(f"z_1:{n + 1}", real=True)
    total = sum(sp.exp(u) for u in z)
    P = [sp.exp(u) / total for u in z]
    pairs = [(P[0], 0, P[0] * (1 - P[0]), "a score raises its own probability: $p_1 (1 - p_1)$, the diagonal "
              "of $\\operatorname{diag}(p) - p p^{T}$"),
             (z[0] - sp.log(total), 0, 1 - P[0], "the log-softmax’s own score: $1 - p_1$, the diagonal of "
              "$I - 1 p^{T}$")]
    if n > 1:
        pairs.insert(1, (P[0], 1, -P[0] * P[1], "and lowers every other: $-p_1 p_2$"))
        pairs.append((z[0] - sp.log(total), 1, -P[1], "and another’s: $-p_2$, the same in every row"))
    steps = []
    for expr, k, textbook, why in pairs:
        derivative, how = differentiate(expr, z[k])
        steps.append(checked("softmax derivative", why, derivative, textbook, substeps=(how,)))
    return steps


@register("softmax-layer", "The softmax and log-softmax layers: Jacobians, backward passes and stable forms", WIDTH,
          sources=(SEED_002, SEED_003))
def softmax_layer(width: str = "3") -> Derivation:
    n = _width(width)
    soft, log_soft = prove_layer(LayerSize("softmax", n)), prove_layer(LayerSize("log-softmax", n))
    delta = sp.KroneckerDelta(i, j)
    steps = [
        *_stable_forms(n), *_local_softmax(n),
        _proved("softmax Jacobian", "every entry of the Jacobian of $p = \\operatorname{softmax}(z)$: "
                "$\\operatorname{diag}(p) - p p^{T}$", J[i, j], p[i] * (delta - p[j]), soft, ("J",)),
        _proved("vector-Jacobian product", "the backward pass never forms the $n \\times n$ Jacobian: "
                "$J^{T} g = p \\odot (g - (g^{T} p) 1)$, for every upstream gradient $g$",
                dz[j], p[j] * (g[j] - sp.Sum(g[i] * p[i], (i, 1, n))), soft, ("x",)),
        _proved("log-softmax Jacobian", "for $l = z - \\ln \\sum_k e^{z_k}$: $I - 1 p^{T}$",
                J[i, j], delta - p[j], log_soft, ("J",)),
        _proved("vector-Jacobian product", "so $J^{T} g = g - (\\sum_i g_i) p$",
                dz[j], g[j] - p[j] * sp.Sum(g[i], (i, 1, n)), log_soft, ("x",)),
    ]
    scores = np.array([[1000.0, 999.0, 998.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(scores) / np.exp(scores).sum()
    stable = ", ".join(f"{v:.3f}" for v in softmax(scores)[0])
    result = _proved("result", f"all {soft.entries + log_soft.entries} entries at $n = {n}$ equal the backward passes",
                     sp.Symbol(r"J^{T} g"), sp.Symbol(r"p \odot (g - (g^{T} p) 1)"), soft, ("J", "x"))
    return Derivation(
        name="softmax-layer",
        title=f"The softmax and log-softmax layers ($n = {n}$)",
        summary=(r"For $p = \operatorname{softmax}(z)$: $J = \operatorname{diag}(p) - p p^{T}$ and "
                 r"$J^{T} g = p \odot (g - (g^{T} p) 1)$; for $l = z - \ln \sum_k e^{z_k}$: $J = I - 1 p^{T}$ and "
                 r"$J^{T} g = g - (\sum_i g_i) p$; both unchanged by shifting $z$ by its max, the stable form. "
                 "Proved entry by entry against direct differentiation."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_002, r"backpropagation in matrix form"),
                 Source(SEED_003, "the chain rule and the Hadamard product"),
                 Source(GOODFELLOW, r"§4.1 (softmax and overflow) and §6.2.2.3 (softmax units)")),
        assumptions=(r"p_i = e^{z_i} / \sum_k e^{z_k},\ l_i = z_i - \ln \sum_k e^{z_k}",
                     r"C = \sum_i g_i y_i \text{ for the layer’s output } y,\ \delta^{x} = \partial C / \partial z"),
        remarks=("With the upstream gradient $g$ a vector of free symbols the proof covers every cost behind the "
                 "layer. Without the diagonal term (the Jacobian $-p p^{T}$) the same proof refutes the formula "
                 "with a counterexample.",
                 f"Why the shift matters: in float64 $e^{{1000}}$ overflows, and the unshifted softmax of "
                 f"$(1000, 999, 998)$ is {'NaN in every entry' if np.isnan(naive).all() else 'finite'}; shifted by "
                 f"the max it is $({stable})$."),
    )


@register("residual-block", r"The residual block $y = x + F(x)$: the identity path’s gradient", WIDTH,
          sources=(SEED_002, SEED_003))
def residual_block(width: str = "3") -> Derivation:
    n = _width(width)
    proof = prove_layer(LayerSize("residual", n))
    x1, x2, w11, w12, b1 = sp.symbols("x_1 x_2 w_{11} w_{12} b_1", real=True)
    first = x1 + sp.tanh(w11 * x1 + w12 * x2 + b1)
    derivative, how = differentiate(first, x1)
    t = sp.tanh(w11 * x1 + w12 * x2 + b1)
    local = g[i] * (1 - a[i] ** 2)
    steps = [
        checked("sum rule", "the identity path contributes 1 to $\\partial y_1 / \\partial x_1$, the branch "
                "$F$ its slope $(1 - a_1^2) w_{11}$", derivative, 1 + (1 - t**2) * w11, substeps=(how,)),
        _proved("Jacobian", "$J = I + \\operatorname{diag}(1 - a^2) W$, the identity plus the branch’s Jacobian",
                J[i, j], sp.KroneckerDelta(i, j) + (1 - a[i] ** 2) * W[i, j], proof, ("J",)),
        _proved("identity path", "the gradient that reaches $x$ is the upstream $g$ itself plus what flows "
                "back through $F$: $g + J_F^{T} g$", dx[j], g[j] + sp.Sum(W[i, j] * local, (i, 1, n)), proof, ("x",)),
        _proved("matrix form", "the branch’s weights see $\\delta = g \\odot (1 - a^2)$: "
                "$\\partial C / \\partial W = \\delta x^{T}$", sp.Symbol(r"\frac{\partial C}{\partial W_{ij}}"),
                local * sp.IndexedBase("x", real=True)[j], proof, ("W",)),
        _proved("matrix form", "and $\\partial C / \\partial b = \\delta$",
                sp.Symbol(r"\frac{\partial C}{\partial b_{i}}"), local, proof, ("b",)),
    ]
    result = _proved("result", f"all {proof.entries} entries at $n = {n}$ equal the backward pass",
                     sp.Symbol(r"\frac{\partial C}{\partial x}"), sp.Symbol(r"g + W^{T} (g \odot (1 - a^2))"),
                     proof, ("J", "x", "W", "b"))
    return Derivation(
        name="residual-block",
        title=f"The residual block ($n = {n}$)",
        summary=(r"For $y = x + F(x)$ with $F(x) = \tanh(W x + b)$ and $a = F(x)$: "
                 r"$\partial C / \partial x = g + W^{T}(g \odot (1 - a^2))$, the upstream gradient passed on "
                 r"unchanged by the identity path plus $J_F^{T} g$; $\partial C / \partial W = (g \odot (1 - a^2)) "
                 r"x^{T}$. Proved entry by entry against direct differentiation."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_002, r"the backprop deltas and $\partial J / \partial W = \delta h^{T}$"),
                 Source(SEED_003, "the chain rule and the Hadamard product"),
                 Source(HE, r"§3.2, eq. (1): $y = F(x, \{W_i\}) + x$")),
        assumptions=(r"y = x + \tanh(W x + b),\ a = \tanh(W x + b)", r"C = \sum_i g_i y_i,\ \delta^{x} = "
                     r"\partial C / \partial x"),
        remarks=("The identity path is why deep residual networks train: even where $F$’s slope $1 - a^2$ "
                 "vanishes, $g$ reaches $x$ whole. Without it ($\\partial C/\\partial x = J_F^{T} g$ alone) the "
                 "proof refutes the formula.",),
    )


@register("dropout", r"Inverted dropout $y = m \odot x / (1 - p)$: the gradient", WIDTH, sources=(SEED_003,))
def dropout(width: str = "3") -> Derivation:
    n = _width(width)
    proof = prove_layer(LayerSize("dropout", n))
    xs, ms = sp.symbols("x m", real=True)
    derivative, how = differentiate(ms * xs / (1 - rate), xs)
    keep = 1 - rate
    steps = [
        checked("expectation", "a unit is kept ($m = 1$) with probability $1 - p$: the expected $m / (1 - p)$ "
                "is 1, so the layer’s output is $x$ on average and evaluation needs no rescaling",
                keep * 1 / (1 - rate) + rate * 0 / (1 - rate), sp.Integer(1), conditions=(rate < 1,)),
        checked("constant multiple", "the mask and the scale are constants of $x$",
                derivative, ms / (1 - rate), substeps=(how,), conditions=(rate < 1,)),
        _proved("Jacobian", "$J = \\operatorname{diag}(m) / (1 - p)$",
                J[i, j], sp.KroneckerDelta(i, j) * m[i] / (1 - rate), proof, ("J",)),
        _proved("backward pass", "the forward pass’s scale comes back, and a dropped unit gets no gradient: "
                "$m \\odot g / (1 - p)$", dx[j], m[j] * g[j] / (1 - rate), proof, ("x",)),
    ]
    result = _proved("result", f"all {proof.entries} entries at $n = {n}$ equal the backward pass",
                     sp.Symbol(r"\frac{\partial C}{\partial x}"), sp.Symbol(r"\frac{m \odot g}{1 - p}"),
                     proof, ("J", "x"))
    return Derivation(
        name="dropout",
        title=f"Inverted dropout ($n = {n}$)",
        summary=(r"For a fixed mask $m \in \{0, 1\}^n$ (the input of this layer) and rate $p$: "
                 r"$y = m \odot x / (1 - p)$ has $\partial C / \partial x = m \odot g / (1 - p)$. "
                 "Proved entry by entry against direct differentiation, the mask and the rate symbols too."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_003, "the Hadamard product"),
                 Source(SRIVASTAVA, "§10: dropout; the inverted form scales at training time instead of at test")),
        assumptions=(r"y = m \odot x / (1 - p),\ m_i \in \{0, 1\},\ 0 \le p < 1",
                     r"C = \sum_i g_i y_i,\ \delta^{x} = \partial C / \partial x"),
        remarks=("Without the $1/(1 - p)$ in the backward pass the proof refutes the formula: the gradient of "
                 "an inverted-dropout layer is scaled exactly as its output.",),
    )
