r"""Compiled symbolic gradients of layer and batch normalisation: one group's expanded cost, differentiated.

A group is what one mean and one variance are taken over: a sample's N features (layer norm) or a
feature's B values over the batch (batch norm). symbolic/models/norms.py writes the quadratic cost
½Σ(γ x̂ + β − y)² of one group out in full, every entry a symbol and ε = 10⁻⁵ a number; symengine
differentiates it by γ, β and every x, and the derivatives are compiled with common subexpressions
shared (numeric/compiled/expanded.py). A batch is one call over its groups as rows: the samples
(layer norm, whose γ and β gradients are then summed over them) or the features (batch norm). The
expansion grows as N² and symengine's common-subexpression search faster still, so N stays at most
MAX_GROUP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se

from dlmath.numeric.backprop import norms
from dlmath.numeric.backprop.norms import EPSILON, KINDS
from dlmath.numeric.compiled.expanded import lambdify
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.norms import expanded_cost

MAX_GROUP = 32      # entries of one group (layer norm's features, batch norm's batch): 3 s to compile at 32, 80 at 64
MAX_OTHER = 256     # the other axis, whose entries central differences perturb one by one
CHECKED_BATCH = 16  # batch norm's default batch in `dlmath gradcheck` (the others check 64 samples)


def _flat(value: se.Basic | list[se.Basic]) -> list[se.Basic]:
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class CompiledNorm:
    """The compiled gradient of one group's cost, and how to call it on a batch (batch, features)."""

    kind: str
    group: int
    per_group: Callable[[np.ndarray], np.ndarray]

    def __call__(self, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """{gamma, beta: summed over the groups where they are shared, X: ∂C/∂X (batch, features)}."""
        X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        gamma, beta = np.asarray(params["gamma"], dtype=np.float64), np.asarray(params["beta"], dtype=np.float64)
        if self.kind == "layer":  # a row per sample, its own features' γ and β
            rows = np.hstack([np.tile(gamma, (len(X), 1)), np.tile(beta, (len(X), 1)), X, Y])
            out = np.asarray(self.per_group(rows)).reshape(len(X), 3, -1)
            return {"gamma": out[:, 0].sum(axis=0), "beta": out[:, 1].sum(axis=0), "X": out[:, 2]}
        rows = np.hstack([gamma[:, None], beta[:, None], X.T, Y.T])  # a row per feature, the batch along it
        out = np.asarray(self.per_group(rows)).reshape(X.shape[1], -1)
        return {"gamma": out[:, 0], "beta": out[:, 1], "X": out[:, 2:].T}


@lru_cache(maxsize=8)
def compiled_gradient(kind: str, group: int) -> CompiledNorm:
    """Differentiate one group's expanded cost by γ, β and every x; compile it (ValueError past MAX_GROUP)."""
    if kind not in KINDS or not 1 <= group <= MAX_GROUP:
        raise ValueError(f"the compiled {kind} normalisation is for groups of 1 to {MAX_GROUP} entries, got {group}")
    symbols, cost = expanded_cost(kind, group, EPSILON)
    inputs = [s for name in ("gamma", "beta", "x", "y") for s in _flat(symbols[name])]
    wrt = [s for name in ("gamma", "beta", "x") for s in _flat(symbols[name])]
    return CompiledNorm(kind, group, lambdify(inputs, [se.diff(cost, s) for s in wrt]))


@dataclass(frozen=True)
class NormGradients:
    """The layer for gradcheck.check_gradients. Its "parameters" are γ, β and the input X itself
    (params["X"]), so that central differences check ∂C/∂X too; the X argument is that same array."""

    compiled: CompiledNorm

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled(params, params["X"], Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return norms.gradient(params, params["X"], Y, self.compiled.kind)

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return norms.loss(params, params["X"], Y, self.compiled.kind)


def norm_case(kind: str, seed: int, features: int = 3, batch: int = 16) -> tuple[NormGradients, Problem]:
    """Random γ, β (moved off 1 and 0), inputs and targets of (batch, features) for the three-way check."""
    group, other = (features, batch) if kind == "layer" else (batch, features)
    if group < 2 or group > MAX_GROUP or other > MAX_OTHER:
        along, across = ("features", "batch") if kind == "layer" else ("batch", "features")
        raise ValueError(f"{kind} normalisation is checked with 2 ≤ {along} ≤ {MAX_GROUP} and {across} ≤ {MAX_OTHER}, "
                         f"got {along} {group}, {across} {other}")
    rng = np.random.default_rng(seed)
    params = {k: v + rng.normal(0, 0.5, v.shape) for k, v in norms.init_params(features).items()}
    X = rng.normal(0, 1, (batch, features)) * rng.uniform(0.5, 2, features) + rng.normal(0, 1, features)
    Y = rng.normal(0, 1, (batch, features))
    return NormGradients(compiled_gradient(kind, group)), Problem({**params, "X": X}, X, Y)
