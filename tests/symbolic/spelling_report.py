"""Print the verdict of every spelling in spelling_table.ROWS and the rows that break the promise.

    python tests/symbolic/spelling_report.py [--timeout S]

A row breaks it when two spellings get different non-error verdicts, when a false row is
proved, or when a true row is refuted (test_spellings.py asserts the same, row by row).
"""

from __future__ import annotations

import argparse
import sys

from spelling_table import ROWS

from dlmath.symbolic.verify.worker import check_with_timeout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    disagree, wrong, refused = [], [], 0
    for row in ROWS:
        verdicts = [check_with_timeout(s, row.where, timeout=args.timeout).verdict.status for s in row.spellings]
        decided = set(verdicts) - {"error"}
        refused += verdicts.count("error")
        flags = []
        if len(decided) > 1:
            disagree.append(row.name)
            flags.append("DISAGREE")
        if ("refuted" if row.truth else "proved") in decided:
            wrong.append(row.name)
            flags.append("WRONG")
        print(f"{row.name:48s} {'true ' if row.truth else 'false'} "
              f"{' '.join(f'{v:9s}' for v in verdicts)} {' '.join(flags)}")
    spellings = sum(len(r.spellings) for r in ROWS)
    print(f"\n{len(ROWS)} rows, {spellings} spellings; refused {refused} ({100 * refused / spellings:.1f} %)")
    print(f"rows whose spellings disagree: {len(disagree)} {disagree}")
    print(f"rows proved when false or refuted when true: {len(wrong)} {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
