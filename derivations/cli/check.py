"""`dlmath check FILE|-`: a derivation checked line by line, its first wrong line diagnosed by repair.

Exit codes: 0 every line follows, 1 a line does not, 2 a line is undecided (none wrong) or the
relations do not compose, 3 unreadable input (one line on stderr naming the line).
This module imports nothing heavy: the tutor is imported when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .options import UsageError, positive_int, positive_seconds

DISPLAYED_SUFFIXES = (".tex", ".ltx", ".latex", ".md", ".markdown")


def add_commands(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="check a derivation line by line; diagnose its first wrong line")
    check.add_argument("file", help="the derivation: a text file (one step a line: first 'LHS = RHS', then '= …', "
                                    r"'\le …'), a .tex or Markdown file with displays, or - for stdin")
    check.add_argument("--where", action="append", default=[], metavar="COND",
                       help=r"a condition or definition for every line: 'x > 0', 'z = w x + b' (repeatable)")
    check.add_argument("--timeout", type=positive_seconds, default=10.0, help="seconds per line (default 10)")
    check.add_argument("--budget", type=positive_seconds, default=20.0,
                       help="seconds for the repair search of the first wrong line (default 20)")
    check.add_argument("--jobs", type=positive_int, default=2, help="lines checked at once (default 2)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(handler=run_check)


def _read(name: str) -> tuple[str, bool | None]:
    """The text, and whether it is made of displays (None: look at it)."""
    if name == "-":
        return sys.stdin.read(), None
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    return text, True if path.suffix in DISPLAYED_SUFFIXES else None


def run_check(args: argparse.Namespace) -> int:
    from ..tutor import DerivationError, check
    from ..tutor.chain import text_lines

    text, displayed = _read(args.file)
    try:
        report = check(text, tuple(args.where), args.timeout, args.budget, args.jobs, displayed)
    except DerivationError as error:
        raise UsageError(str(error)) from None
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print("\n".join(text_lines(report)))
    if report.unreadable:
        print(f"dlmath check: {report.unreadable}", file=sys.stderr)
    return report.exit_code
