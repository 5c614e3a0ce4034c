"""Shape-checked arithmetic on scalars and matrices, for the reader.

Matrices are SymPy matrix expressions (MatrixSymbol for declared names,
ImmutableMatrix for explicit ones), so `A^T B` prints back as written.
A shape mismatch is a NotationError naming both shapes.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from .errors import NotationError

MAX_EVALUATED_EXPONENT = 256

Value = sp.Expr | MatrixExpr | sp.ImmutableMatrix


def is_matrix(value: object) -> bool:
    """True for explicit matrices and matrix expressions."""
    return isinstance(value, (MatrixExpr, sp.MatrixBase))


def shape_text(value: object) -> str:
    rows, cols = value.shape  # type: ignore[attr-defined]
    return f"{rows}×{cols}"


def _describe(value: object) -> str:
    return f"{sp.sstr(value)} ({shape_text(value)})"


def as_scalar(value: Value) -> Value:
    """A 1×1 matrix (such as x^T y) is a scalar in textbook algebra."""
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    if isinstance(value, MatrixExpr) and value.shape == (1, 1):
        return sp.Trace(value)  # stays x^T y when printed, unlike value[0, 0]
    return value


def add(left: Value, right: Value) -> Value:
    if is_matrix(left) and is_matrix(right):
        if left.shape != right.shape:
            raise NotationError(f"cannot add {_describe(left)} and {_describe(right)}: shapes differ")
        return sp.MatAdd(left, right)
    left, right = as_scalar(left), as_scalar(right)
    if is_matrix(left) or is_matrix(right):
        matrix = left if is_matrix(left) else right
        raise NotationError(f"cannot add a scalar and the matrix {_describe(matrix)}")
    return left + right


def negate(value: Value) -> Value:
    return -value


def multiply(left: Value, right: Value) -> Value:
    if is_matrix(left) and is_matrix(right):
        if left.shape[1] != right.shape[0]:
            raise NotationError(
                f"cannot multiply {_describe(left)} by {_describe(right)}: "
                f"inner sizes {left.shape[1]} and {right.shape[0]} differ")
        return sp.MatMul(left, right)
    return left * right


def divide(left: Value, right: Value) -> Value:
    right = as_scalar(right)
    if is_matrix(right):
        raise NotationError(f"cannot divide by the matrix {_describe(right)}; write its inverse ^{{-1}}")
    return left / right


def hadamard(left: Value, right: Value) -> Value:
    if not (is_matrix(left) and is_matrix(right)):
        raise NotationError("\\odot (Hadamard product) needs two matrices or vectors of the same shape")
    if left.shape != right.shape:
        raise NotationError(f"cannot take the Hadamard product of {_describe(left)} and {_describe(right)}: shapes differ")
    return sp.HadamardProduct(left, right)


def transpose(value: Value, written: str) -> Value:
    if not is_matrix(value):
        raise NotationError(
            "transpose of something that is not a matrix or vector; "
            "declare its shape with --where 'A \\in \\mathbb{R}^{m \\times n}'", written)
    return sp.Transpose(value)


def power(base: Value, exponent: Value, written: str) -> Value:
    if is_matrix(exponent):
        raise NotationError("a matrix cannot be an exponent", written)
    if not is_matrix(base):
        if base.is_number and exponent.is_number and abs(exponent) > MAX_EVALUATED_EXPONENT:
            return sp.Pow(base, exponent, evaluate=False)  # 9^{9^{9}}: never expand while reading
        return sp.Pow(base, exponent)
    if base.shape[0] != base.shape[1]:
        raise NotationError(f"cannot raise the non-square {_describe(base)} to a power", written)
    if exponent == -1:
        return sp.Inverse(base)
    if exponent.is_Integer and exponent > 0:
        return sp.MatPow(base, exponent)
    raise NotationError("a matrix power must be a positive integer or -1", written)
