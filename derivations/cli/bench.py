"""`dlmath bench`: time per gradient step, compiled symbolic vs hand-written, and with --peers vs torch and jax.

Exit codes: 0 timed; 3 bad input. Without --peers both gradients run in this process
(numeric/bench.py); with --peers every implementation runs in its own process with the same thread
count (numeric/peers/runner.py), MLP, RNN, LSTM and CNN cases, and the matmul rate at the MLP steps' shapes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from .names import DTYPES
from .options import positive_int

if TYPE_CHECKING:  # the handlers import numpy and the numeric floor when they run, not when the parser is built
    from dlmath.numeric.peers.runner import PeerRun


def add_commands(commands: argparse._SubParsersAction) -> None:
    bench = commands.add_parser("bench", help="time per gradient step: compiled symbolic vs hand-written "
                                              "(--peers: vs torch and jax too, each in its own process)")
    bench.add_argument("--json", action="store_true", help="print JSON instead of the table")
    bench.add_argument("--peers", action="store_true",
                       help="add torch and jax where importable, RNN/LSTM/CNN cases and the matmul rate")
    bench.add_argument("--dtype", choices=DTYPES, default="float64", help="the arithmetic of every step")
    bench.add_argument("--rounds", type=positive_int,
                       help="interleaved timing rounds, medians reported (default: 15; --peers: 31 rounds of 10 ms)")
    bench.add_argument("--threads", type=positive_int, default=1,
                       help="--peers: BLAS/OpenMP threads of every process (the machine is shared)")
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    if args.peers:
        from dlmath.numeric.peers.runner import run_peers

        if not args.json:
            print("  timing every implementation in its own process …", file=sys.stderr, flush=True)
        run = run_peers(rounds=args.rounds or 31, threads=args.threads, dtype=args.dtype)
        print(json.dumps(peers_json(run), indent=2) if args.json else peers_table(run, args.dtype))
        return 0
    from dlmath.numeric.bench import SIZES, bench_size

    results = []
    for sizes, batch in SIZES:
        if not args.json:
            print(f"  timing {'-'.join(map(str, sizes))} …", file=sys.stderr, flush=True)
        results.append(bench_size(sizes, batch, rounds=args.rounds or 15, dtype=args.dtype))
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
        return 0
    print(f"{'size':>16} {'batch':>6} {'symbolic ms':>12} {'backprop ms':>12} {'ratio':>6} {'derive+compile s':>17}")
    for r in results:
        print(f"{r.size:>16} {r.batch:>6} {r.symbolic_ms:12.4f} {r.backprop_ms:12.4f} {r.ratio:6.2f} "
              f"{r.derive_compile_s:17.3f}")
    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    print(f"{args.dtype}, sigmoid, quadratic cost; median of {args.rounds or 15} alternating rounds; "
          "ratio = symbolic / backprop; both in this process, " +
          (f"OPENBLAS_NUM_THREADS={threads}" if threads else "OPENBLAS_NUM_THREADS unset (OpenBLAS: every core)"))
    return 0


def missing_line(run: PeerRun) -> str | None:
    """One line naming the peers whose packages are not importable, or None."""
    if not run.missing:
        return None
    names = ", ".join(f"{name} (needs {' and '.join(packages)})" for name, packages in run.missing.items())
    return f"peers not found: {names}; they are not dependencies of dlmath: install them to add their columns"


def _ratio(value: float) -> str:
    """Three significant digits: 1.53×, 0.0117× (an interpreted gradient is 100× slower, not 0.01×)."""
    return f"{value:.3g}×"


def peers_table(run: PeerRun, dtype: str) -> str:
    """The report: ms of dlmath's compiled step per case, every other implementation as × of it, the matmul rate."""
    from dlmath.numeric.peers.runner import BASELINE, PEERS, TOLERANCE, thread_note

    others = [name for name in PEERS if name != BASELINE and any(name in r.ms for r in run.results)]
    head = f"{'case':>28} {'dlmath ms':>10}" + "".join(f" {name:>12}" for name in others)
    lines = [head + f" {'matmul GFLOP/s':>15} {'step GFLOP/s':>13} {'of matmul':>10}"]
    for r in run.results:
        cells = [f"{r.case.name:>28}", f"{r.ms[BASELINE]:10.4f}" if BASELINE in r.ms else f"{'failed':>10}"]
        cells += [f"{_ratio(r.ratio(n)):>12}" if n in r.ms and BASELINE in r.ms else f"{'—':>12}" for n in others]
        if r.matmul_gflops is not None and r.fraction is not None:
            cells += [f"{r.matmul_gflops:15.1f}", f"{r.case.flops / r.ms[BASELINE] / 1e6:13.1f}",
                      f"{100 * r.fraction:9.0f}%"]
        lines.append(" ".join(cells))
    lines += [f"{dtype}; sigmoid, quadratic cost; median of {run.rounds} interleaved rounds; "
              f"{thread_note(run.threads)}",
              "× = that implementation's time / dlmath's in the same run (above 1: dlmath is faster); every timed "
              f"gradient agrees with the hand-written backprop to {TOLERANCE[dtype]:g} (relative to its largest entry)",
              "matmul GFLOP/s: only the step's matrix products at its shapes, one BLAS call each on contiguous arrays; "
              "of matmul: the share of that rate dlmath's whole step reaches"]
    lines += [f"not timed: {name}: {why}" for name, why in run.failed.items()]
    missing = missing_line(run)
    return "\n".join(lines + ([missing] if missing else []))


def peers_json(run: PeerRun) -> dict[str, object]:
    from dlmath.numeric.peers.runner import thread_note

    return {"cases": [r.as_dict() for r in run.results], "threads": run.threads, "rounds": run.rounds,
            "processes": thread_note(run.threads), "missing": {k: list(v) for k, v in run.missing.items()},
            "not_timed": run.failed}
