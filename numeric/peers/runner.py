"""Run every peer on every case, each in its own process, rounds interleaved, thread counts set alike.

One process per (case, implementation): in one process torch's and OpenBLAS's thread pools slow
each other by 10–40× on this machine's 2 cores. Every process gets the same OPENBLAS_NUM_THREADS,
OMP_NUM_THREADS and MKL_NUM_THREADS (torch sets its pool from OMP_NUM_THREADS; XLA follows none of
them: with one thread its Eigen pool is switched off by XLA_FLAGS, otherwise it uses every core).
The processes of a case all start, prepare and warm up, then the parent asks each in turn for one
round of about 10 ms, so a noisy neighbour or a frequency change hits all of them alike; a figure
is the median over rounds of the mean time per call within a round. The order within a round turns,
round by round: in a fixed order the same implementation always ran first after the parent woke it,
and on this shared machine one run gave dlmath's step 4.9 ms against 2.4 and 2.5 ms in the runs
before and after. (Moving every process of a round onto one core, the cores in turn, was tried, with
and without the turning order, and dropped: on the loaded machine it doubled every time and its runs
disagreed more, not less.)
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from .cases import CASES, Case

PEERS = {"dlmath": "dlmath.numeric.peers.dlmath_compiled", "hand-written": "dlmath.numeric.peers.hand_written",
         "torch": "dlmath.numeric.peers.torch_autograd", "jax": "dlmath.numeric.peers.jax_grad"}
BASELINE = "dlmath"
MATMUL = "dlmath.numeric.peers.matmul_rate"
TOLERANCE = {"float64": 1e-8, "float32": 1e-3}  # a peer whose gradient is further from backprop's is not timed
ROUND_SECONDS = 0.01  # short rounds: fewer of them include another job's time slice


def thread_environment(threads: int) -> dict[str, str]:
    """The environment of every peer process: the same thread count for every pool that reads one."""
    env = dict(os.environ)
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[variable] = str(threads)
    if threads == 1:
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
    return env


def thread_note(threads: int) -> str:
    """What the environment says, for the report."""
    xla = "XLA_FLAGS=--xla_cpu_multi_thread_eigen=false" if threads == 1 else "XLA: its own pool over every core"
    return (f"each implementation in its own process with OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS="
            f"{threads} ({xla})")


def missing_packages(module: str) -> tuple[str, ...]:
    """The packages a peer module REQUIRES that are not importable here."""
    return tuple(p for p in importlib.import_module(module).REQUIRES if importlib.util.find_spec(p) is None)


class _Worker:
    """One peer process: started, ready (or failed) after its warm-up, then one round per request."""

    def __init__(self, module: str, case: Case, env: Mapping[str, str]) -> None:
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([sys.executable, "-m", "dlmath.numeric.peers.worker", module,
                                         json.dumps(asdict(case))], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, text=True, env=dict(env))

    def ready(self) -> dict[str, object]:
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            self.log.seek(0)
            last = [text for text in self.log.read().splitlines() if text.strip()][-1:] or ["no output"]
            return {"failed": f"the process ended: {last[0]}"}
        return json.loads(line)

    def round(self, calls: int) -> float:
        self.process.stdin.write(f"{calls}\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return float(self.process.stdout.readline())  # type: ignore[union-attr]

    def close(self) -> None:
        """Close stdin (the worker's loop ends), wait for the exit, close the pipes and the log."""
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait()
        self.process.stdout.close()  # type: ignore[union-attr]
        self.log.close()


@dataclass(frozen=True)
class CaseResult:
    """One case: median ms per step of each implementation, its gradient check, and the matmul-only time."""

    case: Case
    ms: dict[str, float]
    errors: dict[str, float]
    matmul_ms: float | None = None

    def ratio(self, name: str) -> float:
        return self.ms[name] / self.ms[BASELINE]

    @property
    def matmul_gflops(self) -> float | None:
        return None if self.matmul_ms is None else self.case.flops / self.matmul_ms / 1e6

    @property
    def fraction(self) -> float | None:
        """The share of the matmul rate the baseline's step reaches: (flops / step) / (flops / matmuls)."""
        return None if self.matmul_ms is None or BASELINE not in self.ms else self.matmul_ms / self.ms[BASELINE]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"case": self.case.name, "model": self.case.model, "batch": self.case.batch,
                                  "ms": {k: round(v, 5) for k, v in self.ms.items()},
                                  "max_gradient_error": self.errors}
        if BASELINE in self.ms:
            out["ratio"] = {k: round(self.ratio(k), 3) for k in self.ms}
        if self.matmul_ms is not None:
            out |= {"matmul_ms": round(self.matmul_ms, 5), "matmul_gflops": round(self.matmul_gflops or 0, 2),
                    "step_gflops": round(self.case.flops / self.ms[BASELINE] / 1e6, 2) if BASELINE in self.ms else None,
                    "fraction_of_matmul_rate": round(self.fraction, 3) if self.fraction is not None else None}
        return out


@dataclass(frozen=True)
class PeerRun:
    """Every case's result, which peers were not found, which failed, and how the processes were set up."""

    results: tuple[CaseResult, ...]
    missing: dict[str, tuple[str, ...]]
    failed: dict[str, str] = field(default_factory=dict)
    threads: int = 1
    rounds: int = 15


def _run_case(case: Case, modules: Mapping[str, str], rounds: int, env: Mapping[str, str],
              failed: dict[str, str]) -> CaseResult:
    workers = {name: _Worker(module, case, env) for name, module in modules.items()}
    if case.matmul_shapes():
        workers["matmul"] = _Worker(MATMUL, case, env)
    calls: dict[str, int] = {}
    errors: dict[str, float] = {}
    for name, worker in list(workers.items()):
        state = worker.ready()
        error = state.get("error")
        if "failed" in state or (error is not None and not float(error) <= TOLERANCE[case.dtype]):  # type: ignore[arg-type]
            failed[f"{name}, {case.name}"] = str(state.get("failed") or
                                                 f"its gradient differs from the hand-written one by {error:.2g}")
            workers.pop(name).close()
            continue
        if error is not None:
            errors[name] = float(error)  # type: ignore[arg-type]
        calls[name] = max(1, int(ROUND_SECONDS / max(float(state["once"]), 1e-7)))  # type: ignore[arg-type]
    times: dict[str, list[float]] = {name: [] for name in workers}
    try:
        names = list(workers)
        for count in range(rounds):
            for name in names[count % len(names):] + names[:count % len(names)]:  # each one first in turn
                times[name].append(workers[name].round(calls[name]))
    finally:
        for worker in workers.values():
            worker.close()
    ms = {name: 1e3 * float(np.median(values)) for name, values in times.items()}
    return CaseResult(case, {k: v for k, v in ms.items() if k != "matmul"}, errors, ms.get("matmul"))


def run_peers(cases: Sequence[Case] | None = None, peers: Mapping[str, str] | None = None, rounds: int = 15,
              threads: int = 1, dtype: str = "float64") -> PeerRun:
    """Time every available peer on every case (see the module doc); peers whose packages are missing are listed.

    Args:
        cases: default CASES. peers: row name → module following the peer protocol; default PEERS, which
            must hold BASELINE. rounds: interleaved rounds per case. threads: of every pool, in every
            process. dtype: "float64" or "float32", for every peer.
    """
    cases, peers = CASES if cases is None else cases, PEERS if peers is None else peers
    missing = {name: m for name, module in peers.items() if (m := missing_packages(module))}
    present = {name: module for name, module in peers.items() if name not in missing}
    env = thread_environment(threads)
    failed: dict[str, str] = {}
    results = tuple(_run_case(Case(c.model, c.sizes, c.batch, c.steps, c.seed, dtype), present, rounds, env, failed)
                    for c in cases)
    return PeerRun(results, missing, failed, threads, rounds)
