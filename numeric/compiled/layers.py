"""Compiled symbolic gradients of the layer models: the expanded cost of one sample differentiated and compiled.

symbolic/models/layers.py writes ½‖y − t‖² of one sample out with every weight, input and target a
symbol (and the dropout mask and rate): softmax, log-softmax or dropout after z = W x + b, or the
residual block x + tanh(W x + b). symengine differentiates it by every entry of W, b and x and the
list is compiled with common subexpressions shared (expanded.py). A batch is one call over its rows.
The softmax is written e^{z}/Σe^{z} as defined, without the max shift: fine for the moderate values
of checks and benchmarks; the hand-written pass is the one to train with. Widths 1 to 4.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se

from dlmath.numeric.backprop.layers import PARAMETERS, LayerModel, dropout_mask, init_params
from dlmath.numeric.compiled.expanded import flat_parameters, lambdify, unpack
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.layers import LayerSize, training_cost

DROPOUT_RATE = 0.25  # the rate of the checked dropout layer


@dataclass(frozen=True)
class CompiledLayer:
    """The compiled gradient of one sample's cost, and how to call it on a batch."""

    layer: str
    width: int
    per_sample: Callable[[np.ndarray], np.ndarray]

    def __call__(self, params: Mapping[str, np.ndarray], X: np.ndarray, T: np.ndarray,
                 mask: np.ndarray | None = None, rate: float = 0.0) -> dict[str, np.ndarray]:
        """{W, b: summed over the batch, X: ∂C/∂X (batch, n)} for rows X, T (and the dropout mask's rows)."""
        X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
        batch = len(X)
        columns = [np.tile(flat_parameters(params, PARAMETERS), (batch, 1)), X, T]
        if self.layer == "dropout":
            columns += [np.asarray(mask, dtype=np.float64), np.full((batch, 1), rate)]
        values = np.asarray(self.per_sample(np.hstack(columns))).reshape(batch, -1)
        out, start = unpack(values.sum(axis=0), params, PARAMETERS)
        return {**out, "X": values[:, start:].reshape(X.shape)}


@lru_cache(maxsize=16)
def compiled_gradient(layer: str, width: int) -> CompiledLayer:
    """Differentiate the expanded cost of one sample by every entry of W, b and x; compile the list."""
    symbols, cost = training_cost(layer, width)
    theta = [s for name in PARAMETERS for s in symbols[name].ravel()]
    inputs = theta + list(symbols["x"]) + list(symbols["t"])
    if layer == "dropout":
        inputs += list(symbols["m"]) + list(symbols["p"])
    wrt = theta + list(symbols["x"])
    return CompiledLayer(layer, width, lambdify(inputs, [se.diff(cost, s) for s in wrt]))


@dataclass(frozen=True)
class LayerGradients:
    """A layer model for gradcheck.check_gradients. Its "parameters" are W, b and the input X itself
    (params["X"]), so that central differences check ∂C/∂X too; the X argument is that same array."""

    compiled: CompiledLayer
    model: LayerModel

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled(params, params["X"], Y, self.model.mask, self.model.rate)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.model.gradient(params, params["X"], Y)

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return self.model.loss(params, params["X"], Y)


def layer_case(layer: str, seed: int, width: int = 3, batch: int = 8) -> tuple[LayerGradients, Problem]:
    """A random model, batch and (for dropout) mask for the three-way check (ValueError for a bad layer or width)."""
    LayerSize(layer, width).check()
    rng = np.random.default_rng(seed)
    params = init_params(width, rng)
    X, T = rng.normal(0, 1, (batch, width)), rng.normal(0, 1, (batch, width))
    mask = dropout_mask((batch, width), DROPOUT_RATE, rng) if layer == "dropout" else None
    model = LayerModel(layer, mask, DROPOUT_RATE if layer == "dropout" else 0.0)
    return LayerGradients(compiled_gradient(layer, width), model), Problem({**params, "X": X}, X, T)
