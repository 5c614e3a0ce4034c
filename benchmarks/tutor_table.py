"""The tutor's table of slipped derivations, measured: caught / diagnosed / wrongly diagnosed, seconds per check.

    .venv/bin/python benchmarks/tutor_table.py

Each case's correct derivation and its slipped version are checked as `dlmath check` checks them
(tests/derivations/tutor_cases.py); the seconds are wall time per check, including the repair search.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "derivations"))

from tutor_cases import CASES  # noqa: E402

from dlmath.derivations.tutor import check  # noqa: E402


def main() -> int:
    seconds, caught, diagnosed, wrong_diagnoses, correct_pass = [], 0, 0, [], 0
    for case in {c.lines: c for c in CASES}.values():
        start = time.perf_counter()
        correct_pass += check(case.lines, case.where).outcome == "follows"
        seconds.append(time.perf_counter() - start)
    correct = len(seconds)
    for case in CASES:
        start = time.perf_counter()
        report = check(case.wrong_lines, case.where)
        seconds.append(time.perf_counter() - start)
        caught += report.first_wrong == case.wrong_line
        got = report.repair.name if report.repair else None
        diagnosed += got is not None and got == case.expected
        if got is not None and got != case.expected:
            wrong_diagnoses.append(f"{case.name}: {got} (expected {case.expected})")
    print(f"correct derivations passing: {correct_pass}/{correct}")
    print(f"slips: {len(CASES)}; caught at their line {caught}; diagnosed {diagnosed} "
          f"(expected a diagnosis: {sum(c.expected is not None for c in CASES)}); wrongly diagnosed "
          f"{len(wrong_diagnoses)}")
    for line in wrong_diagnoses:
        print(f"  WRONG DIAGNOSIS {line}")
    print(f"seconds per check: median {statistics.median(seconds):.2f}, worst {max(seconds):.2f} "
          f"({len(seconds)} checks)")
    return 1 if wrong_diagnoses else 0


if __name__ == "__main__":
    raise SystemExit(main())
