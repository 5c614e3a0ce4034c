"""Check many claims: the verdict cache first, then an executor for the rest, each result as it is decided.

With a cache, a claim is looked up by its spelling (no reading at all); the claims not found there
are read on the executor (quick, under the time limit) and looked up by their reading, which finds
a claim whose edit did not change what it says; only the rest are checked, and their verdicts
stored. Reading first is skipped when the cache holds no verdict of this verifier: it could find nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dlmath.symbolic.verify.worker import Checked, Keyed, check_keyed, read_key

from .cache import VerdictCache
from .executor import Executor, Item


@dataclass(frozen=True)
class Decided:
    """One item's outcome: its position, the Checked, and whether the verdict cache gave it."""

    index: int
    checked: Checked
    cached: bool = False


def check_all(items: Sequence[Item], executor: Executor, timeout: float,
              cache: VerdictCache | None = None) -> Iterator[Decided]:
    """Every item's outcome, in the order they are decided (each exactly once)."""
    pending = list(range(len(items)))
    if cache is not None:
        pending = yield from _by_spelling(items, pending, cache, timeout)
        if pending and cache.holds_any():
            pending = yield from _by_reading(items, pending, executor, cache, timeout)
    for position, result in executor.run(check_keyed, [items[i] for i in pending], timeout):
        index = pending[position]
        if isinstance(result, Keyed) and result.checked is not None:
            if cache is not None:
                cache.store(*items[index], timeout, result.reading, result.checked)
            yield Decided(index, result.checked)
        else:  # the worker's own Checked: timed out or died, never stored
            yield Decided(index, _as_checked(result))


def _by_spelling(items: Sequence[Item], pending: list[int], cache: VerdictCache,
                 timeout: float) -> Iterator[Decided]:
    missed = []
    for index in pending:
        found = cache.by_spelling(*items[index], timeout)
        if found is None:
            missed.append(index)
        else:
            yield Decided(index, found, cached=True)
    return missed


def _by_reading(items: Sequence[Item], pending: list[int], executor: Executor, cache: VerdictCache,
                timeout: float) -> Iterator[Decided]:
    missed = []
    for position, result in executor.run(read_key, [items[i] for i in pending], timeout):
        index = pending[position]
        latex, where, seed = items[index]
        if not isinstance(result, Keyed):  # reading alone timed out or died: so would the check, which reads first
            yield Decided(index, _as_checked(result))
        elif result.checked is not None:  # the reader refuses it: that is its verdict
            cache.store(latex, where, seed, timeout, "", result.checked)
            yield Decided(index, result.checked)
        elif (found := cache.by_reading(result.reading, seed, timeout)) is not None:
            cache.remember_spelling(latex, where, seed, result.reading)
            yield Decided(index, found, cached=True)
        else:
            missed.append(index)
    missed.sort()  # checked in input order
    return missed


def _as_checked(result: object) -> Checked:
    assert isinstance(result, Checked), f"a worker task returned {type(result).__name__}"
    return result
