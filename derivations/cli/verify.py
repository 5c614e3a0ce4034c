"""`dlmath verify LATEX` and `dlmath audit [FILES]`: one claim, or every claim of some files.

Exit codes:
    verify: 0 proved, 1 refuted, 2 undecided, 3 unreadable input (or the check crashed).
    audit:  0 nothing refuted, 1 something refuted, 3 a file cannot be read or has no claims.
    Both: 3 for a usage error (a bad option, a missing argument), with one line on stderr.

The parent process of `verify` imports only the worker (symbolic/verify/worker.py, no SymPy): the
forked worker imports the reader and the verifier (about 0.5 s, counted in --timeout). `audit`
imports them in the parent before forking, so that its many workers inherit them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .options import UsageError, add_quiet, positive_int, positive_seconds

EXIT = {"proved": 0, "refuted": 1, "undecided": 2, "error": 3}  # by Status value (a str enum)
DEFAULT_TIMEOUT = 10.0


def add_commands(commands: argparse._SubParsersAction) -> None:
    verify = commands.add_parser("verify", help="prove or refute one formula given in LaTeX")
    verify.add_argument("latex", help=r"the claim, e.g. '\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))'")
    verify.add_argument("--where", action="append", default=[], metavar="COND",
                        help=r"a condition, shape or definition: 'x > 0', 'A \in \mathbb{R}^{2 \times 3}', "
                             r"'p = \sigma(z)'")
    verify.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT,
                        help="seconds for the check, the worker's start-up of about 0.5 s included (default 10)")
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
    add_quiet(check)
    check.set_defaults(handler=run_audit)


def run_verify(args: argparse.Namespace) -> int:
    from dlmath.symbolic.display import verdict_text
    from dlmath.symbolic.verify.verdict import Status
    from dlmath.symbolic.verify.worker import check_with_timeout

    checked = check_with_timeout(args.latex, tuple(args.where), args.timeout)
    verdict = checked.verdict
    if checked.unreadable:  # nothing was checked: the JSON record if asked for, and the reader's reason
        if args.json:
            print(json.dumps(checked.as_dict(), ensure_ascii=False))
        print(f"dlmath verify: {verdict.detail}", file=sys.stderr)
        return EXIT[verdict.status]
    if verdict.status == Status.ERROR:
        print(f"dlmath verify: {verdict.detail}", file=sys.stderr)
    if args.json:
        print(json.dumps(checked.as_dict(), ensure_ascii=False))
        return EXIT[verdict.status]
    print(verdict_text(verdict))  # the same text as the Verdict's repr in Python
    print(f"  time:     {verdict.seconds:.2f} s")
    return EXIT[verdict.status]


def run_audit(args: argparse.Namespace) -> int:
    from dlmath.symbolic.notation import reading  # noqa: F401 - loaded before forking: every worker inherits it
    from dlmath.symbolic.verify import readings  # noqa: F401 - (the verifier) instead of importing it again

    from .. import audit
    from ..sources import SourceError, read_claims, seed_claims

    try:
        claims = [c for path in args.files for c in read_claims(path)] if args.files else seed_claims()
    except SourceError as error:
        raise UsageError(str(error)) from None
    start = time.perf_counter()
    results = audit.run_audit(claims, args.jobs, args.timeout, progress=not args.quiet)
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
