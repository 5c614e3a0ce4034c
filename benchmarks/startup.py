"""How fast `dlmath` starts: median wall time and import time of a few commands, each in a fresh process.

    python benchmarks/startup.py [--runs 7]

For each command: the median wall time of `--runs` fresh processes, and the median import time
that `python -X importtime` reports (the sum of the cumulative times of the top-level imports,
Python's own start-up imports included, as they are for the `python -c pass` baseline). The goal
(issue 14) is an import time under 0.4 s for `dlmath --help` and `dlmath verify 'x = x'`.

`verify` forks a worker that imports SymPy and the verifier; -X importtime is inherited by the
fork, so its lines follow the parent's on the same stderr. The parent's imports end with
`multiprocessing.popen_fork`, which Process.start() imports just before forking: the lines after
it are the worker's, reported apart (they are inside the wall time, not the start-up).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time

LIMIT = 0.4  # seconds of import time for --help and verify
CLI = [sys.executable, "-m", "dlmath.derivations.cli"]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "dlmath --help": [*CLI, "--help"],
    "dlmath --version": [*CLI, "--version"],
    "dlmath verify 'x = x'": [*CLI, "verify", "x = x"],
}
CHECKED = ("dlmath --help", "dlmath verify 'x = x'")
LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)")
FORK = "multiprocessing.popen_fork"


def import_seconds(stderr: str) -> tuple[float, float]:
    """(the parent's import time, the forked worker's) from -X importtime output, in seconds."""
    parent = worker = 0
    forked = False
    for match in LINE.finditer(stderr):
        cumulative, indent, name = int(match.group(1)), match.group(2), match.group(3)
        if indent:  # nested: already inside its top-level import's cumulative time
            continue
        if forked:
            worker += cumulative
        else:
            parent += cumulative
        forked = forked or name == FORK
    return parent / 1e6, worker / 1e6


def measure(command: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds, median parent import seconds, median worker import seconds."""
    walls, parents, workers = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        traced = subprocess.run([command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True)
        parent, worker = import_seconds(traced.stderr)
        parents.append(parent)
        workers.append(worker)
    return statistics.median(walls), statistics.median(parents), statistics.median(workers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per command (default 7)")
    runs = parser.parse_args().runs
    results = {name: measure(command, runs) for name, command in COMMANDS.items()}
    base_wall, base_import, _ = results["python -c pass"]
    print(f"median of {runs} fresh processes; import time from python -X importtime (top-level cumulative)")
    print(f"{'command':24} {'wall s':>7} {'× base':>7} {'import s':>9} {'× base':>7} {'worker import s':>16}  goal")
    failed = False
    for name, (wall, imports, worker) in results.items():
        verdict = ""
        if name in CHECKED:
            passed = imports < LIMIT
            failed |= not passed
            verdict = f"{'PASS' if passed else 'FAIL'} (< {LIMIT} s import)"
        worker_text = f"{worker:.3f}" if worker else "-"
        print(f"{name:24} {wall:7.3f} {wall / base_wall:7.1f} {imports:9.3f} {imports / base_import:7.1f} "
              f"{worker_text:>16}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
