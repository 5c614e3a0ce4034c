"""What the command families share: the one UsageError, the parser class, the argument validators, the network options.

Nothing here imports SymPy, numpy or matplotlib: building the parser is the start-up cost of every command.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .names import ACTIVATIONS, COSTS


class UsageError(Exception):
    """Bad input from the command line: one line for the user, exit code 3."""


USAGE_EXIT = 3


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit 3 (argparse's own 2 means *undecided* for verify).

    The subcommands' parsers are of this class too (add_subparsers(parser_class=Parser)), so every
    usage error of every command goes through `error` once, here.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {plain(message, self.prog)}")

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        """As argparse's, but an unknown argument is reported by the subcommand it was given to."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            prog = f"{self.prog} {parsed.command}" if getattr(parsed, "command", None) else self.prog
            raise UsageError(f"{prog}: unknown argument {extra[0]!r} (see {prog} --help)")
        return parsed


def plain(message: str, prog: str) -> str:
    """argparse's message in the form `--timeout must be …, not '0'`: the option first, then what it accepts."""
    match = re.fullmatch(r"argument (\S+): (.*)", message, re.DOTALL)
    if not match:
        required = re.fullmatch(r"the following arguments are required: (.*)", message)
        if required:
            return f"missing {required.group(1)} (see {prog} --help)"
        return message
    option, text = match.groups()
    option = option.split("/")[-1]  # -o/--output: name the long form
    choice = re.fullmatch(r"invalid choice: (.*) \(choose from (.*)\)", text)
    if choice:
        accepted = ", ".join(name.strip("'") for name in choice.group(2).split(", "))
        if option == "COMMAND":
            return f"unknown command {choice.group(1)}; choose one of {accepted}"
        return f"{option} must be one of {accepted}, not {choice.group(1)}"
    number = re.fullmatch(r"invalid (int|float) value: (.*)", text)
    if number:
        return f"{option} must be {'an integer' if number.group(1) == 'int' else 'a number'}, not {number.group(2)}"
    if text == "expected one argument":
        return f"{option} needs a value"
    return f"{option} {text}"


def positive_int(text: str) -> int:
    """An argparse type: 1, 2, 3, … written in digits."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return int(text)


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free one) to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not {text!r}")
    return int(text)


def depth(text: str) -> int | None:
    """An argparse type for --depth: levels of substeps shown, 1, 2, 3, …, or `all` (None: every step shown)."""
    if text == "all":
        return None
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer or all, not {text!r}")
    return int(text)


def add_depth(parser: argparse.ArgumentParser, default: int) -> None:
    """--depth N|all: the level of detail; deeper substeps and routine ones are folded (and still checked)."""
    parser.add_argument("--depth", type=depth, default=default, metavar="N|all",
                        help=f"levels of steps shown (default {default}); routine and deeper substeps are folded, "
                             "still checked and counted; all shows every step")


def positive_seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above 0."""
    return _positive(text, "a positive number of seconds")


def positive_number(text: str) -> float:
    """An argparse type: a finite number above 0 (a learning rate)."""
    return _positive(text, "a positive number")


def _positive(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0 or not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
    return value


def add_network_options(parser: argparse.ArgumentParser, layers: str | None, activation: str | None,
                        cost: str | None, unset: str = "") -> None:
    """--layers, --activation and --cost. A default of None is settled by the command; `unset` says how."""
    def default(value: str | None) -> str:
        return f"default {value}" if value else unset

    parser.add_argument("--layers", default=layers, help=f"layer sizes, inputs first ({default(layers)})")
    parser.add_argument("--activation", choices=ACTIVATIONS, default=activation,
                        help=f"hidden activation: {', '.join(ACTIVATIONS)} ({default(activation)})")
    parser.add_argument("--cost", choices=COSTS, default=cost,
                        help=f"cost summed over the batch: {', '.join(COSTS)} ({default(cost)})")


def add_cache(parser: argparse.ArgumentParser) -> None:
    """--cache PATH / --no-cache: where the verdict cache is (derivations/cache.py), or none."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--cache", type=Path, metavar="PATH",
                       help="the verdict cache file (default: $XDG_CACHE_HOME/dlmath/verdicts.sqlite, "
                            "else ~/.cache/dlmath/verdicts.sqlite)")
    group.add_argument("--no-cache", action="store_true", help="check every claim; read and store no verdicts")


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """--quiet: no progress lines on stderr (errors are still printed)."""
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
