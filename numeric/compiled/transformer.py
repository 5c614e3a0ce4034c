"""Compiled symbolic gradient of the tiny transformer block, at tiny sizes: its expanded cost differentiated.

The block of numeric/backprop/transformer.py written out for one sequence in symengine, every
weight, input and target entry a symbol (the one-hot tokens too, so the same compiled function
serves every sequence): the embedding, the layer norms with their square roots, the attention head
with e^{s}/Σe^{s}, the tanh MLP, the residual sums and the cross-entropy −Σ y (logit − ln Σ e^{logit}).
symengine differentiates it with respect to every parameter entry and compiles the lot with common
subexpressions shared. The expansion grows fast with the sizes: this is a check at T = 3, d = 3,
not a way to train.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se

from dlmath.numeric.backprop import transformer
from dlmath.numeric.backprop.norms import EPSILON
from dlmath.numeric.backprop.transformer import PARAMETERS, BlockSize
from dlmath.numeric.compiled.expanded import flat_parameters, lambdify, unpack
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.norms import normalised

CHECKED = BlockSize(sequence=3, vocabulary=3, dim=3, hidden=3)  # the size `dlmath gradcheck` compiles
MAX_PARAMETERS = 120


def _symbols(name: str, shape: tuple[int, ...]) -> np.ndarray:
    return np.array([se.Symbol(f"{name}_{'_'.join(map(str, i))}") for i in np.ndindex(*shape)],
                    dtype=object).reshape(shape)


def _shapes(size: BlockSize) -> dict[str, tuple[int, ...]]:
    return {name: np.shape(value) for name, value in transformer.init_params(size, np.random.default_rng(0)).items()}


def _layer_norm(x: np.ndarray, g: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Row by row g ⊙ x̂ + c with x̂ = (x − mean)/√(var + ε), in symbols (x̂ as symbolic/models/norms.py writes it)."""
    out = np.empty(x.shape, dtype=object)
    for t in range(x.shape[0]):
        out[t] = [g[k] * h + c[k] for k, h in enumerate(normalised(list(x[t]), se.Float(EPSILON)))]
    return out


def _softmax_rows(S: np.ndarray, causal: bool) -> np.ndarray:
    out = np.zeros(S.shape, dtype=object)
    for i in range(S.shape[0]):
        seen = [j for j in range(S.shape[1]) if j <= i or not causal]
        total = se.Add(*[se.exp(S[i, j]) for j in seen])
        for j in seen:
            out[i, j] = se.exp(S[i, j]) / total
    return out


def expanded_cost(size: BlockSize, causal: bool = False) -> tuple[dict[str, np.ndarray], se.Basic]:
    """The symbols (parameters, X, Y) and the cross-entropy of one sequence through the block."""
    s = {name: _symbols(name, shape) for name, shape in _shapes(size).items()}
    s["X"], s["Y"] = (_symbols(name, (size.sequence, size.vocabulary)) for name in ("X", "Y"))
    h0 = s["X"].dot(s["E"]) + s["Pos"]
    a = _layer_norm(h0, s["g1"], s["c1"])
    Q, K, V = a.dot(s["WQ"]), a.dot(s["WK"]), a.dot(s["WV"])
    h1 = h0 + _softmax_rows(Q.dot(K.T) / se.sqrt(size.dim), causal).dot(V)
    r = np.vectorize(se.tanh, otypes=[object])(_layer_norm(h1, s["g2"], s["c2"]).dot(s["W1"]) + s["b1"])
    logits = (h1 + r.dot(s["W2"]) + s["b2"]).dot(s["Wout"])
    cost = se.Integer(0)
    for t in range(size.sequence):
        log_total = se.log(se.Add(*[se.exp(v) for v in logits[t]]))
        cost -= se.Add(*[y * (v - log_total) for y, v in zip(s["Y"][t], logits[t])])
    return s, cost


@dataclass(frozen=True)
class CompiledBlock:
    """The compiled gradient of one sequence's cost, and how to call it on a batch."""

    size: BlockSize
    causal: bool
    per_sequence: Callable[[np.ndarray], np.ndarray]

    def __call__(self, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """∂C/∂(every parameter) of the cross-entropy summed over the batch X, Y (batch, T, vocabulary)."""
        batch = len(X)
        theta = flat_parameters(params, PARAMETERS)
        rows = np.hstack([np.tile(theta, (batch, 1)), np.reshape(X, (batch, -1)), np.reshape(Y, (batch, -1))])
        return unpack(np.asarray(self.per_sequence(rows)).reshape(batch, -1).sum(axis=0), params, PARAMETERS)[0]


@lru_cache(maxsize=2)
def compiled_gradient(size: BlockSize = CHECKED, causal: bool = False) -> CompiledBlock:
    """Differentiate the expanded cost by every parameter entry and compile it (tiny sizes only)."""
    count = sum(int(np.prod(shape)) for shape in _shapes(size).values())
    if count > MAX_PARAMETERS:
        raise ValueError(f"the compiled transformer-block gradient is for tiny sizes: {count} parameters, "
                         f"at most {MAX_PARAMETERS}")
    s, cost = expanded_cost(size, causal)
    theta = [sym for name in PARAMETERS for sym in s[name].ravel()]
    inputs = theta + list(s["X"].ravel()) + list(s["Y"].ravel())
    return CompiledBlock(size, causal, lambdify(inputs, [se.diff(cost, sym) for sym in theta]))


@dataclass(frozen=True)
class BlockGradients:
    """The block for gradcheck.check_gradients: compiled symbolic, hand-written (transformer.py), the cost."""

    compiled: CompiledBlock

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled(params, X, Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return transformer.gradient(params, X, Y, self.compiled.causal)

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return transformer.loss(params, X, Y, self.compiled.causal)


def block_case(seed: int, batch: int = 4, causal: bool = False) -> tuple[BlockGradients, Problem]:
    """The block at CHECKED, its parameters moved off their start (gains 1, shifts 0) and a random batch."""
    rng = np.random.default_rng(seed)
    params = {k: v + rng.normal(0, 0.3, np.shape(v)) for k, v in transformer.init_params(CHECKED, rng).items()}
    tokens = rng.integers(0, CHECKED.vocabulary, (2, batch, CHECKED.sequence))
    X, Y = np.eye(CHECKED.vocabulary)[tokens]
    return BlockGradients(compiled_gradient(CHECKED, causal)), Problem(params, X, Y)
