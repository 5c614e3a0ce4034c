"""`dlmath exercise list`, `dlmath exercise TOPIC [--seed S]` (a terminal session) and `--answer FILE|-` (graded once).

The session poses the problem and reads answers: a bare expression is graded at once; a line with a
relation (`ASKED = …`) starts a derivation, read until an empty line. `hint` shows the next hint,
`solution` the whole derivation (and ends), `quit` or end of input ends.

Exit codes: the session: 0 when it ends (correct, solution, quit or end of input), 3 bad input.
--answer: 0 correct, 1 wrong, 2 undecided, 3 unreadable answer or bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .options import UsageError, positive_seconds

EPILOG = """\
exit codes (--answer): 0 correct, 1 wrong, 2 undecided, 3 unreadable answer or bad input.
The interactive session exits 0 when it ends (correct, solution, quit, end of input).
examples:
  dlmath exercise list
  dlmath exercise neuron --seed 3
  echo '(a-y)x' | dlmath exercise neuron --seed 3 --answer -
"""
COMMANDS = ("hint", "solution", "quit")
_RELATION = ("=", "\\le", "\\ge", "<", ">")


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("exercise", help="a backprop exercise posed from the catalog, graded by the tutor",
                              epilog=EPILOG)
    run.add_argument("topic", help="a topic, or `list`")
    run.add_argument("--seed", type=int, default=0, help="which exercise of the topic: the same seed, the same one")
    run.add_argument("--answer", metavar="FILE", help="grade the answer in FILE (- for stdin) and exit")
    run.add_argument("--json", action="store_true", help="print the exercise (and the grade) as one JSON object")
    run.add_argument("--timeout", type=positive_seconds, default=10.0, help="seconds per line's check")
    run.add_argument("--budget", type=positive_seconds, default=20.0, help="seconds for the repair search")
    run.set_defaults(handler=run_exercise)


def run_exercise(args: argparse.Namespace) -> int:
    from ..api import exercise
    from ..tutor.exercises import TOPICS

    if args.topic == "list":
        for name, topic in TOPICS.items():
            print(f"{name:22s} {topic.description}")
        return 0
    if args.seed < 0:
        raise UsageError(f"--seed must be a whole number from 0, not {args.seed}")
    posed = exercise(args.topic, args.seed)  # an unknown topic: UnknownNameError, exit 3 with the topics
    if args.answer is not None:
        return _grade_once(posed, _read(args.answer), args)
    if args.json:
        print(json.dumps(_as_dict(posed), ensure_ascii=False))
        return 0
    return _session(posed, args)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {name}: {getattr(error, 'strerror', None) or error}") from None


def _as_dict(posed: object) -> dict[str, object]:
    names = ("topic", "seed", "statement", "statement_latex", "asked", "where")
    return {name: getattr(posed, name) for name in names} | {"hints": len(posed.hints)}  # type: ignore[attr-defined]


def _grade_once(posed: object, answer: str, args: argparse.Namespace) -> int:
    result = posed.grade(answer, args.timeout, args.budget)  # type: ignore[attr-defined]
    if args.json:
        print(json.dumps(_as_dict(posed) | {"grade": result.as_dict()}, ensure_ascii=False))
    else:
        _show(result)
    if result.status == "unreadable":
        print(f"dlmath exercise: {result.message}", file=sys.stderr)
    return result.exit_code


def _show(result: object) -> None:
    from ..tutor.chain import text_lines

    report = result.report  # type: ignore[attr-defined]
    if report is not None and len(report.lines) > 1:
        print("\n".join(text_lines(report)[:len(report.lines)]))
    print(f"{result.status}: {result.message}")  # type: ignore[attr-defined]


def _session(posed: object, args: argparse.Namespace) -> int:
    print(f"Exercise {posed.topic} (seed {posed.seed})")  # type: ignore[attr-defined]
    print(posed.statement)  # type: ignore[attr-defined]
    print(f"Answer with an expression, or a derivation starting {posed.asked} = … ended by an empty line. "  # type: ignore[attr-defined]
          f"Type hint, solution or quit.")
    shown = 0
    while True:
        answer = _answer()
        if answer is None or answer == "quit":
            return 0
        if answer == "hint":
            hints = posed.hints  # type: ignore[attr-defined]
            if shown < len(hints):
                shown += 1
                print(f"hint {shown}/{len(hints)}: {hints[shown - 1]}")
            else:
                print("no more hints; type solution to see the whole derivation")
            continue
        if answer == "solution":
            print("solution:")
            print("\n".join(posed.solution))  # type: ignore[attr-defined]
            return 0
        result = posed.grade(answer, args.timeout, args.budget)  # type: ignore[attr-defined]
        _show(result)
        if result.status == "correct":
            return 0


def _answer() -> str | None:
    """One answer: a command, a bare expression, or the lines of a derivation up to an empty line; None at EOF."""
    try:
        first = input("> ").strip()
        while not first:
            first = input("> ").strip()
        if first in COMMANDS or not any(r in first for r in _RELATION):
            return first
        rows = [first]
        while True:
            row = input("… ").strip()
            if not row:
                return "\n".join(rows)
            rows.append(row)
    except EOFError:
        print()
        return None
