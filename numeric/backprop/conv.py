"""Hand-written vectorized convolution network (Wakui ch. 6): conv → σ → max-pool → dense σ output.

The convolution is the book's: a valid cross-correlation of the image with each filter plus one
bias per filter, then σ. Max-pooling over non-overlapping p×p windows; in a tie the FIRST
position in reading order (row by row) takes the max and receives the whole gradient. The
output layer is fully connected to every pooled unit, with σ and the quadratic cost ½‖a − y‖².
Parameters: wF (K, f, f), bF (K,), wO (N, K, P, P), bO (N,). Images X: (batch, H, W).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from dlmath.numeric.kernels import sigmoid, sigmoid_derivative
from dlmath.symbolic.models.convolution import ConvSize

Params = dict[str, np.ndarray]
PARAMETERS = ("wF", "bF", "wO", "bO")


BOOK = ConvSize(image=6, filter=3, filters=3, pool=2, outputs=3)  # → 4×4 maps → 2×2 pooled → 3 outputs


def init_params(shape: ConvSize, rng: np.random.Generator, scale: float = 1.0) -> Params:
    """Normal random parameters (standard deviation `scale`), as the book starts from random values."""
    if shape.feature < 1 or shape.feature % shape.pool:
        raise ValueError(f"a {shape.feature}×{shape.feature} feature map does not split into {shape.pool}×{shape.pool} "
                         "windows")
    return {"wF": rng.normal(0, scale, (shape.filters, shape.filter, shape.filter)),
            "bF": rng.normal(0, scale, shape.filters),
            "wO": rng.normal(0, scale, (shape.outputs, shape.filters, shape.pooled, shape.pooled)),
            "bO": rng.normal(0, scale, shape.outputs)}


def patches(X: np.ndarray, size: int) -> np.ndarray:
    """(batch, H, W) → (batch, i, j, u, v): the image window under the filter at (i, j)."""
    return sliding_window_view(X, (size, size), axis=(1, 2))


def _windows(A: np.ndarray, pool: int) -> np.ndarray:
    """(batch, K, M, M) → (batch, K, P, P, pool·pool): each pooling window's entries in reading order."""
    b, k, m, _ = A.shape
    p = m // pool
    return A.reshape(b, k, p, pool, p, pool).transpose(0, 1, 2, 4, 3, 5).reshape(b, k, p, p, pool * pool)


def argmax_mask(A: np.ndarray, pool: int) -> np.ndarray:
    """1 where a feature-map entry is its window's max (first in reading order on ties), else 0."""
    w = _windows(A, pool)
    first = np.argmax(w, axis=-1)  # numpy's argmax returns the first maximal index: the tie rule
    onehot = (np.arange(pool * pool) == first[..., None]).astype(float)
    b, k, p, _, _ = onehot.shape
    return onehot.reshape(b, k, p, p, pool, pool).transpose(0, 1, 2, 4, 3, 5).reshape(A.shape)


@dataclass(frozen=True)
class Forward:
    """Every intermediate of one forward pass, kept for the backward pass."""

    windows: np.ndarray  # (batch, M, M, f, f)
    zF: np.ndarray       # (batch, K, M, M)
    aF: np.ndarray
    mask: np.ndarray     # argmax positions, like aF
    pooled: np.ndarray   # (batch, K, P, P)
    zO: np.ndarray       # (batch, N)
    aO: np.ndarray


def forward(params: Mapping[str, np.ndarray], X: np.ndarray, pool: int = 2) -> Forward:
    """The forward pass: zF = x ⋆ wF + bF, aF = σ(zF), pooled = max, zO = wO·pooled + bO, aO = σ(zO)."""
    X = np.asarray(X, dtype=np.float64)
    f = params["wF"].shape[-1]
    windows = patches(X, f)
    zF = np.einsum("bijuv,kuv->bkij", windows, params["wF"]) + params["bF"][None, :, None, None]
    aF = sigmoid(zF)
    pooled = _windows(aF, pool).max(axis=-1)
    zO = np.einsum("bkpq,nkpq->bn", pooled, params["wO"]) + params["bO"]
    return Forward(windows, zF, aF, argmax_mask(aF, pool), pooled, zO, sigmoid(zO))


def loss(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, pool: int = 2) -> float:
    """The quadratic cost summed over the batch: Σ ½‖aO − y‖²."""
    return float(0.5 * np.sum((forward(params, X, pool).aO - Y) ** 2))


def predict(params: Mapping[str, np.ndarray], X: np.ndarray, pool: int = 2) -> np.ndarray:
    """The output activations aO, one row per image."""
    return forward(params, X, pool).aO


def gradient(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, pool: int = 2) -> Params:
    """∂C/∂(wF, bF, wO, bO) of the summed cost by backpropagation through output, pooling and filter."""
    fw = forward(params, X, pool)
    deltaO = (fw.aO - Y) * sigmoid_derivative(fw.aO)                      # δᴼ = (a − y) σ'(zᴼ)
    deltaP = np.einsum("bn,nkpq->bkpq", deltaO, params["wO"])          # ∂C/∂(pooled unit)
    upsampled = np.repeat(np.repeat(deltaP, pool, axis=2), pool, axis=3)
    deltaF = upsampled * fw.mask * sigmoid_derivative(fw.aF)              # only the argmax position, times σ'(zᶠ)
    return {"wF": np.einsum("bkij,bijuv->kuv", deltaF, fw.windows),   # Σ δᶠ_kij x_{i+u, j+v}
            "bF": deltaF.sum(axis=(0, 2, 3)),
            "wO": np.einsum("bn,bkpq->nkpq", deltaO, fw.pooled),
            "bO": deltaO.sum(axis=0)}


def tie_margin(params: Mapping[str, np.ndarray], X: np.ndarray, pool: int = 2) -> float:
    """The smallest gap between a window's max and its runner-up: > 0 means no ties anywhere."""
    w = np.sort(_windows(forward(params, X, pool).aF, pool), axis=-1)
    return float(np.min(w[..., -1] - w[..., -2]))


def random_problem(shape: ConvSize, batch: int, rng: np.random.Generator, margin: float = 1e-3
                   ) -> tuple[Params, np.ndarray, np.ndarray]:
    """Random parameters, images and targets whose max-pooling has no near-ties (redrawn until so)."""
    for _ in range(1000):
        params = init_params(shape, rng)
        X = rng.uniform(0.0, 1.0, (batch, shape.image, shape.image))
        Y = rng.uniform(0.05, 0.95, (batch, shape.outputs))
        if tie_margin(params, X, shape.pool) > margin:
            return params, X, Y
    raise RuntimeError("could not draw a problem without near-ties in the max-pooling")
