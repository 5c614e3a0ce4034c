"""Hand-written vectorized scaled dot-product attention, one head: forward, backward, and the head's cost.

Sequences are X (batch, T, d); the head is Q = X W_Q, K = X W_K, V = X W_V with W_Q, W_K (d, k) and
W_V (d, v), S = Q Kᵀ/√k, P = softmax of each row of S (causal: the scores of later positions are
−∞, so P is 0 there), O = P V. Alone the head is fitted with the quadratic cost ½ Σ (O − Y)² summed
over the batch, the cost the symbolic proof (symbolic/models/attention.py) differentiates; the
transformer block (transformer.py) calls `head_forward` and `head_backward` with its own cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

Params = dict[str, np.ndarray]
PARAMETERS = ("WQ", "WK", "WV")


def _softmax_rows(S: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; the row max is subtracted first, so exp never overflows (−∞ gives 0)."""
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def _softmax_rows_backward(P: np.ndarray, dP: np.ndarray) -> np.ndarray:
    """δS = δP times the Jacobian diag(p) − p pᵀ of each row: P ⊙ (δP − Σⱼ δPᵢⱼ Pᵢⱼ)."""
    return P * (dP - np.sum(dP * P, axis=-1, keepdims=True))


def causal_mask(T: int) -> np.ndarray:
    """True where row i may look at position j (j ≤ i)."""
    return np.tril(np.ones((T, T), dtype=bool))


@dataclass(frozen=True)
class HeadForward:
    """The intermediates of one forward pass of the head, kept for the backward pass."""

    X: np.ndarray  # (batch, T, d)
    Q: np.ndarray  # (batch, T, k)
    K: np.ndarray
    V: np.ndarray  # (batch, T, v)
    P: np.ndarray  # (batch, T, T)
    O: np.ndarray  # (batch, T, v)


def head_forward(params: Mapping[str, np.ndarray], X: np.ndarray, causal: bool = False) -> HeadForward:
    """Q, K, V, P = softmax(Q Kᵀ/√k) (masked if causal) and O = P V."""
    X = np.asarray(X, dtype=np.float64)
    Q, K, V = X @ params["WQ"], X @ params["WK"], X @ params["WV"]
    S = Q @ K.swapaxes(-1, -2) / np.sqrt(Q.shape[-1])
    if causal:
        S = np.where(causal_mask(S.shape[-1]), S, -np.inf)
    P = _softmax_rows(S)
    return HeadForward(X, Q, K, V, P, P @ V)


def head_backward(params: Mapping[str, np.ndarray], fw: HeadForward, dO: np.ndarray) -> tuple[Params, np.ndarray]:
    """From δO = ∂C/∂O: ({WQ, WK, WV: ∂C/∂W}, ∂C/∂X), the backward pass the catalog's `attention` proves."""
    dV = fw.P.swapaxes(-1, -2) @ dO                       # ∂C/∂V = Pᵀ δO
    dS = _softmax_rows_backward(fw.P, dO @ fw.V.swapaxes(-1, -2))  # δP = δO Vᵀ; a masked score has P = 0: δS = 0
    scale = 1.0 / np.sqrt(fw.Q.shape[-1])                 # the forward pass's 1/√k, back in δQ and δK
    dQ, dK = dS @ fw.K * scale, dS.swapaxes(-1, -2) @ fw.Q * scale
    Xt = fw.X.swapaxes(-1, -2)
    grads = {"WQ": np.sum(Xt @ dQ, axis=0), "WK": np.sum(Xt @ dK, axis=0), "WV": np.sum(Xt @ dV, axis=0)}
    dX = dQ @ params["WQ"].T + dK @ params["WK"].T + dV @ params["WV"].T
    return grads, dX


def init_params(dim: int, key: int, value: int, rng: np.random.Generator) -> Params:
    """Normal weights with standard deviation 1/√dim, so the scores start of order 1."""
    scale = 1.0 / np.sqrt(dim)
    return {"WQ": rng.normal(0, scale, (dim, key)), "WK": rng.normal(0, scale, (dim, key)),
            "WV": rng.normal(0, scale, (dim, value))}


def loss(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, causal: bool = False) -> float:
    """The quadratic cost summed over the batch: Σ ½‖O − Y‖²."""
    return float(0.5 * np.sum((head_forward(params, X, causal).O - Y) ** 2))


def gradient(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, causal: bool = False) -> Params:
    """∂C/∂(WQ, WK, WV) of the summed quadratic cost."""
    fw = head_forward(params, X, causal)
    grads, _ = head_backward(params, fw, fw.O - Y)
    return grads


def input_gradient(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, causal: bool = False
                   ) -> np.ndarray:
    """∂C/∂X of the summed quadratic cost, (batch, T, d)."""
    fw = head_forward(params, X, causal)
    return head_backward(params, fw, fw.O - Y)[1]
