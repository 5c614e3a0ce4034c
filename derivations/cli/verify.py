"""`dlmath verify LATEX` and `dlmath audit [FILES]`: one claim, or every claim of some files.

Exit codes:
    verify: 0 proved, 1 refuted, 2 undecided, 3 unreadable input (or the check crashed).
    audit:  0 nothing refuted, 1 something refuted, 3 a file cannot be read or has no claims, or the
            --scheduler cannot be reached (or Dask is not installed); 130 interrupted (the --out report
            holds the claims decided so far: --resume continues).
    Both: 3 for a usage error (a bad option, a missing argument), with one line on stderr.

Both keep verdicts in the verdict cache (derivations/cache.py) unless --no-cache: `verify` finds a claim
written exactly so before; `audit` also one whose edit does not change its reading.

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

from .options import UsageError, add_cache, add_quiet, positive_int, positive_seconds

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
    add_cache(verify)
    verify.set_defaults(handler=run_verify)
    check = commands.add_parser("audit", help="verify every formula in .tex / .jsonl files (default: the seeds)")
    check.add_argument("files", nargs="*", type=Path, help="files to audit; none audits the seed documents")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--out", type=Path, help="also write the JSON report to this file")
    check.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1,
                       help="parallel workers (default: all cores)")
    check.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT,
                       help="seconds per claim (default 10)")
    check.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the claims on the Dask cluster of this scheduler, e.g. tcp://10.0.0.5:8786 "
                            "(needs pip install 'dlmath[cluster]'; --jobs is then the cluster's); "
                            "default: processes on this machine")
    check.add_argument("--resume", type=Path, metavar="REPORT",
                       help="continue the interrupted audit whose --out report this is: its claims are not "
                            "checked again, and the finished report is written there (unless --out)")
    add_cache(check)
    add_quiet(check)
    check.set_defaults(handler=run_audit)


def run_verify(args: argparse.Namespace) -> int:
    from dlmath.symbolic.display import verdict_text
    from dlmath.symbolic.verify.verdict import Status
    from dlmath.symbolic.verify.worker import Job, Keyed, check_keyed

    where = tuple(args.where)
    cache = open_cache(args)
    checked = cache.by_spelling(args.latex, where, 0, args.timeout) if cache else None
    cached = checked is not None
    if checked is None:
        result = Job(args.latex, where, args.timeout, task=check_keyed).result()
        checked = result.checked if isinstance(result, Keyed) else result  # a Checked: timed out or crashed
        if cache and isinstance(result, Keyed) and checked is not None:
            cache.store(args.latex, where, 0, args.timeout, result.reading, checked)
    if cache:
        cache.close()
    verdict = checked.verdict
    if checked.unreadable:  # nothing was checked: the JSON record if asked for, and the reader's reason
        if args.json:
            print(json.dumps({**checked.as_dict(), "cached": cached}, ensure_ascii=False))
        print(f"dlmath verify: {verdict.detail}", file=sys.stderr)
        return EXIT[verdict.status]
    if verdict.status == Status.ERROR:
        print(f"dlmath verify: {verdict.detail}", file=sys.stderr)
    if args.json:
        print(json.dumps({**checked.as_dict(), "cached": cached}, ensure_ascii=False))
        return EXIT[verdict.status]
    print(verdict_text(verdict))  # the same text as the Verdict's repr in Python
    print(f"  time:     {verdict.seconds:.2f} s" + (" (then; now from the verdict cache)" if cached else ""))
    return EXIT[verdict.status]


def open_cache(args: argparse.Namespace):  # -> VerdictCache | None (its module is imported only when used)
    """The verdict cache the options name; without one at the default place (it cannot be made), none."""
    if args.no_cache:
        return None
    from ..cache import CacheError, VerdictCache, default_path

    if args.cache is not None:
        return VerdictCache(args.cache)  # a CacheError is bad input: the user named this file
    try:
        return VerdictCache(default_path())
    except CacheError as error:
        print(f"dlmath {args.command}: {error}; checking without a verdict cache (--no-cache)", file=sys.stderr)
        return None


def write_report(path: Path, data: dict[str, object]) -> None:
    from ..audit import write_atomically

    try:
        write_atomically(path, data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def run_audit(args: argparse.Namespace) -> int:
    from .. import audit
    from ..executor import LocalPool

    if args.scheduler:  # first: a scheduler that does not answer is said before the files are read
        from ..cluster import connect
        executor = connect(args.scheduler)
    else:
        executor = LocalPool(args.jobs)
    cache, out = None, args.out or args.resume
    try:
        claims = _claims(args.files)
        done = audit.resumed(claims, args.resume) if args.resume else {}
        cache = open_cache(args)
        start = time.perf_counter()

        def checkpoint(results: list[audit.AuditResult]) -> None:  # the report so far, for --resume
            write_report(out, audit.report(results, time.perf_counter() - start, pending=len(claims) - len(results)))

        results = audit.run_audit(claims, args.jobs, args.timeout, progress=not args.quiet, executor=executor,
                                  cache=cache, done=done, checkpoint=checkpoint if out else None)
    except KeyboardInterrupt:
        kept = f"; the claims decided so far are in {out} (--resume {out} continues)" if out else ""
        print(f"dlmath audit: interrupted{kept}", file=sys.stderr)
        return 130
    finally:
        executor.close()
        if cache:
            cache.close()
    data = audit.report(results, time.perf_counter() - start)
    if out:
        write_report(out, data)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(audit.table(results))
        print()
        print(audit.summary_line(data["summary"]))  # type: ignore[arg-type]
    return 1 if data["summary"]["refuted"] else 0  # type: ignore[index]


def _claims(files: list[Path]) -> list:  # -> list[ClaimSource]
    """The claims of the files (the seed documents' when none), or the one line saying why they cannot be read."""
    from ..sources import SourceError, read_claims, seed_claims

    try:
        return [c for path in files for c in read_claims(path)] if files else seed_claims()
    except SourceError as error:
        raise UsageError(str(error)) from None
