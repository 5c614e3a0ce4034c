"""The `dlmath` command: one module per family of subcommands, each adding its parsers with a handler.

Exit codes:
    verify: 0 proved, 1 refuted, 2 undecided, 3 unreadable input.
    check:  0 every line follows, 1 a line does not, 2 a line undecided (none wrong), 3 unreadable input.
    exercise --answer: 0 correct, 1 wrong, 2 undecided, 3 unreadable answer; the session: 0 when it ends.
    audit:  0 nothing refuted, 1 something refuted, 3 a file cannot be read or has no claims.
    derive, book: 0 every step proved, 1 a step not proved (derive: with --check), 3 bad input.
    gradcheck: 0 the three gradients agree, 1 they do not, 3 bad input.  grad: 0 written, 3 bad input.
    bench: 0 timed, 3 bad input.
    train: 0 trained, 1 training diverged, 3 bad input.  experiment: 0 ran, 3 bad input.
    serve: 0 stopped by Ctrl-C, 3 bad input (a port in use, an address that cannot be had).
    Every usage error (a bad option, a missing argument, no command) is 3, with one line on stderr.

Building the parser imports no SymPy, numpy or matplotlib: each handler imports what it needs when
it runs, so `dlmath --help` and the parent process of `dlmath verify` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys

from dlmath.symbolic.errors import DlmathError

from . import bench, catalog, check, exercise, experiment, networks, serve, train, verify
from .options import USAGE_EXIT, Parser, UsageError

# in the order `dlmath --help` lists them
FAMILIES = (verify, check, exercise, catalog, networks, bench, train, experiment, serve)

EPILOG = """\
examples:
  dlmath verify '\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1-\\sigma(x))'
  dlmath verify '\\ln(1+x) \\ge x' --where 'x > -1'
  dlmath audit notes.tex
  dlmath derive sigmoid-derivative -o sigmoid.html
  dlmath train --data xor

exit codes:
  0  proved / done             1  refuted, a wrong line or step, gradients disagree, training diverged
  2  undecided (verify, check)  3  bad input: a usage error, an unreadable formula or file

notation: docs/notation.md in the repository says how to write formulas.
`dlmath COMMAND --help` shows a command's options and their defaults.
"""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's layout and shows every option's default unless its help already says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        unset = default is None or default is False or default == [] or default == argparse.SUPPRESS
        shown = not unset and action.option_strings
        if shown and "default" not in text:
            text += " (default: %(default)s)"
        return text


def build_parser() -> argparse.ArgumentParser:
    from dlmath import __version__

    parser = Parser(prog="dlmath", description="Derive and verify the mathematics of deep learning.",
                    epilog=EPILOG, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"dlmath {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for family in FAMILIES:
        family.add_commands(subcommands)
    for command in subcommands.choices.values():
        command.formatter_class = HelpFormatter
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError(f"dlmath: choose a command: {', '.join(_commands(parser))} (dlmath --help describes them)")
    except UsageError as error:  # from the parser: the message names the command already
        print(error, file=sys.stderr)
        return USAGE_EXIT
    try:
        return int(args.handler(args))
    except (UsageError, DlmathError) as error:  # bad input, found by the command or by the API it calls
        print(f"dlmath {args.command}: {error}", file=sys.stderr)
        return USAGE_EXIT
    except KeyboardInterrupt:
        print("dlmath: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output (say `| head`) went away: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    """The subcommands' names, in the order --help lists them."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)
