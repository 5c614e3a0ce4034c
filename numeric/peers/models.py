"""The benchmark's models written once for the autodiff peers (torch, jax): the same equations as numeric/backprop.

Each cost takes `ops` (the framework's sigmoid, tanh, einsum, zeros and max over axes) and arrays of that
framework; parameters keep numeric/backprop's names. The costs are summed over the batch (and time).
The CNN's image windows are data, cut once in numpy (cases.cnn_windows), not part of the step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.backprop import conv

from .cases import Case


@dataclass(frozen=True)
class Ops:
    """The few operations the costs need that torch and jax spell differently."""

    sigmoid: Callable
    tanh: Callable
    einsum: Callable
    zeros: Callable          # zeros(shape) like the parameters
    max: Callable            # max(x, axes)


def _quadratic(ops: Ops, z: object, y: object) -> object:
    return 0.5 * ((ops.sigmoid(z) - y) ** 2).sum()


def mlp_cost(ops: Ops, p: Mapping[str, object], X: object, Y: object) -> object:
    """½ Σ ‖aᴸ − y‖² with aˡ = σ(aˡ⁻¹ Wˡᵀ + bˡ), one sample per row."""
    a, depth = X, len(p) // 2
    for layer in range(1, depth):
        a = ops.sigmoid(a @ p[f"W{layer}"].T + p[f"b{layer}"])
    return _quadratic(ops, a @ p[f"W{depth}"].T + p[f"b{depth}"], Y)


def rnn_cost(ops: Ops, p: Mapping[str, object], X: object, Y: object) -> object:
    """h_t = tanh(Wxh x_t + Uh h_{t−1} + bh), ŷ_t = σ(Why h_t + by), h₀ = 0; Σ_t ½‖ŷ_t − y_t‖²."""
    h, cost = ops.zeros((X.shape[0], p["Uh"].shape[0])), 0.0
    for t in range(X.shape[1]):
        h = ops.tanh(X[:, t] @ p["Wxh"].T + h @ p["Uh"].T + p["bh"])
        cost = cost + _quadratic(ops, h @ p["Why"].T + p["by"], Y[:, t])
    return cost


def lstm_cost(ops: Ops, p: Mapping[str, object], X: object, Y: object) -> object:
    """Seed 002's LSTM (gates f, i, o, candidate c), h₀ = c₀ = 0; Σ_t ½‖σ(Why h_t + by) − y_t‖²."""
    H = p["Uf"].shape[0]
    h = c = ops.zeros((X.shape[0], H))
    cost = 0.0
    for t in range(X.shape[1]):
        x = X[:, t]
        pre = {g: x @ p[f"W{g}"].T + h @ p[f"U{g}"].T + p[f"b{g}"] for g in ("f", "i", "o", "c")}
        c = ops.sigmoid(pre["f"]) * c + ops.sigmoid(pre["i"]) * ops.tanh(pre["c"])
        h = ops.sigmoid(pre["o"]) * ops.tanh(c)
        cost = cost + _quadratic(ops, h @ p["Why"].T + p["by"], Y[:, t])
    return cost


def cnn_cost(ops: Ops, p: Mapping[str, object], windows: object, Y: object) -> object:
    """conv (windows ⋆ wF + bF) → σ → max-pool → dense σ; the book's shapes (numeric/backprop/conv.py)."""
    aF = ops.sigmoid(ops.einsum("bijuv,kuv->bkij", windows, p["wF"]) + p["bF"][None, :, None, None])
    b, k, m, _ = aF.shape
    pool = conv.BOOK.pool
    pooled = ops.max(aF.reshape(b, k, m // pool, pool, m // pool, pool), (3, 5))
    return _quadratic(ops, ops.einsum("bkpq,nkpq->bn", pooled, p["wO"]) + p["bO"], Y)


COSTS = {"mlp": mlp_cost, "rnn": rnn_cost, "lstm": lstm_cost, "cnn": cnn_cost}


def inputs(case: Case, X: np.ndarray) -> np.ndarray:
    """What the cost takes as its inputs: X, or for the CNN the image windows under the filter (contiguous)."""
    if case.model == "cnn":
        return np.ascontiguousarray(conv.patches(X, conv.BOOK.filter))
    return X
