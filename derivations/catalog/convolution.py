"""Convolution and max-pooling (seed 003, ch. 6): δ of the convolution layer and the filter gradients."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.calculus.steps import Step, checked
from dlmath.symbolic.models.convolution import ConvProof, ConvSize, prove_convolution

from ..core import Derivation, Source, register

SEED_003 = "003_2ef027bd369c874d.txt"
k, i, j, u, v, n, p, q = sp.symbols("k i j u v n p q", integer=True, nonnegative=True)
C, z_ = sp.Symbol("C", real=True), sp.Symbol("z", real=True)
wF, bF, x, zF = (sp.IndexedBase(name, real=True) for name in ("w^{F}", "b^{F}", "x", "z^{F}"))
deltaF, deltaO, wO, aF, aO, y, mask = (sp.IndexedBase(name, real=True) for name in
                                       (r"\delta^{F}", r"\delta^{O}", "w^{O}", "a^{F}", "a^{O}", "y", "m"))


def _proved(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: ConvProof, groups: tuple[str, ...]) -> Step:
    """A step whose check is the expanded-cost proof of the named groups of entries."""
    return Step(rule, why, before, after, "=", (), proof.verdict(groups))


def _local_steps(filter_side: int) -> list[Step]:
    """The small derivatives the layer-level formulas are built from, each put to the verifier."""
    # Filters are numbered from 1 (k = 1 … K) and positions from 0, as in the layer-level formulas below.
    window = sum(wF[1, a, b] * x[a, b] for a in range(filter_side) for b in range(filter_side)) + bF[1]
    last = filter_side - 1
    return [
        checked("linearity", "the unit at $(i, j) = (0, 0)$ of filter $k = 1$ is linear in each filter weight: "
                "its coefficient is the pixel under that weight (cross-correlation, no flip)",
                sp.Derivative(window, wF[1, last, 0]), x[last, 0]),
        checked("linearity", "the filter’s bias enters every unit of its feature map with coefficient 1",
                sp.Derivative(window, bF[1]), sp.Integer(1)),
        checked("sigmoid derivative", r"the activation’s derivative, used in $\delta^{O}$ and $\delta^{F}$",
                sp.Derivative(sigmoid(z_), z_), sigmoid(z_) * (1 - sigmoid(z_))),
        checked("quadratic cost", r"the output error of $C = \frac{1}{2}(a - y)^2$",
                sp.Derivative((aO[n] - y[n]) ** 2 / 2, aO[n]), aO[n] - y[n]),
    ]


def _layer_steps(proof: ConvProof) -> list[Step]:
    """The book's formulas, each proved against direct differentiation of the expanded cost."""
    sigma_prime = aF[k, i, j] * (1 - aF[k, i, j])
    pooled_delta = sp.Sum(deltaO[n] * wO[n, k, p, q], (n, 1, proof.size.outputs))
    return [
        _proved("chain rule", "output layer: $\\partial C/\\partial w^{O}_{nkpq} = \\delta^{O}_n \\cdot$ (pooled unit "
                "$kpq$), and $\\partial C/\\partial b^{O}_n = \\delta^{O}_n$ with "
                "$\\delta^{O}_n = (a^{O}_n - y_n)\\, a^{O}_n (1 - a^{O}_n)$",
                sp.Derivative(C, sp.IndexedBase("b^{O}")[n]), deltaO[n], proof, ("wO", "bO")),
        _proved("through pooling", "$\\delta^{F}_{kij}$ at the position $(i, j)$ that attains the max of window "
                "$(p, q)$ ($m_{kij} = 1$ there, else 0); every other position of the window gets 0 "
                "(on a tie, the first position in reading order "
                "would get it; the proof assumes no ties). Proved for every unit, max and non-max alike",
                deltaF[k, i, j], pooled_delta * mask[k, i, j] * sigma_prime, proof, ("deltaF",)),
        _proved("through the filter", "$z^{F}_{kij}$ is linear in $w^{F}_{kuv}$ with coefficient $x_{i+u, j+v}$, so "
                "the filter gradient is the cross-correlation of the image with $\\delta^{F}$",
                sp.Derivative(C, wF[k, u, v]),
                sp.Sum(sp.Sum(deltaF[k, i, j] * x[i + u, j + v], (i, 0, proof.size.feature - 1)),
                       (j, 0, proof.size.feature - 1)), proof, ("wF",)),
        _proved("through the bias", "the bias of filter $k$ enters each unit of its map with coefficient 1",
                sp.Derivative(C, bF[k]),
                sp.Sum(sp.Sum(deltaF[k, i, j], (i, 0, proof.size.feature - 1)), (j, 0, proof.size.feature - 1)),
                proof, ("bF",)),
    ]


def _label(shape: ConvSize) -> str:
    r"""The size as the book writes it: '$5 \times 5$ image, 1 filter $2 \times 2$, …' (ConvSize.label is plain)."""
    square = lambda n: f"${n} \\times {n}$"  # noqa: E731
    filters = "1 filter" if shape.filters == 1 else f"{shape.filters} filters"
    outputs = "1 output" if shape.outputs == 1 else f"{shape.outputs} outputs"
    return (f"{square(shape.image)} image, {filters} {square(shape.filter)}, {square(shape.pool)} pooling, "
            f"{outputs}")


def _size(text: str) -> ConvSize:
    try:
        image, filter_side, filters, outputs = (int(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"size must be image,filter,filters,outputs (four whole numbers), got {text!r}") from None
    size = ConvSize(image, filter_side, filters, 2, outputs)
    size.check()
    return size


@register("convolution", r"Convolution and max-pooling: $\delta$ of the convolution layer and the filter gradients",
          {"size": r"image,filter,filters,outputs with $2 \times 2$ pooling (default 5,2,1,2; the book’s net is "
                   "6,3,3,3)"},
          sources=(SEED_003,))
def convolution(size: str = "5,2,1,2") -> Derivation:
    shape = _size(size)
    proof = prove_convolution(shape)
    entries = sum(g.entries for g in proof.groups)
    result = _proved("result", f"every one of the {entries} entries ($\\delta^{{F}}$ and all gradients) at size "
                     f"{_label(shape)} equals the layer-level formula ({proof.seconds:.2f} s)",
                     sp.Symbol(r"\nabla C", real=True),
                     sp.Symbol(r"\left(\sum_{ij} \delta^{F}_{kij} x_{i+u,j+v},\ \sum_{ij} \delta^{F}_{kij},\ "
                               r"\delta^{O}_n a^{P}_{kpq},\ \delta^{O}_n\right)"), proof,
                     ("deltaF", "wF", "bF", "wO", "bO"))
    return Derivation(
        name="convolution",
        title=f"Convolution and max-pooling ({_label(shape)})",
        summary=(r"For $z^{F}_{kij} = \sum_{u,v} w^{F}_{kuv} x_{i+u,j+v} + b^{F}_k$, $a^{F} = \sigma(z^{F})$, "
                 r"max-pooling over $2 \times 2$ windows and a fully connected $\sigma$ output layer with "
                 r"$C = \tfrac{1}{2}\lVert a^{O} - y \rVert^2$: $\delta^{F}_{kij} = \left(\sum_n \delta^{O}_n "
                 r"w^{O}_{nkpq}\right) \sigma'(z^{F}_{kij})$ at the position that attains its window’s max and 0 "
                 r"elsewhere, $\partial C/\partial w^{F}_{kuv} = \sum_{i,j} \delta^{F}_{kij} x_{i+u,j+v}$, "
                 r"$\partial C/\partial b^{F}_k = \sum_{i,j} \delta^{F}_{kij}$. Proved entry by entry against "
                 "direct differentiation of the expanded cost."),
        steps=(*_local_steps(shape.filter), *_layer_steps(proof)),
        result=result,
        sources=(Source(SEED_003, "convolution layers: filters, feature maps, pooling; gradient of $C_T$ with the "
                                  "partial derivatives of filter and output-layer weights"),),
        assumptions=(r"z^{F}_{kij} = \sum_{u,v} w^{F}_{kuv} x_{i+u,j+v} + b^{F}_k,\ a^{F} = \sigma(z^{F})",
                     r"a^{P}_{kpq} = \max_{(i,j) \in \text{window}(p,q)} a^{F}_{kij}",
                     r"\text{the argmax of every window is fixed (no ties): there } "
                     r"a^{P}_{kpq} = a^{F}_{k i^{*} j^{*}}",
                     r"\delta^{F}_{kij} = \partial C / \partial z^{F}_{kij}"),
        remarks=(r"$\max$ is not differentiable where two entries of a window tie. The derivation holds on the open "
                 "region where each window’s argmax is fixed: there the pooled unit equals the selected entry and "
                 "the cost is smooth. The pattern is read off a random sample without ties, the numeric check uses "
                 "samples with the same pattern and the real max.",
                 "The book’s convolution is a cross-correlation (the filter is not flipped); a flipped filter gives "
                 r"a different $\partial C/\partial w^{F}$ and is refuted by the same proof."),
    )
