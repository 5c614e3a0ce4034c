"""The `dlmath` command.

Exit codes:
    verify: 0 proved, 1 refuted, 2 undecided, 3 unreadable input.
    audit:  0 nothing refuted, 1 something refuted, 3 a file cannot be read or a .tex file has no display.
    derive, book: 0 every step proved, 1 a step not proved (derive: with --check), 3 bad input.
    gradcheck: 0 the three gradients agree, 1 they do not, 3 bad input.  grad: 0 written, 3 bad input.
    train: 0 trained, 1 training diverged, 3 bad input.  experiment: 0 ran, 3 bad input.
    2 is also argparse's code for a bad command line.
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

from . import audit, commands, experiment_command, network_commands, train_command
from .sources import SourceError, read_claims, seed_claims

EXIT = {Status.PROVED: 0, Status.REFUTED: 1, Status.UNDECIDED: 2, Status.ERROR: 3}
DEFAULT_TIMEOUT = 10.0


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlmath", description="Derive and verify the mathematics of deep learning.")
    subcommands = parser.add_subparsers(dest="command", required=True)

    verify = subcommands.add_parser("verify", help="prove or refute one formula given in LaTeX")
    verify.add_argument("latex", help=r"the claim, e.g. '\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))'")
    verify.add_argument("--where", action="append", default=[], metavar="COND",
                        help=r"a condition, shape or definition: 'x > 0', 'A \in \mathbb{R}^{2 \times 3}', 'p = \sigma(z)'")
    verify.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, help="seconds (default 10)")
    verify.add_argument("--json", action="store_true", help="print one JSON object")

    check = subcommands.add_parser("audit", help="verify every formula in .tex / .jsonl files (default: the seeds)")
    check.add_argument("files", nargs="*", type=Path, help="files to audit; none audits the seed documents")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--out", type=Path, help="also write the JSON report to this file")
    check.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, help="parallel workers (default: all cores)")
    check.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, help="seconds per claim (default 10)")
    commands.add_commands(subcommands)
    network_commands.add_commands(subcommands)
    train_command.add_commands(subcommands)
    experiment_command.add_commands(subcommands)
    return parser


def run_verify(args: argparse.Namespace) -> int:
    checked = check_with_timeout(args.latex, tuple(args.where), args.timeout)
    verdict = checked.verdict
    if checked.unreadable:
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
        print(f"dlmath: {error}", file=sys.stderr)
        return 3
    start = time.perf_counter()
    results = audit.run_audit(claims, args.jobs, args.timeout)
    data = audit.report(results, time.perf_counter() - start)
    if args.out:
        try:
            audit.write_atomically(args.out, data)
        except OSError as error:
            print(f"dlmath: cannot write {args.out}: {error.strerror}", file=sys.stderr)
            return 3
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(audit.table(results))
        print()
        print(audit.summary_line(data["summary"]))  # type: ignore[arg-type]
    return 1 if data["summary"]["refuted"] else 0  # type: ignore[index]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"verify": run_verify, "audit": run_audit, **commands.HANDLERS, **network_commands.HANDLERS,
                **train_command.HANDLERS, **experiment_command.HANDLERS}
    try:
        return handlers[args.command](args)
    except commands.UsageError as error:
        print(f"dlmath: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("dlmath: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output (say `| head`) went away: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
