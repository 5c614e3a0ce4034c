"""The `dlmath` command: one module per family of subcommands, each adding its parsers with a handler.

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
import os
import sys

from . import catalog, check, experiment, networks, train, verify
from .options import USAGE_EXIT, UsageError

FAMILIES = (verify, check, catalog, networks, train, experiment)  # in the order `dlmath --help` lists them


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlmath", description="Derive and verify the mathematics of deep learning.")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for family in FAMILIES:
        family.add_commands(subcommands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"dlmath: {error}", file=sys.stderr)
        return USAGE_EXIT
    except KeyboardInterrupt:
        print("dlmath: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output (say `| head`) went away: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
