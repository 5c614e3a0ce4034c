"""Hand-written vectorized layers: softmax, log-softmax, the residual block and inverted dropout, forward and back.

Batches are rows. Each backward pass takes the upstream gradient G = ∂C/∂y and returns ∂C/∂x, the
vector-Jacobian products that symbolic/models/layers.py proves entry by entry:

    softmax      Jᵀg = p ⊙ (g − (gᵀp) 1)          (J = diag(p) − p pᵀ, never formed)
    log-softmax  Jᵀg = g − (Σ g) p
    residual     y = x + tanh(W x + b):  ∂C/∂x = g + Wᵀ(g ⊙ (1 − a²))  (the identity path's g, plus F's)
    dropout      y = m ⊙ x / (1 − p):    ∂C/∂x = m ⊙ g / (1 − p)

The gradcheck models put a dense layer z = W x + b before softmax, log-softmax and dropout (the residual
block has its own W, b) and fit ½ Σ ‖y − t‖² over the batch, the cost numeric/compiled/layers.py compiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.kernels import log_softmax, softmax

Params = dict[str, np.ndarray]
PARAMETERS = ("W", "b")
LAYERS = ("softmax", "log-softmax", "residual", "dropout")  # symbolic.models.layers.LAYERS


def softmax_jacobian(p: np.ndarray) -> np.ndarray:
    """diag(p) − p pᵀ for one probability vector p (for tests and teaching; the backward pass never forms it)."""
    return np.diag(p) - np.outer(p, p)


def softmax_backward(P: np.ndarray, G: np.ndarray) -> np.ndarray:
    """Jᵀg row by row: P ⊙ (G − Σⱼ Gⱼ Pⱼ), O(n) per row."""
    return P * (G - np.sum(G * P, axis=-1, keepdims=True))


def log_softmax_backward(P: np.ndarray, G: np.ndarray) -> np.ndarray:
    """Jᵀg of log-softmax row by row: G − (Σⱼ Gⱼ) P, with P = softmax of the same input (= e^{log-softmax})."""
    return G - P * np.sum(G, axis=-1, keepdims=True)


def dropout_mask(shape: tuple[int, ...], rate: float, rng: np.random.Generator) -> np.ndarray:
    """A 0/1 mask keeping each unit with probability 1 − rate."""
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"the dropout rate must be in [0, 1), got {rate}")
    return (rng.random(shape) >= rate).astype(np.float64)


def dropout_forward(X: np.ndarray, mask: np.ndarray, rate: float) -> np.ndarray:
    """Inverted dropout m ⊙ x / (1 − p): the expected output is x, so evaluation needs no rescaling."""
    return mask * X / (1.0 - rate)


def dropout_backward(G: np.ndarray, mask: np.ndarray, rate: float) -> np.ndarray:
    """m ⊙ g / (1 − p): the forward pass's scale comes back, and a dropped unit gets no gradient."""
    return mask * G / (1.0 - rate)


@dataclass(frozen=True)
class LayerModel:
    """One gradcheck model: which layer, and for dropout its fixed mask (batch, n) and rate."""

    layer: str
    mask: np.ndarray | None = None
    rate: float = 0.0

    def forward(self, params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(Z, Y): the pre-activation W x + b (or tanh's argument) and the output, rows as samples."""
        X = np.asarray(X, dtype=np.float64)
        Z = X @ params["W"].T + params["b"]
        if self.layer == "softmax":
            return Z, softmax(Z)
        if self.layer == "log-softmax":
            return Z, log_softmax(Z)
        if self.layer == "residual":
            return Z, X + np.tanh(Z)
        return Z, dropout_forward(Z, self._mask(Z), self.rate)

    def _mask(self, Z: np.ndarray) -> np.ndarray:
        if self.mask is None or self.mask.shape != Z.shape:
            raise ValueError(f"dropout needs a mask of shape {Z.shape}")
        return self.mask

    def loss(self, params: Mapping[str, np.ndarray], X: np.ndarray, T: np.ndarray) -> float:
        """½ Σ ‖y − t‖² over the batch."""
        return float(0.5 * np.sum((self.forward(params, X)[1] - T) ** 2))

    def backward(self, params: Mapping[str, np.ndarray], X: np.ndarray, G: np.ndarray) -> dict[str, np.ndarray]:
        """From G = ∂C/∂y: ∂C/∂W, ∂C/∂b summed over the batch, and ∂C/∂X (batch, n)."""
        X = np.asarray(X, dtype=np.float64)
        Z, Y = self.forward(params, X)
        if self.layer == "softmax":
            dZ = softmax_backward(Y, G)
        elif self.layer == "log-softmax":
            dZ = log_softmax_backward(np.exp(Y), G)
        elif self.layer == "residual":
            dZ = G * (1.0 - (Y - X) ** 2)   # tanh' = 1 − a², with a = y − x
        else:
            dZ = dropout_backward(G, self._mask(Z), self.rate)
        dX = dZ @ params["W"]
        if self.layer == "residual":
            dX += G                          # the identity path
        return {"W": dZ.T @ X, "b": dZ.sum(axis=0), "X": dX}

    def gradient(self, params: Mapping[str, np.ndarray], X: np.ndarray, T: np.ndarray) -> dict[str, np.ndarray]:
        """∂C/∂(W, b, X) of ½ Σ ‖y − t‖²: the upstream gradient is y − t."""
        return self.backward(params, X, self.forward(params, X)[1] - T)


def init_params(width: int, rng: np.random.Generator) -> Params:
    """Normal weights with standard deviation 1/√n and small normal biases."""
    return {"W": rng.normal(0, 1 / np.sqrt(width), (width, width)), "b": rng.normal(0, 0.5, width)}
