r"""Entries of a matrix expression: (A\mathbf{x})_1, (AB)_{12}, and (AB)_{ij} for every i and j.

A numbered entry is that entry. A letter index (i, j) of a parenthesised matrix expression means
"for every i in 1…m": the claim is read once for each value (the letter replaced by the number
everywhere, so A_{ik} becomes A_{1k}) and holds when every entry holds, as in
(AB)_{ij} = \sum_k A_{ik} B_{kj}. The letter's range is the size of the dimension it indexes.
"""

from __future__ import annotations

import itertools

import sympy as sp

from .errors import NotationError

MAX_EXPANDED = 64  # entries read at most (an 8×8 claim)


class FreeEntryIndex(NotationError):
    """A letter indexes a matrix expression: the claim is read once per value of the letter."""

    def __init__(self, sizes: dict[str, int]) -> None:
        super().__init__("a letter index of a matrix expression: read for every value")
        self.sizes = sizes


def entry(value: object, indices: list[sp.Expr], written: str) -> sp.Expr:
    """Entry `indices` (counted from 1) of the matrix `value`; a free letter raises FreeEntryIndex."""
    rows, cols = value.shape  # type: ignore[attr-defined]
    dims = [rows] if cols == 1 and len(indices) == 1 else [cols] if rows == 1 and len(indices) == 1 else [rows, cols]
    if len(indices) != len(dims):
        raise NotationError(f"a {rows}×{cols} matrix needs {len(dims)} indices", written)
    free = {}
    for index, size in zip(indices, dims):
        if isinstance(index, sp.Symbol) and not index.is_Integer:
            free[index.name] = size
        elif not (index.is_Integer and 1 <= index <= size):
            raise NotationError(f"an entry index must be a number from 1 to {size} or a letter", written)
    if free:
        raise FreeEntryIndex(free)
    numbers = [int(i) - 1 for i in indices]
    if len(numbers) == 1:
        return value[numbers[0], 0] if cols == 1 else value[0, numbers[0]]  # type: ignore[index]
    return value[numbers[0], numbers[1]]  # type: ignore[index]


def assignments(sizes: dict[str, int], written: str) -> list[dict[str, int]]:
    """Every value of the letter indices, the first letter slowest."""
    names = list(sizes)
    count = 1
    for n in sizes.values():
        count *= n
    if count > MAX_EXPANDED:
        raise NotationError(f"the letter indices {', '.join(names)} give {count} entries; write a numbered entry",
                            written)
    return [dict(zip(names, values)) for values in itertools.product(*(range(1, sizes[n] + 1) for n in names))]


def as_matrix(values: list[sp.Expr], sizes: dict[str, int]) -> sp.ImmutableMatrix:
    """The values of one side, one per assignment, as a column (one letter) or a matrix (two)."""
    dims = list(sizes.values())
    if len(dims) == 1:
        return sp.ImmutableMatrix([[v] for v in values])
    if len(dims) == 2:
        return sp.ImmutableMatrix(dims[0], dims[1], values)
    raise NotationError("at most two letter indices of matrix expressions are read")
