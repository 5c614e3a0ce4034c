r"""Derivatives by a vector or a matrix, and the two layouts textbooks write them in.

\nabla has one meaning: the gradient of a scalar has the shape of its variable (a column for a column
vector x, an m×n matrix for an m×n matrix W). A fraction \frac{\partial f}{\partial \mathbf{x}} has two:
in the denominator layout (Bishop, Goodfellow, the Matrix Cookbook) it has the shape of x, and the
Jacobian \frac{\partial \mathbf{y}}{\partial \mathbf{x}} is n×m; in the numerator layout (Magnus and
Neudecker, much of control theory) ∂f/∂x is a row and the Jacobian m×n, entry (i, j) = ∂y_i/∂x_j. Both
are readings (roles.py), so a claim that holds in only one layout is undecided.
"""

from __future__ import annotations

import sympy as sp

from .errors import NotationError
from .roles import DENOMINATOR, LAYOUT, NUMERATOR, Context


def _entries(matrix: object) -> list[list[sp.Expr]]:
    rows, cols = matrix.shape  # type: ignore[attr-defined]
    return [[matrix[r, c] for c in range(cols)] for r in range(rows)]  # type: ignore[index]


def gradient(body: sp.Expr, variable: object) -> sp.ImmutableMatrix:
    """∇_x f, and ∂f/∂x in the denominator layout: ∂f/∂(entry) in the shape of the variable."""
    return sp.ImmutableMatrix([[sp.Derivative(body, v, evaluate=False) for v in row] for row in _entries(variable)])


def by_vector_or_matrix(body: object, variable: object, context: Context, written: str) -> sp.ImmutableMatrix:
    """\\frac{\\partial f}{\\partial X} for a declared vector or matrix X, in this reading's layout."""
    context.survey.layout_written = True
    layout = context.meaning(LAYOUT, DENOMINATOR)
    if isinstance(body, sp.MatrixBase) or hasattr(body, "shape"):
        rows, cols = body.shape  # type: ignore[attr-defined]
        if cols != 1 or variable.shape[1] != 1:  # type: ignore[attr-defined]
            raise NotationError("only the Jacobian of a column vector by a column vector is read; "
                                "differentiate an entry", written)
        outputs = [body[r, 0] for r in range(rows)]  # type: ignore[index]
        inputs = [variable[k, 0] for k in range(variable.shape[0])]  # type: ignore[index]
        numerator = [[sp.Derivative(y, x, evaluate=False) for x in inputs] for y in outputs]
        jacobian = sp.ImmutableMatrix(numerator)
        return jacobian if layout == NUMERATOR else jacobian.T
    found = gradient(body, variable)  # type: ignore[arg-type]
    return found.T if layout == NUMERATOR else found
