"""What the step benchmarks share (attention.py, layers.py, norms.py): time a compiled and a hand-written gradient step.

BLAS is set to one thread before numpy loads (OPENBLAS_NUM_THREADS etc., as `dlmath bench --peers`
does), so import this module before anything that imports numpy. Both gradients of a case run in one
process on the same seeded float64 batch, checked against each other first, then timed in
interleaved rounds (each round calls each one repeatedly for about 10 ms, the two in alternating
order); the figures are the medians over the rounds.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import statistics  # noqa: E402 - after the thread settings, which numpy reads when it loads
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402

from dlmath.numeric.gradcheck import GradientModel, Problem  # noqa: E402


def per_call(step: Callable[[], object], budget: float = 0.01) -> float:
    """Seconds per call, from as many calls as fit in `budget` seconds (at least one)."""
    calls, start = 0, time.perf_counter()
    while True:
        step()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls


def measure(make: Callable[[], tuple[GradientModel, Problem]], rounds: int) -> tuple[float, float, float]:
    """(compiled ms, hand-written ms, seconds to build the case, compiling included) for one case."""
    start = time.perf_counter()
    model, problem = make()
    compile_seconds = time.perf_counter() - start
    params, X, Y = problem.params, problem.X, problem.Y
    steps = {"compiled": lambda: model.compiled_gradient(params, X, Y),
             "hand-written": lambda: model.hand_written_gradient(params, X, Y)}
    first, second = steps["compiled"](), steps["hand-written"]()
    for name in first:  # the two must agree before their speed means anything
        np.testing.assert_allclose(first[name], second[name], rtol=1e-9, atol=1e-12, err_msg=name)
    times: dict[str, list[float]] = {name: [] for name in steps}
    for k in range(rounds):
        for name in (list(steps) if k % 2 == 0 else list(steps)[::-1]):
            times[name].append(per_call(steps[name]))
    return (1e3 * statistics.median(times["compiled"]), 1e3 * statistics.median(times["hand-written"]),
            compile_seconds)


def report(cases: dict[str, Callable[[], tuple[GradientModel, Problem]]], rounds: int, width: int) -> None:
    """One line per case: both step times, their ratio compiled / hand-written, and the build time."""
    print(f"{'case (batch)':{width}s} {'compiled ms':>12s} {'hand-written ms':>16s} {'ratio':>8s} {'compile s':>10s}")
    for label, make in cases.items():
        compiled, hand, seconds = measure(make, rounds)
        print(f"{label:{width}s} {compiled:12.3f} {hand:16.3f} {compiled / hand:7.2f}× {seconds:10.2f}")
    print("ratio = compiled / hand-written step time, medians of interleaved rounds in this one process")
