"""A tiny transformer block, hand-written forward and backward: attention + residual + layer norm + a 2-layer MLP.

Tokens come one-hot, X and Y of shape (batch, T, vocabulary). The block is pre-norm (the layer norm
before each sub-layer, as GPT-2 has it; it trains without a warm-up):

    h₀ = X E + Pos,  h₁ = h₀ + attention(LN₁(h₀)),  h₂ = h₁ + tanh(LN₂(h₁) W₁ + b₁) W₂ + b₂,
    logits = h₂ W_out,  C = −Σ Y ⊙ log softmax(logits)   (summed over the batch and the positions)

with LN(x) = g ⊙ (x − mean x)/√(var x + ε) + c over the last axis, norms.py's layer normalisation (its
backward pass the one the catalog's `layer-norm` derivation proves). The attention head is
attention.py's, its backward pass the one the catalog's `attention` derivation proves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.backprop import norms
from dlmath.numeric.backprop.attention import HeadForward, head_backward, head_forward
from dlmath.numeric.backprop.norms import NormForward
from dlmath.numeric.kernels import log_softmax, softmax

Params = dict[str, np.ndarray]


@dataclass(frozen=True)
class BlockSize:
    """Sequence length, vocabulary, model width and MLP width."""

    sequence: int = 4
    vocabulary: int = 4
    dim: int = 8
    hidden: int = 16

    @property
    def label(self) -> str:
        return f"T = {self.sequence}, vocabulary {self.vocabulary}, d = {self.dim}, MLP {self.hidden}"


PARAMETERS = ("E", "Pos", "g1", "c1", "WQ", "WK", "WV", "g2", "c2", "W1", "b1", "W2", "b2", "Wout")


def init_params(size: BlockSize, rng: np.random.Generator) -> Params:
    """Normal weights scaled by 1/√(fan-in); layer-norm gains 1 and shifts 0, as frameworks start them."""
    T, V, d, f = size.sequence, size.vocabulary, size.dim, size.hidden

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(0, 1 / np.sqrt(shape[0]), shape)
    return {"E": rng.normal(0, 1, (V, d)), "Pos": rng.normal(0, 1, (T, d)), "g1": np.ones(d), "c1": np.zeros(d),
            "WQ": normal(d, d), "WK": normal(d, d), "WV": normal(d, d), "g2": np.ones(d), "c2": np.zeros(d),
            "W1": normal(d, f), "b1": np.zeros(f), "W2": normal(f, d), "b2": np.zeros(d), "Wout": normal(d, V)}


@dataclass(frozen=True)
class BlockForward:
    """Every intermediate of one forward pass, kept for the backward pass."""

    X: np.ndarray
    h0: np.ndarray
    norm1: NormForward  # LN₁'s output, x̂ and 1/σ̂
    head: HeadForward
    h1: np.ndarray
    norm2: NormForward
    r: np.ndarray       # tanh(LN₂(h₁) W₁ + b₁)
    h2: np.ndarray
    logits: np.ndarray


def forward(params: Mapping[str, np.ndarray], X: np.ndarray, causal: bool = False) -> BlockForward:
    """The block's forward pass on one-hot tokens X (batch, T, vocabulary)."""
    X = np.asarray(X, dtype=np.float64)
    h0 = X @ params["E"] + params["Pos"]
    norm1 = norms.forward(h0, params["g1"], params["c1"], "layer")
    head = head_forward(params, norm1.y, causal)
    h1 = h0 + head.O
    norm2 = norms.forward(h1, params["g2"], params["c2"], "layer")
    r = np.tanh(norm2.y @ params["W1"] + params["b1"])
    h2 = h1 + r @ params["W2"] + params["b2"]
    return BlockForward(X, h0, norm1, head, h1, norm2, r, h2, h2 @ params["Wout"])


def loss(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, causal: bool = False) -> float:
    """The cross-entropy −Σ Y ⊙ log softmax(logits), summed over the batch and the positions."""
    logits = forward(params, X, causal).logits
    return float(-np.sum(Y * log_softmax(logits.reshape(-1, logits.shape[-1])).reshape(logits.shape)))


def predict(params: Mapping[str, np.ndarray], X: np.ndarray, causal: bool = False) -> np.ndarray:
    """The predicted token probabilities, (batch, T, vocabulary)."""
    logits = forward(params, X, causal).logits
    return softmax(logits, axis=-1)


def gradient(params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, causal: bool = False) -> Params:
    """∂C/∂(every parameter) of the summed cross-entropy, layer by layer from the logits back to the embedding."""
    fw = forward(params, X, causal)
    flat = lambda a: a.reshape(-1, a.shape[-1])  # noqa: E731 - (batch·T, features) for the weight gradients
    dlogits = softmax(fw.logits, axis=-1) - Y                     # softmax with cross-entropy: p − y
    grads = {"Wout": flat(fw.h2).T @ flat(dlogits)}
    dh2 = dlogits @ params["Wout"].T
    grads["W2"], grads["b2"] = flat(fw.r).T @ flat(dh2), flat(dh2).sum(axis=0)
    du = (dh2 @ params["W2"].T) * (1.0 - fw.r**2)                 # tanh' = 1 − tanh²
    grads["W1"], grads["b1"] = flat(fw.norm2.y).T @ flat(du), flat(du).sum(axis=0)
    dm = du @ params["W1"].T
    dh1_norm, grads["g2"], grads["c2"] = norms.backward(fw.norm2, params["g2"], dm)
    dh1 = dh2 + dh1_norm                                          # the residual passes δ through unchanged
    head_grads, da = head_backward(params, fw.head, dh1)
    grads.update(head_grads)
    dh0_norm, grads["g1"], grads["c1"] = norms.backward(fw.norm1, params["g1"], da)
    dh0 = dh1 + dh0_norm
    grads["E"], grads["Pos"] = flat(fw.X).T @ flat(dh0), dh0.sum(axis=0)
    return {name: grads[name] for name in PARAMETERS}
