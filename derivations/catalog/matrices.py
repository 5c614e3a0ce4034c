"""The transpose of a product, (AB)ᵀ = BᵀAᵀ, entry by entry (seed 003)."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.steps import checked

from ..core import Derivation, Source, register

SEED_003 = "003_2ef027bd369c874d.txt"
a, b = sp.IndexedBase("a", real=True), sp.IndexedBase("b", real=True)
i, j, k, n = sp.symbols("i j k n", integer=True)
ROWS, INNER = 2, 3  # A is 2×3, B is 3×2

SEED_REMARK = (r"Seed 003 proves the identity the same way: the $(i, j)$ entry of $AB$, which is the $(j, i)$ entry "
               r"of ${}^{t}(AB)$, is $\sum_k a_{ik} b_{kj}$, and the $(j, i)$ entry of ${}^{t}B\, {}^{t}A$ is "
               r"$\sum_k b_{kj} a_{ik}$. In the extracted text the column of ${}^{t}A$ is garbled as "
               r"$(a_{i1}, b_{i2}, \ldots, b_{in})$; it is $(a_{i1}, a_{i2}, \ldots, a_{in})$.")


def _matrices() -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
    first = sp.ImmutableMatrix(ROWS, INNER, lambda r, c: a[r + 1, c + 1])
    second = sp.ImmutableMatrix(INNER, ROWS, lambda r, c: b[r + 1, c + 1])
    return first, second


def _entry(row: object, col: object, upper: object = INNER, swapped: bool = False) -> sp.Sum:
    """Σₖ a_{col,k} b_{k,row}: the (row, col) entry of (AB)ᵀ; swapped writes each term b·a."""
    term = sp.Mul(b[k, row], a[col, k], evaluate=False) if swapped else a[col, k] * b[k, row]
    return sp.Sum(term, (k, 1, upper))


@register("transpose-of-product", "The transpose of a product: $(AB)^{T} = B^{T} A^{T}$", sources=(SEED_003,))
def transpose_of_product() -> Derivation:
    A, B = _matrices()
    product = checked("matrix product", "the $(i, j)$ entry of $AB$ is row $i$ of $A$ times column $j$ of $B$: "
                      "$\\sum_{k} a_{ik} b_{kj}$", sp.MatMul(A, B, evaluate=False),
                      sp.ImmutableMatrix(ROWS, ROWS, lambda r, c: sp.Sum(a[r + 1, k] * b[k, c + 1], (k, 1, INNER))))
    transposed = checked("transpose", "transposing swaps the indices: the $(i, j)$ entry of $(AB)^T$ is the "
                         "$(j, i)$ entry of $AB$, $\\sum_{k} a_{jk} b_{ki}$",
                         sp.Transpose(sp.MatMul(A, B, evaluate=False)),
                         sp.ImmutableMatrix(ROWS, ROWS, lambda r, c: _entry(r + 1, c + 1)))
    rows_of_bt = checked("transpose", "row $i$ of $B^T$ is column $i$ of $B$, and column $j$ of $A^T$ is row $j$ "
                         "of $A$; their product is the $(i, j)$ entry of $B^T A^T$",
                         sp.MatMul(sp.ImmutableMatrix([[b[1, i], b[2, i], b[3, i]]]),
                                   sp.ImmutableMatrix([a[j, 1], a[j, 2], a[j, 3]]), evaluate=False),
                         _entry(i, j, swapped=True))
    general = checked("entry", "the two sums have the same terms, each the same two numbers multiplied in the "
                      "other order — and so for matrices of any size, with any number $n$ of columns in $A$",
                      _entry(i, j, n), _entry(i, j, n, swapped=True), conditions=(sp.GreaterThan(n, 1),))
    bt_at = checked("matrix product", "so $B^T A^T$, written out, has exactly the entries of $(AB)^T$",
                    sp.MatMul(B.T, A.T, evaluate=False),
                    sp.ImmutableMatrix(ROWS, ROWS, lambda r, c: _entry(r + 1, c + 1, swapped=True)))
    whole = checked("matrix identity", "all four entries at once, with every entry of $A$ and $B$ a free symbol",
                    sp.Transpose(sp.MatMul(A, B, evaluate=False)), sp.MatMul(B.T, A.T, evaluate=False))
    MA, MB = sp.MatrixSymbol("A", ROWS, INNER), sp.MatrixSymbol("B", INNER, ROWS)
    result = checked("result", "the transpose of a product is the product of the transposes in the reverse order "
                     "(checked here for every $2 \\times 3$ matrix $A$ and $3 \\times 2$ matrix $B$, and entry by "
                     "entry for any size above)",
                     sp.Transpose(sp.MatMul(MA, MB, evaluate=False)), sp.MatMul(MB.T, MA.T, evaluate=False))
    return Derivation(
        name="transpose-of-product",
        title="The transpose of a product",
        summary=r"Entry by entry: the $(i, j)$ entry of $(AB)^T$ is $\sum_k a_{jk} b_{ki}$, which is row $i$ of $B^T$ "
                r"times column $j$ of $A^T$; hence $(AB)^T = B^T A^T$.",
        steps=(product, transposed, rows_of_bt, general, bt_at, whole),
        result=result,
        sources=(Source(SEED_003, r"transposed matrix ${}^{t}(AB) = {}^{t}B\, {}^{t}A$ and its entry-by-entry proof"),),
        assumptions=(r"A = (a_{ik}) \in \mathbb{R}^{2 \times 3}", r"B = (b_{kj}) \in \mathbb{R}^{3 \times 2}"),
        remarks=(SEED_REMARK,),
    )
