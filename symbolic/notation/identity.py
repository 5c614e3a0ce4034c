r"""The identity matrix I (and I_n) of a claim about matrices, sized by what it meets.

Beside a matrix, I is the identity, never a number: A A^{-1} = I, A I = A, A + I. Its size is the one
the matrix beside it needs (I_n and a bare I alike; I_2 is 2×2 and checked). While a side is read, cI
is the scalar expression c·IDENTITY; the algebra (algebra.py) turns it into c times the identity of the
right size as soon as it meets a matrix, and the claim's two sides are resolved the same way. A side
where it meets no matrix (I = I, \det(I), I + 1) is refused: its size is not fixed.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from .errors import NotationError

# A marker, never a symbol of the claim: every occurrence is replaced or refused before the claim is built.
IDENTITY = sp.Symbol("identity matrix I", commutative=True)
PRIME_ON_MATRIX = ("a prime on a matrix or vector is its transpose to some authors and another matrix to others: "
                   "write A^\\top for the transpose, or name the other matrix \\tilde{A}")
UNSIZED = "the identity I here meets no matrix that fixes its size: write it with its size, as I_2"


def has_identity(value: object) -> bool:
    return isinstance(value, sp.Basic) and value.has(IDENTITY)


def coefficient(value: sp.Expr, written: str = "I") -> sp.Expr:
    """c of the scalar expression c·I (refused when I stands inside anything else: I + 1, σ(I))."""
    c = sp.expand(value / IDENTITY)
    if c.has(IDENTITY):
        raise NotationError("the identity matrix I is only read in sums and products of matrices "
                            "(I + 1, a function of I, I inside an entry are refused)", written)
    return c


def sized(value: sp.Expr, rows: int, written: str = "I") -> sp.Basic:
    """c·I as c times the rows×rows identity."""
    c = coefficient(value, written)
    return sp.Identity(rows) if c == 1 else sp.MatMul(c, sp.Identity(rows))


def square_size(matrix: object, written: str = "I") -> int:
    rows, cols = matrix.shape  # type: ignore[attr-defined]
    if rows != cols:
        raise NotationError(f"the identity I beside the non-square {rows}×{cols} matrix", written)
    return int(rows)


def resolve_sides(values: list, source: str, declared: frozenset[str] | set[str] = frozenset()) -> list:
    """The sides of a claim with c·I sized by a matrix side; refused when no side fixes its size."""
    shapes = [v.shape for v in values if _is_matrix(v)]
    if shapes:
        _no_undeclared_beside_matrix(values, source, declared)
    out = []
    for value in values:
        if not has_identity(value):
            out.append(value)
            continue
        if _is_matrix(value):
            raise NotationError("the identity matrix I inside an entry of a matrix is not read: "
                                "write the matrix out", source.strip()[:40])
        if not shapes:
            raise NotationError(UNSIZED, source.strip()[:40])
        rows, cols = shapes[0]
        if rows != cols:
            raise NotationError(f"the identity I beside a non-square {rows}×{cols} matrix", source.strip()[:40])
        out.append(sized(value, rows, source.strip()[:40]))
    return out


def _is_matrix(value: object) -> bool:
    return isinstance(value, (MatrixExpr, sp.MatrixBase))


def _no_undeclared_beside_matrix(values: list, source: str, declared: frozenset[str] | set[str]) -> None:
    """A = \\begin{pmatrix}…\\end{pmatrix} or AB = M with A undeclared: A may be a matrix the text declared
    in words; read as a number it would make the claim false (or true) by a guess."""
    for value in values:
        if _is_matrix(value) or not isinstance(value, sp.Basic):
            continue
        names = sorted(s.name for s in value.free_symbols if isinstance(s, sp.Symbol)
                       and not isinstance(s, sp.Dummy) and s != IDENTITY and s.name not in declared)
        if names:
            raise NotationError(f"one side is a matrix and the other a scalar in {', '.join(names)}: if "
                                f"{names[0]} is a matrix, declare it, as in --where "
                                f"'{names[0]} \\in \\mathbb{{R}}^{{2 \\times 2}}'", source.strip()[:40])
