"""Compiled symbolic gradients of the small CNN: the expanded cost differentiated by symengine.

Every filter weight, bias, output weight, pixel and target is a symbol; the pooled unit of a
window is Σ s·aᶠ over the window with selector symbols s (1 at the argmax, 0 elsewhere). On the
region where a given position is the window's max the pooled unit IS that entry, so with the
selectors held fixed the cost is smooth and `se.diff` gives its exact gradient there. The
selectors are read off the compiled feature maps with the tie rule of numeric/backprop/conv.py (first
max in reading order). Small sizes only: the expression grows with image × filters × outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se

from dlmath.numeric.backprop import conv
from dlmath.numeric.backprop.conv import PARAMETERS, argmax_mask
from dlmath.numeric.compiled.expanded import flat_parameters, lambdify, unpack
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.convolution import ConvSize

MAX_ENTRIES = 400  # parameters + pixels; beyond this the expanded expressions get slow to compile


@dataclass(frozen=True)
class _Symbols:
    """The symbols of the expanded network, grouped as the numeric arrays are."""

    params: dict[str, np.ndarray]  # name → object array of symbols, the parameter's shape
    pixels: np.ndarray
    targets: np.ndarray
    selectors: np.ndarray          # (K, M, M)


def _symbols(shape: ConvSize) -> _Symbols:
    def grid(prefix: str, dims: tuple[int, ...]) -> np.ndarray:
        names = [se.Symbol(f"{prefix}_{'_'.join(map(str, i))}") for i in np.ndindex(*dims)]
        return np.array(names, dtype=object).reshape(dims)
    K, f, M, P, N = shape.filters, shape.filter, shape.feature, shape.pooled, shape.outputs
    return _Symbols({"wF": grid("wF", (K, f, f)), "bF": grid("bF", (K,)), "wO": grid("wO", (N, K, P, P)),
                     "bO": grid("bO", (N,))}, grid("x", (shape.image, shape.image)), grid("y", (N,)),
                     grid("s", (K, M, M)))


def _sigma(z: se.Basic) -> se.Basic:
    return 1 / (1 + se.exp(-z))


def _expand(shape: ConvSize, s: _Symbols) -> tuple[np.ndarray, se.Basic]:
    """The feature maps aᶠ (K, M, M) and the cost ½Σ(aᴼ − y)² of one image, fully written out."""
    K, f, M, P, N, p = shape.filters, shape.filter, shape.feature, shape.pooled, shape.outputs, shape.pool
    w, x = s.params["wF"], s.pixels
    aF = np.empty((K, M, M), dtype=object)
    for k, i, j in np.ndindex(K, M, M):
        aF[k, i, j] = _sigma(se.Add(*[w[k, u, v] * x[i + u, j + v] for u, v in np.ndindex(f, f)]) + s.params["bF"][k])
    pooled = np.empty((K, P, P), dtype=object)
    for k, a, b in np.ndindex(K, P, P):
        window = [(a * p + u, b * p + v) for u, v in np.ndindex(p, p)]
        pooled[k, a, b] = se.Add(*[s.selectors[k, i, j] * aF[k, i, j] for i, j in window])
    cost = se.Integer(0)
    for n in range(N):
        zO = se.Add(*[s.params["wO"][n, k, a, b] * pooled[k, a, b]
                      for k, a, b in np.ndindex(K, P, P)]) + s.params["bO"][n]
        cost += (_sigma(zO) - s.targets[n]) ** 2 / 2
    return aF, cost


@dataclass(frozen=True)
class CompiledCnn:
    """The compiled feature maps and gradient of one image, and how to call them on a batch."""

    shape: ConvSize
    feature_maps: Callable[[np.ndarray], np.ndarray]
    per_image_gradient: Callable[[np.ndarray], np.ndarray]

    def __call__(self, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """∂C/∂(wF, bF, wO, bO) of the cost summed over the batch X (batch, H, W), Y (batch, N)."""
        X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        theta = flat_parameters(params, PARAMETERS)
        batch = len(X)
        head = np.hstack([np.tile(theta, (batch, 1)), X.reshape(batch, -1)])
        maps = np.asarray(self.feature_maps(head)).reshape(batch, self.shape.filters, self.shape.feature, -1)
        selectors = argmax_mask(maps, self.shape.pool).reshape(batch, -1)
        rows = np.asarray(self.per_image_gradient(np.hstack([head, Y, selectors]))).reshape(batch, -1)
        return unpack(rows.sum(axis=0), params, PARAMETERS)[0]


@lru_cache(maxsize=4)
def compiled_gradient(shape: ConvSize) -> CompiledCnn:
    """Differentiate the expanded cost of `shape` with respect to every parameter and compile it."""
    count = (shape.filters * (shape.filter**2 + 1) + shape.outputs * (shape.filters * shape.pooled**2 + 1)
             + shape.image**2)
    if count > MAX_ENTRIES:
        raise ValueError(f"the compiled CNN gradient is for small sizes: {count} parameters and pixels, "
                         f"at most {MAX_ENTRIES}")
    s = _symbols(shape)
    aF, cost = _expand(shape, s)
    theta = [sym for name in PARAMETERS for sym in s.params[name].ravel()]
    head = theta + list(s.pixels.ravel())
    gradient = [se.diff(cost, sym) for sym in theta]
    return CompiledCnn(shape, lambdify(head, list(aF.ravel())),
                       lambdify(head + list(s.targets) + list(s.selectors.ravel()), gradient))


@dataclass(frozen=True)
class CnnGradients:
    """The CNN for gradcheck.check_gradients: the compiled symbolic gradient, conv.py's backprop, the cost."""

    compiled: CompiledCnn

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled(params, X, Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return conv.gradient(params, X, Y, self.compiled.shape.pool)

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return conv.loss(params, X, Y, self.compiled.shape.pool)


def cnn_case(seed: int) -> tuple[CnnGradients, Problem]:
    """The book's CNN and a random batch of 4 without near-ties in the max-pooling, for the three-way check."""
    model = CnnGradients(compiled_gradient(conv.BOOK))
    params, X, Y = conv.random_problem(conv.BOOK, 4, np.random.default_rng(seed))
    return model, Problem(params, X, Y)
