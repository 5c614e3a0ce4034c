"""What the command families share: the one UsageError, the argument validators, the network options."""

from __future__ import annotations

import argparse
import math

from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS


class UsageError(Exception):
    """Bad input from the command line: one line for the user, exit code 3."""


USAGE_EXIT = 3


def positive_int(text: str) -> int:
    """An argparse type: 1, 2, 3, … written in digits."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: {text!r}")
    return int(text)


def positive_seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def add_network_options(parser: argparse.ArgumentParser, layers: str | None, activation: str | None,
                        cost: str | None, unset: str = "") -> None:
    """--layers, --activation and --cost. A default of None is settled by the command; `unset` says how."""
    def default(value: str | None) -> str:
        return f"default {value}" if value else unset

    parser.add_argument("--layers", default=layers, help=f"layer sizes, inputs first ({default(layers)})")
    parser.add_argument("--activation", choices=ACTIVATIONS, default=activation,
                        help=f"hidden activation ({default(activation)})")
    parser.add_argument("--cost", choices=COSTS, default=cost, help=f"cost summed over the batch ({default(cost)})")
