"""Shape-checked arithmetic on scalars and matrices, for the reader.

Matrices are SymPy matrix expressions (MatrixSymbol for declared names,
ImmutableMatrix for explicit ones), so `A^T B` prints back as written.
A shape mismatch is a NotationError naming both shapes.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from . import identity
from .errors import NotationError
from .identity import has_identity

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
    if is_matrix(left) != is_matrix(right) and has_identity(right if is_matrix(left) else left):
        matrix, scaled = (left, right) if is_matrix(left) else (right, left)
        return sp.MatAdd(matrix, identity.sized(scaled, identity.square_size(matrix)))
    if has_identity(left) != has_identity(right) and not (is_matrix(left) or is_matrix(right)):
        raise NotationError("a number added to the identity matrix I has no single meaning: write c I")
    if is_matrix(left) and is_matrix(right):
        if left.shape != right.shape:
            raise NotationError(f"cannot add {_describe(left)} and {_describe(right)}: shapes differ")
        return sp.MatAdd(left, right)
    left, right = as_scalar(left), as_scalar(right)
    if is_matrix(left) or is_matrix(right):
        matrix, scalar = (left, right) if is_matrix(left) else (right, left)
        if 1 in matrix.shape:  # z + c for a vector: c added to every entry (z + c·1), as softmax texts write it
            explicit = sp.ImmutableMatrix(matrix.as_explicit() if isinstance(matrix, MatrixExpr) else matrix)
            return explicit.applyfunc(lambda entry: entry + scalar)
        raise NotationError(f"cannot add a scalar and the matrix {_describe(matrix)} (A + c could be A + cI): "
                            "write the matrix out")
    return left + right


def negate(value: Value) -> Value:
    return -value


def multiply(left: Value, right: Value) -> Value:
    if is_matrix(left) != is_matrix(right) and has_identity(right if is_matrix(left) else left):
        matrix, scaled = (left, right) if is_matrix(left) else (right, left)
        c = identity.coefficient(scaled)  # I M = M I = M, whatever M's shape: I takes the size M needs
        return matrix if c == 1 else sp.MatMul(c, matrix)
    if has_identity(left) and has_identity(right):
        return identity.coefficient(left) * identity.coefficient(right) * identity.IDENTITY
    if is_matrix(left) and is_matrix(right):
        if left.shape[1] != right.shape[0] and (left.shape == (1, 1) or right.shape == (1, 1)):
            return multiply(as_scalar(left), as_scalar(right))  # (x^T y) x: the 1×1 product is a number
        if left.shape[1] != right.shape[0]:
            raise NotationError(
                f"cannot multiply {_describe(left)} by {_describe(right)}: "
                f"inner sizes {left.shape[1]} and {right.shape[0]} differ")
        return sp.MatMul(left, right)
    return left * right


def dot(left: Value, right: Value) -> Value:
    """a \\cdot b: the dot product of two vectors of one shape, else the ordinary product."""
    if has_identity(left) or has_identity(right):
        return multiply(left, right)
    if is_matrix(left) and is_matrix(right) and left.shape == right.shape and 1 in left.shape:
        def column(v: Value) -> Value:
            return v if v.shape[1] == 1 else sp.Transpose(v)
        return as_scalar(sp.MatMul(sp.Transpose(column(left)), column(right)))
    return multiply(left, right)


def inner(left: Value, right: Value, written: str) -> Value:
    """⟨x, y⟩ = x^T y of two vectors of one shape, ⟨A, B⟩ = tr(A^T B) of two matrices (Frobenius)."""
    if not (is_matrix(left) and is_matrix(right)) or left.shape != right.shape:
        raise NotationError("\\langle x, y \\rangle needs two vectors or two matrices of one shape "
                            "(declared with --where 'x \\in \\mathbb{R}^{3}')", written)
    if 1 in left.shape:
        return dot(left, right)
    return sp.Trace(sp.MatMul(sp.Transpose(left), right))


def kronecker(left: Value, right: Value) -> Value:
    """A \\otimes B of two matrices; of two vectors it is refused (a Kronecker column or the outer product?)."""
    if not (is_matrix(left) and is_matrix(right)):
        raise NotationError("\\otimes needs two declared matrices")
    if 1 in left.shape or 1 in right.shape:
        raise NotationError("x \\otimes y of vectors is the Kronecker column to some authors and the outer "
                            "product x y^\\top to others: write x y^\\top, or declare matrices")
    return sp.KroneckerProduct(left, right)


def vector_norm(vector: Value, order: str, unknown: NotationError) -> Value:
    """‖v‖₂, ‖v‖₁, ‖v‖_∞ of a row or column vector, written out entry by entry."""
    column = vector if vector.shape[1] == 1 else sp.Transpose(vector)
    if order == "2":
        return sp.sqrt(as_scalar(sp.MatMul(sp.Transpose(column), column)))
    entries = [column[k, 0] for k in range(column.shape[0])]
    if order == "1":
        return sp.Add(*[sp.Abs(e) for e in entries])
    if order == "\\infty":
        return sp.Max(*[sp.Abs(e) for e in entries])
    raise unknown


def divide(left: Value, right: Value) -> Value:
    right = as_scalar(right)
    if is_matrix(right) or has_identity(right):
        raise NotationError(f"cannot divide by the matrix {_describe(right)}; write its inverse ^{{-1}}")
    return left / right


def hadamard(left: Value, right: Value) -> Value:
    if has_identity(left) or has_identity(right):
        raise NotationError("the Hadamard product with the identity I is not read: write the matrix out")
    if not (is_matrix(left) and is_matrix(right)):
        raise NotationError("\\odot (Hadamard product) needs two matrices or vectors of the same shape")
    if left.shape != right.shape:
        raise NotationError(f"cannot take the Hadamard product of {_describe(left)} and {_describe(right)}: "
                            "shapes differ")
    return sp.HadamardProduct(left, right)


def transpose(value: Value, written: str) -> Value:
    if has_identity(value) and not is_matrix(value):
        identity.coefficient(value, written)
        return value  # (cI)^T = cI
    if not is_matrix(value):
        raise NotationError(
            "transpose of something that is not a matrix or vector; "
            "declare its shape with --where 'A \\in \\mathbb{R}^{m \\times n}'", written)
    return sp.Transpose(value)


def power(base: Value, exponent: Value, written: str) -> Value:
    if is_matrix(exponent) or has_identity(exponent):
        raise NotationError("a matrix cannot be an exponent", written)
    if has_identity(base) and not is_matrix(base):
        if not getattr(exponent, "is_Integer", False):
            raise NotationError("a matrix power must be a positive integer or -1", written)
        return identity.coefficient(base, written) ** exponent * identity.IDENTITY  # (cI)^k = c^k I
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


def entry_of(name: str, shape: tuple[int, int], i: int, j: int) -> sp.Expr:
    """The real symbol for entry (i, j), counted from 0, of the declared matrix or vector `name`."""
    family = sp.IndexedBase(plain_name(name), real=True)
    return family[i + 1] if shape[1] == 1 else family[i + 1, j + 1]


def plain_name(name: str) -> str:
    """\\mathbf{x} -> x, \\boldsymbol{\\theta} -> theta: the name of a vector's entries."""
    for decoration in ("\\mathbf{", "\\boldsymbol{", "\\bm{", "\\vec{"):
        if name.startswith(decoration):
            close = _closing_brace(name, len(decoration) - 1)
            if close is not None:  # \mathbf{a}^{(1)} -> a^{(1)}: the label stays, the decoration goes
                return name[len(decoration):close].lstrip("\\") + name[close + 1:]
    return name


def _closing_brace(text: str, opening: int) -> int | None:
    depth = 0
    for k in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return None


def _column_entries(vector: Value) -> list[sp.Expr]:
    column = vector if vector.shape[1] == 1 else sp.Transpose(vector)
    return [column[k, 0] for k in range(column.shape[0])]


def _square(matrix: Value, written: str) -> Value:
    if has_identity(matrix) and not is_matrix(matrix):
        raise NotationError(identity.UNSIZED, written)
    if not is_matrix(matrix) or matrix.shape[0] != matrix.shape[1]:
        raise NotationError(f"{written} needs a square matrix", written)
    return matrix


def _vector(value: Value, written: str) -> Value:
    if not is_matrix(value) or 1 not in value.shape:
        raise NotationError(f"{written} needs a vector; declare it with --where 'z \\in \\mathbb{{R}}^{{3}}'", written)
    return value


def softmax(vector: Value) -> sp.ImmutableMatrix:
    entries = _column_entries(vector)
    total = sp.Add(*[sp.exp(e) for e in entries])
    return sp.ImmutableMatrix([[sp.exp(e) / total] for e in entries])


def softmax_entry(name: str, index: sp.Expr, size: sp.Expr) -> sp.Expr:
    """softmax(z)_i for a symbolic i: e^{z_i} / Σ_{m=1}^{size} e^{z_m}, over the entries z_m of z."""
    family = sp.IndexedBase(plain_name(name), real=True)
    m = sp.Dummy("m", integer=True)
    return sp.exp(family[index]) / sp.Sum(sp.exp(family[m]), (m, 1, size))


def family_logsumexp(name: str, size: sp.Expr) -> sp.Expr:
    """logsumexp(z) of an undeclared z: ln Σ_{m=1}^{n} e^{z_m} over its entries."""
    family = sp.IndexedBase(plain_name(name), real=True)
    m = sp.Dummy("m", integer=True)
    return sp.log(sp.Sum(sp.exp(family[m]), (m, 1, size)))


def logsumexp(vector: Value) -> sp.Expr:
    return sp.log(sp.Add(*[sp.exp(e) for e in _column_entries(vector)]))


def diag(vector: Value) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(sp.diag(*_column_entries(vector)))


# Functions of a matrix or vector, each with its one meaning: name -> (builder, what it needs).
MATRIX_FUNCTIONS = {
    "det": lambda m, w: sp.Determinant(_square(m, w)) if isinstance(m, MatrixExpr) else _square(m, w).det(),
    "tr": lambda m, w: sp.Trace(_square(m, w)),
    "Tr": lambda m, w: sp.Trace(_square(m, w)),
    "trace": lambda m, w: sp.Trace(_square(m, w)),
    "diag": lambda v, w: diag(_vector(v, w)),
    "softmax": lambda v, w: softmax(_vector(v, w)),
    "logsumexp": lambda v, w: logsumexp(_vector(v, w)),
    "LSE": lambda v, w: logsumexp(_vector(v, w)),
}
