"""Compiled symbolic against hand-written gradient step of the attention head and the transformer block.

    python benchmarks/attention.py [--rounds 21]

Both gradients of each case run in this one process on the same seeded float64 batch, checked
against each other first, then timed in interleaved rounds (each round calls each one repeatedly for
about 10 ms, the two in alternating order): the figures are the medians over the rounds, in
milliseconds per gradient step, and their ratio compiled / hand-written. BLAS runs on one thread
(OPENBLAS_NUM_THREADS etc. are set to 1 before numpy loads, as `dlmath bench --peers` does).
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402 - after the thread settings, which numpy reads when it loads
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402

from dlmath.numeric.compiled.attention import attention_case  # noqa: E402
from dlmath.numeric.compiled.transformer import block_case  # noqa: E402
from dlmath.numeric.gradcheck import GradientModel, Problem  # noqa: E402

BATCH = 64
CASES = {  # label → (the model and its problem) at a size the compiled gradient can expand
    f"attention T=3 d=2 ({BATCH})": lambda: attention_case(0, 3, 2, batch=BATCH),
    f"attention T=4 d=3 ({BATCH})": lambda: attention_case(0, 4, 3, batch=BATCH),
    f"attention T=4 d=3 causal ({BATCH})": lambda: attention_case(0, 4, 3, causal=True, batch=BATCH),
    f"transformer-block T=3 d=3 ({BATCH})": lambda: block_case(0, batch=BATCH),
}


def _per_call(step: Callable[[], object], budget: float = 0.01) -> float:
    """Seconds per call, from as many calls as fit in `budget` seconds (at least one)."""
    calls, start = 0, time.perf_counter()
    while True:
        step()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls


def measure(case: Callable[[], tuple[GradientModel, Problem]], rounds: int) -> tuple[float, float, float]:
    """(compiled ms, hand-written ms, compile seconds) for one case (benchmarks/norms.py measures with it too)."""
    start = time.perf_counter()
    model, problem = case()
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
            times[name].append(_per_call(steps[name]))
    return (1e3 * statistics.median(times["compiled"]), 1e3 * statistics.median(times["hand-written"]),
            compile_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds of about 10 ms each")
    args = parser.parse_args()
    print(f"{'case (batch)':38s} {'compiled ms':>12s} {'hand-written ms':>16s} {'ratio':>8s} {'compile s':>10s}")
    for label in CASES:
        compiled, hand, seconds = measure(CASES[label], args.rounds)
        print(f"{label:38s} {compiled:12.3f} {hand:16.3f} {compiled / hand:7.2f}× {seconds:10.2f}")
    print("ratio = compiled / hand-written step time, medians of interleaved rounds in this one process")


if __name__ == "__main__":
    main()
