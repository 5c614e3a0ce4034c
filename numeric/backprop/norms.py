r"""Hand-written vectorized layer and batch normalisation: forward, backward, and a quadratic cost to check them.

Features are the last axis. Layer normalisation takes the mean and variance of each sample's features
(over the last axis); batch normalisation, in training mode, of each feature over the batch (every
other axis). Both then scale and shift by a γ and a β per feature:

    x̂ = (x − μ)/σ̂,  σ̂ = √(σ² + ε),  y = γ ⊙ x̂ + β.

The backward pass is the compact form the catalog's `layer-norm` and `batch-norm` derivations prove,
written with means over the N entries of a group: with ĝ = γ ⊙ ∂L/∂y,

    ∂L/∂x = (ĝ − mean ĝ − x̂ mean(ĝ ⊙ x̂))/σ̂,  ∂L/∂γ = Σ ∂L/∂y ⊙ x̂,  ∂L/∂β = Σ ∂L/∂y  (over every axis but the last).

The transformer block (transformer.py) normalises its layers with `forward(…, "layer")` and `backward`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

KINDS = ("layer", "batch")  # symbolic.models.norms.KINDS
EPSILON = 1e-5              # inside the square root, as torch.nn.LayerNorm and BatchNorm1d
PARAMETERS = ("gamma", "beta")


def statistic_axes(kind: str, ndim: int) -> tuple[int, ...]:
    """The axes one mean and one variance are taken over: the features (layer) or the batch (batch)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return (ndim - 1,) if kind == "layer" else tuple(range(ndim - 1))


@dataclass(frozen=True)
class NormForward:
    """What the backward pass needs of one forward pass."""

    y: np.ndarray
    normed: np.ndarray   # x̂
    inverse: np.ndarray  # 1/σ̂, one per group (kept with the reduced axes, for broadcasting)
    axes: tuple[int, ...]


def forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, kind: str = "layer", epsilon: float = EPSILON
            ) -> NormForward:
    """y = γ ⊙ (x − μ)/√(σ² + ε) + β, the statistics over `kind`'s axes (the variance without Bessel's n − 1)."""
    x = np.asarray(x, dtype=np.float64)
    axes = statistic_axes(kind, x.ndim)
    centred = x - x.mean(axis=axes, keepdims=True)
    inverse = 1.0 / np.sqrt(np.mean(centred**2, axis=axes, keepdims=True) + epsilon)
    normed = centred * inverse
    return NormForward(gamma * normed + beta, normed, inverse, axes)


def backward(fw: NormForward, gamma: np.ndarray, dy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(∂L/∂x, ∂L/∂γ, ∂L/∂β) from ∂L/∂y: the compact form, the mean's path and the variance's path in one line."""
    ghat = dy * gamma
    dx = fw.inverse * (ghat - ghat.mean(axis=fw.axes, keepdims=True)                          # the mean's path
                       - fw.normed * np.mean(ghat * fw.normed, axis=fw.axes, keepdims=True))  # the variance's
    batch = tuple(range(dy.ndim - 1))
    return dx, np.sum(dy * fw.normed, axis=batch), np.sum(dy, axis=batch)


def init_params(features: int) -> dict[str, np.ndarray]:
    """γ = 1 and β = 0, as frameworks start them: the layer first passes x̂ through."""
    return {"gamma": np.ones(features), "beta": np.zeros(features)}


def loss(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, kind: str) -> float:
    """The quadratic cost ½‖y − Y‖² of the normalised batch."""
    return float(0.5 * np.sum((forward(X, params["gamma"], params["beta"], kind).y - Y) ** 2))


def gradient(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, kind: str) -> dict[str, np.ndarray]:
    """{gamma, beta, X: ∂C/∂…} of the quadratic cost: the input's gradient beside the parameters'."""
    fw = forward(X, params["gamma"], params["beta"], kind)
    dx, dgamma, dbeta = backward(fw, params["gamma"], fw.y - Y)
    return {"gamma": dgamma, "beta": dbeta, "X": dx}
