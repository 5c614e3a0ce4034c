"""Progress on stderr that reads well both on a terminal and in a log file.

On a terminal: a tqdm bar. Elsewhere (`dlmath train 2>log`): tqdm's carriage-return redraws
would make one long unreadable line, so the bar writes through LineWriter, which turns each
redraw into a line of its own, and redraws at most every few seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")
LOG_INTERVAL = 5.0  # seconds between two progress lines when stderr is not a terminal


class LineWriter:
    """A file for tqdm: every redraw becomes one line on the wrapped stream (blank clears are dropped)."""

    def __init__(self, stream: object) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        line = text.replace("\r", "").rstrip()
        if line and not line.startswith("\x1b"):
            self.stream.write(line + "\n")  # type: ignore[attr-defined]
        return len(text)

    def flush(self) -> None:
        self.stream.flush()  # type: ignore[attr-defined]


def progress_bar(iterable: Iterable[T] | None, description: str, unit: str, enabled: bool, **options: object) -> tqdm:
    """tqdm on stderr: a bar on a terminal, a line every LOG_INTERVAL seconds otherwise; nothing when disabled."""
    if sys.stderr.isatty():
        return tqdm(iterable, desc=description, unit=unit, file=sys.stderr, disable=not enabled, **options)
    return tqdm(iterable, desc=description, unit=unit, file=LineWriter(sys.stderr), disable=not enabled,
                mininterval=LOG_INTERVAL, maxinterval=LOG_INTERVAL, ncols=100, ascii=True, **options)
