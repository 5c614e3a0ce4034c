"""The benchmark's cases: model, sizes and batch, with seeded float64 problems every peer process rebuilds alike."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.numeric.backprop import conv, mlp, recurrent
from dlmath.numeric.params import init_params
from dlmath.symbolic.models.networks import Network

Arrays = dict[str, np.ndarray]


@dataclass(frozen=True)
class Case:
    """One benchmark size: an MLP (sizes = layer widths), an RNN or LSTM (inputs, hidden, outputs), the book's CNN."""

    model: str
    sizes: tuple[int, ...]
    batch: int
    steps: int = 0       # recurrent: time steps
    seed: int = 0
    dtype: str = "float64"

    @property
    def name(self) -> str:
        size = "book" if self.model == "cnn" else "-".join(map(str, self.sizes))
        return f"{self.model} {size}" + (f" T={self.steps}" if self.steps else "") + f" ({self.batch})"

    @property
    def network(self) -> Network:
        return Network(self.sizes, "sigmoid", "quadratic")

    def matmul_shapes(self) -> tuple[tuple[int, int, int], ...]:
        """(m, k, n) of every matrix product of one MLP step: forward, weight gradients, the δ recursion."""
        if self.model != "mlp":
            return ()
        pairs = list(zip(self.sizes[1:], self.sizes[:-1]))  # (units, inputs) per layer
        forward = [(n, k, self.batch) for n, k in pairs]
        weights = [(n, self.batch, k) for n, k in pairs]
        deltas = [(k, n, self.batch) for n, k in pairs[1:]]
        return tuple(forward + weights + deltas)

    @property
    def flops(self) -> int:
        """Multiply-adds × 2 of the step's matrix products (MLP; 0 for the others)."""
        return sum(2 * m * k * n for m, k, n in self.matmul_shapes())


CASES = (Case("mlp", (12, 3, 2), 64), Case("mlp", (2, 8, 8, 1), 256), Case("mlp", (784, 128, 64, 10), 128),
         Case("rnn", (2, 4, 1), 32, steps=6), Case("lstm", (2, 3, 1), 32, steps=4), Case("cnn", (), 8))


def problem(case: Case) -> tuple[Arrays, np.ndarray, np.ndarray]:
    """The case's parameters, inputs and targets (float64), drawn from its seed: identical in every process."""
    rng = np.random.default_rng(case.seed)
    if case.model == "mlp":
        params = init_params(case.network, rng)
        return params, rng.normal(size=(case.batch, case.sizes[0])), rng.uniform(size=(case.batch, case.sizes[-1]))
    if case.model in recurrent.MODELS:
        inputs, hidden, outputs = case.sizes
        params = recurrent.init_params(case.model, inputs, hidden, outputs, rng)
        params = {name: value + 0.3 * rng.standard_normal(value.shape) for name, value in params.items()}
        return (params, rng.standard_normal((case.batch, case.steps, inputs)),
                rng.random((case.batch, case.steps, outputs)))
    return conv.random_problem(conv.BOOK, case.batch, rng)


def reference_gradient(case: Case, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
    """The hand-written backprop's gradient: what every peer's gradient is checked against."""
    if case.model == "mlp":
        return mlp.gradient(case.network, params, X, Y)
    if case.model in recurrent.MODELS:
        return recurrent.gradient(case.model, params, X, Y)
    return conv.gradient(params, X, Y, conv.BOOK.pool)
