"""One peer in its own process: `python -m dlmath.numeric.peers.worker MODULE CASE-JSON`, driven over stdin/stdout.

It prepares the case, warms up (jax compiles on the first call), checks the gradient against the
hand-written backprop, then prints one JSON line {"error": …, "once": …} and answers each line
"N" on stdin with the mean seconds per call of N calls, until stdin closes. A failure is one JSON
line {"failed": "…"} and exit 1. The parent (runner.py) sets the thread variables in its environment.
"""

from __future__ import annotations

import importlib
import json
import sys
import time

import numpy as np

from .cases import Case, problem, reference_gradient


def _relative_error(got: dict[str, np.ndarray], reference: dict[str, np.ndarray]) -> float:
    """max |got − reference| / max(1, |reference|) over every parameter (missing keys: inf)."""
    worst = 0.0
    for name, value in reference.items():
        if name not in got or np.shape(got[name]) != value.shape:
            return float("inf")
        worst = max(worst, float(np.abs(got[name] - value).max()) / max(1.0, float(np.abs(value).max())))
    return worst


def _timed(step: object, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        step()  # type: ignore[operator]
    return (time.perf_counter() - start) / calls


def main(argv: list[str]) -> int:
    module_name, case_json = argv
    try:
        case = Case(**{k: tuple(v) if k == "sizes" else v for k, v in json.loads(case_json).items()})
        data = problem(case)
        prepared = importlib.import_module(module_name).prepare(case, data)
        for _ in range(3):
            prepared.step()
        gradient = prepared.gradient
        error = None if gradient is None else _relative_error(gradient(), reference_gradient(case, *data))
        once = float(np.median([_timed(prepared.step, 1) for _ in range(3)]))
    except Exception as failure:  # noqa: BLE001 - any peer failure becomes one line for the parent
        print(json.dumps({"failed": f"{type(failure).__name__}: {failure}"}), flush=True)
        return 1
    print(json.dumps({"error": error, "once": once}), flush=True)
    for line in sys.stdin:
        print(repr(_timed(prepared.step, int(line))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
