"""`dlmath verify LATEX` and `dlmath audit [FILES]`: one claim, or every claim of some files.

Exit codes:
    verify: 0 proved, 1 refuted, 2 undecided, 3 unreadable input (or the check crashed).
    audit:  0 nothing refuted, 1 something refuted, 3 a file cannot be read or a .tex file has no display.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dlmath.symbolic.verify.verdict import Status
from dlmath.symbolic.verify.worker import check_with_timeout

from .. import audit
from ..sources import SourceError, read_claims, seed_claims
from .options import UsageError, positive_int, positive_seconds

EXIT = {Status.PROVED: 0, Status.REFUTED: 1, Status.UNDECIDED: 2, Status.ERROR: 3}
DEFAULT_TIMEOUT = 10.0


def add_commands(commands: argparse._SubParsersAction) -> None:
    verify = commands.add_parser("verify", help="prove or refute one formula given in LaTeX")
    verify.add_argument("latex", help=r"the claim, e.g. '\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))'")
    verify.add_argument("--where", action="append", default=[], metavar="COND",
                        help=r"a condition, shape or definition: 'x > 0', 'A \in \mathbb{R}^{2 \times 3}', "
                             r"'p = \sigma(z)'")
    verify.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT, help="seconds (default 10)")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.set_defaults(handler=run_verify)
    check = commands.add_parser("audit", help="verify every formula in .tex / .jsonl files (default: the seeds)")
    check.add_argument("files", nargs="*", type=Path, help="files to audit; none audits the seed documents")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--out", type=Path, help="also write the JSON report to this file")
    check.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1,
                       help="parallel workers (default: all cores)")
    check.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT,
                       help="seconds per claim (default 10)")
    check.set_defaults(handler=run_audit)


def run_verify(args: argparse.Namespace) -> int:
    checked = check_with_timeout(args.latex, tuple(args.where), args.timeout)
    verdict = checked.verdict
    if checked.unreadable:  # nothing was checked: the JSON record if asked for, and the reader's reason
        if args.json:
            print(json.dumps(checked.as_dict(), ensure_ascii=False))
        print(f"dlmath: {verdict.detail}", file=sys.stderr)
        return EXIT[verdict.status]
    if verdict.status == Status.ERROR:
        print(f"dlmath: {verdict.detail}", file=sys.stderr)
    if args.json:
        print(json.dumps(checked.as_dict(), ensure_ascii=False))
        return EXIT[verdict.status]
    print(f"{verdict.status.upper()} — {verdict.method}")
    if checked.lhs:
        print(f"  claim:    {checked.lhs} {checked.relation} {checked.rhs}")
    print(f"  detail:   {verdict.detail}")
    if verdict.evidence:
        print(f"  evidence: {verdict.evidence}")
    if verdict.counterexample:
        print("\n".join("  " + line for line in audit.counterexample_lines(verdict.counterexample)))
    print(f"  time:     {verdict.seconds:.2f} s")
    return EXIT[verdict.status]


def run_audit(args: argparse.Namespace) -> int:
    try:
        claims = [c for path in args.files for c in read_claims(path)] if args.files else seed_claims()
    except SourceError as error:
        raise UsageError(str(error)) from None
    start = time.perf_counter()
    results = audit.run_audit(claims, args.jobs, args.timeout)
    data = audit.report(results, time.perf_counter() - start)
    if args.out:
        try:
            audit.write_atomically(args.out, data)
        except OSError as error:
            raise UsageError(f"cannot write {args.out}: {error.strerror}") from None
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(audit.table(results))
        print()
        print(audit.summary_line(data["summary"]))  # type: ignore[arg-type]
    return 1 if data["summary"]["refuted"] else 0  # type: ignore[index]
