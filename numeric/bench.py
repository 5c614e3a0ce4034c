"""Time per gradient step: the compiled symbolic gradient against hand-written backprop, in the same run.

Both are timed on the same parameters and batch, in alternating rounds (so a
noisy neighbour or a frequency change hits both alike); each figure is the
median over rounds of the mean time per call within a round. The compiled
step writes into preallocated gradient arrays, as a trainer calls it. For torch,
jax and the matmul rate, each in its own process, see numeric/peers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.backprop import mlp as backprop
from dlmath.numeric.compiled.mlp import compile_network
from dlmath.symbolic.calculus.layered import layer_calculus
from dlmath.symbolic.models.networks import Network

from .params import init_params

SIZES = (((12, 3, 2), 64), ((2, 8, 8, 1), 256), ((784, 128, 64, 10), 128))


@dataclass(frozen=True)
class BenchResult:
    """One size: milliseconds per gradient step for each method, and the time to derive and compile."""

    size: str
    batch: int
    symbolic_ms: float
    backprop_ms: float
    derive_compile_s: float

    @property
    def ratio(self) -> float:
        return self.symbolic_ms / self.backprop_ms

    def as_dict(self) -> dict[str, object]:
        return {"size": self.size, "batch": self.batch, "symbolic_ms": round(self.symbolic_ms, 4),
                "backprop_ms": round(self.backprop_ms, 4), "ratio": round(self.ratio, 3),
                "derive_compile_s": round(self.derive_compile_s, 4)}


def _round(call: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def bench_size(sizes: tuple[int, ...], batch: int, rounds: int = 15, seed: int = 0,
               activation: str = "sigmoid", cost: str = "quadratic", dtype: str = "float64") -> BenchResult:
    """Derive and compile `sizes` from scratch, then time both gradients on one batch, both in `dtype`."""
    network = Network(sizes, activation, cost)
    layer_calculus.cache_clear()  # derive from scratch: the figure includes the derivation
    start = time.perf_counter()
    compiled = compile_network(network, dtype=dtype)
    derive_compile = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    params = {k: v.astype(dtype) for k, v in init_params(network, rng).items()}
    X = rng.normal(size=(batch, sizes[0])).astype(dtype)
    Y = rng.uniform(size=(batch, sizes[-1])).astype(dtype)
    out = {k: np.empty_like(v) for k, v in params.items()}
    symbolic = lambda: compiled.gradient(params, X, Y, out)  # noqa: E731
    handwritten = lambda: backprop.gradient_unchecked(network, params, X, Y)  # noqa: E731
    once = _round(handwritten, 3)
    calls = max(1, int(0.02 / max(once, 1e-7)))  # about 20 ms per round
    times: dict[str, list[float]] = {"symbolic": [], "backprop": []}
    for _ in range(rounds):
        times["symbolic"].append(_round(symbolic, calls))
        times["backprop"].append(_round(handwritten, calls))
    return BenchResult(network.label, batch, 1e3 * float(np.median(times["symbolic"])),
                       1e3 * float(np.median(times["backprop"])), derive_compile)
