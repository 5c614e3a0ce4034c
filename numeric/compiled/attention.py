"""Compiled symbolic gradient of one attention head: the proof's expanded cost differentiated and compiled.

The cost ½Σ(O − Y)² of one sequence, written out by symbolic/models/attention.py with every input,
weight and target a symbol (the same expression its proof differentiates, with the real exp), is
differentiated by symengine with respect to every entry of W_Q, W_K, W_V and X, and compiled with
common subexpressions shared (LLVM when symengine has it). A batch is one call over its rows. The
softmax is written e^{s}/Σe^{s} as the definition has it, without the max shift of the hand-written
one: fine for the moderate scores of checks and benchmarks, and the reason training uses the
hand-written pass. Small sizes only (T ≤ 4, d ≤ 3): the expansion grows as T²·d³.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se

from dlmath.numeric.backprop import attention
from dlmath.numeric.backprop.attention import PARAMETERS
from dlmath.numeric.compiled.expanded import flat_parameters, lambdify, unpack
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.attention import AttentionSize, expanded_cost

WITH_RESPECT_TO = (*PARAMETERS, "X")  # the input's gradient is checked like a parameter's


@dataclass(frozen=True)
class CompiledHead:
    """The compiled gradient of one sequence's cost, and how to call it on a batch."""

    size: AttentionSize
    per_sequence: Callable[[np.ndarray], np.ndarray]

    def __call__(self, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """{WQ, WK, WV: ∂C/∂W summed over the batch, X: ∂C/∂X (batch, T, d)} for X, Y of (batch, T, d)."""
        X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        batch = len(X)
        theta = flat_parameters(params, PARAMETERS)
        rows = np.hstack([np.tile(theta, (batch, 1)), X.reshape(batch, -1), Y.reshape(batch, -1)])
        values = np.asarray(self.per_sequence(rows)).reshape(batch, -1)
        out, start = unpack(values.sum(axis=0), params, PARAMETERS)
        return {**out, "X": values[:, start:].reshape(X.shape)}


@lru_cache(maxsize=8)
def compiled_gradient(size: AttentionSize) -> CompiledHead:
    """Differentiate the expanded cost of one sequence of `size` by every weight and input entry; compile it."""
    symbols, cost = expanded_cost(size)
    theta = [s for name in PARAMETERS for s in symbols[name].ravel()]
    inputs = theta + list(symbols["X"].ravel()) + list(symbols["Y"].ravel())
    wrt = theta + list(symbols["X"].ravel())
    return CompiledHead(size, lambdify(inputs, [se.diff(cost, s) for s in wrt]))


@dataclass(frozen=True)
class AttentionGradients:
    """The head for gradcheck.check_gradients. Its "parameters" are W_Q, W_K, W_V and the input X itself
    (params["X"]), so that central differences check ∂C/∂X too; the X argument is that same array."""

    compiled: CompiledHead

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled(params, params["X"], Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        causal = self.compiled.size.causal
        return {**attention.gradient(params, params["X"], Y, causal),
                "X": attention.input_gradient(params, params["X"], Y, causal)}

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return attention.loss(params, params["X"], Y, self.compiled.size.causal)


def attention_case(seed: int, sequence: int = 3, dim: int = 2, causal: bool = False, batch: int = 4
                   ) -> tuple[AttentionGradients, Problem]:
    """A random head and batch of `batch` sequences for the three-way check (ValueError for too large sizes)."""
    size = AttentionSize(sequence, dim, causal)
    size.check()
    rng = np.random.default_rng(seed)
    params = attention.init_params(dim, dim, dim, rng)
    X, Y = rng.normal(0, 1, (batch, sequence, dim)), rng.normal(0, 1, (batch, sequence, dim))
    return AttentionGradients(compiled_gradient(size)), Problem({**params, "X": X}, X, Y)
