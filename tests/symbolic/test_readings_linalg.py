r"""Linear-algebra notation read with one meaning, or with every reading, or refused: never guessed.

Each row was a defect of the last round's reader (a true claim refuted, a false one proved by a guessed
layout, a transpose mark read as a power, a matrix read as a number) or its true/false twin.
"""

from __future__ import annotations

import pytest

from dlmath.symbolic.notation import NotationError, read_readings
from dlmath.symbolic.verify.worker import check

A2, B2 = r"A \in \mathbb{R}^{2 \times 2}", r"B \in \mathbb{R}^{2 \times 2}"
A23 = r"A \in \mathbb{R}^{2 \times 3}"
X2, Y2, V2 = r"\mathbf{x} \in \mathbb{R}^{2}", r"\mathbf{y} \in \mathbb{R}^{2}", r"\mathbf{a} \in \mathbb{R}^{2}"
x2, y2 = r"x \in \mathbb{R}^{2}", r"y \in \mathbb{R}^{2}"
X3 = r"\mathbf{x} \in \mathbb{R}^{3}"

VERDICTS = [
    # the identity matrix beside a matrix (was a scalar I: A A^{-1} = I refuted)
    (r"A A^{-1} = I", [A2], "proved"),
    (r"A A^{-1} = I_n", [A2], "proved"),
    (r"A A^{-1} = I_2", [A2], "proved"),
    (r"A I = A", [A2], "proved"),
    (r"A I = I", [A2], "refuted"),
    (r"(A + I)^2 = A^2 + 2A + I", [A2], "proved"),
    (r"(A + I)^2 = A^2 + I", [A2], "refuted"),
    (r"(A - I)(A + I) = A^2 - I", [A2], "proved"),
    (r"\mathbf{x}^T I \mathbf{x} = \mathbf{x}^T \mathbf{x}", [X2], "proved"),
    (r"A I_3 = A", [A23], "proved"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} = I", [], "proved"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 2 \end{pmatrix} = I", [], "refuted"),
    (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} = I_3", [], "refuted"),
    (r"\operatorname{tr}(I_3) = 3", [], "proved"),
    (r"\det(2 I_2) = 4", [], "proved"),
    (r"\det(2 I_2) = 2", [], "refuted"),
    (r"\det(A - \lambda I) = \lambda^2 - \operatorname{tr}(A) \lambda + \det(A)", [A2], "proved"),
    (r"\det(A - \lambda I) = \lambda^2 + \operatorname{tr}(A) \lambda + \det(A)", [A2], "refuted"),
    (r"(A + I)_{ij} = A_{ij} + \delta_{ij}", [A2], "proved"),
    (r"(A + I)_{ij} = A_{ij} + 1", [A2], "refuted"),
    (r"\frac{\partial \mathbf{x}}{\partial \mathbf{x}} = I", [X2], "proved"),         # both layouts agree
    (r"\frac{\partial \mathbf{x}}{\partial \mathbf{x}} = 2 I", [X2], "refuted"),
    # transpose marks (^{\mathsf{T}} was a power of a symbol T)
    (r"(AB)^{\mathsf{T}} = B^{\mathsf{T}} A^{\mathsf{T}}", [A2, B2], "proved"),
    (r"(AB)^{\mathsf T} = A^{\mathsf T} B^{\mathsf T}", [A2, B2], "refuted"),
    (r"x^\mathsf T y = y^\mathsf T x", [x2, y2], "proved"),
    (r"x^{\mathrm T} y = y^{\mathrm{T}} x", [x2, y2], "proved"),
    (r"(AB)^\top = B^\top A^\top", [A23, r"B \in \mathbb{R}^{3 \times 2}"], "proved"),
    # ∂f/∂x by a vector or matrix: two layouts, decided only when they agree (was: denominator layout guessed)
    (r"\frac{\partial \mathbf{x}^T \mathbf{a}}{\partial \mathbf{x}} = \mathbf{a}", [X2, V2], "undecided"),
    (r"\frac{\partial}{\partial \mathbf{x}} \mathbf{x}^T \mathbf{x} = 2 \mathbf{x}^T", [X2], "undecided"),
    (r"\frac{\partial \operatorname{tr}(AB)}{\partial A} = B^T", [A2, B2], "undecided"),
    (r"\frac{\partial \operatorname{tr}(AB)}{\partial A} = B", [A2, B2], "undecided"),
    (r"\frac{\partial (A \mathbf{x})}{\partial \mathbf{x}} = A", [X2, A2], "undecided"),
    (r"\frac{\partial \operatorname{tr}(AB)}{\partial A} = B^T + B", [A2, B2], "refuted"),  # false in both
    (r"\frac{\partial \operatorname{tr}(A^T A)}{\partial A} = 2 A", [A2], "undecided"),      # true: only one layout
    # \nabla has one meaning: the variable's shape, also for a matrix
    (r"\nabla_A \operatorname{tr}(AB) = B^T", [A2, B2], "proved"),
    (r"\nabla_A \operatorname{tr}(AB) = B", [A2, B2], "refuted"),
    (r"\nabla_{\mathbf{x}} \|A\mathbf{x} - \mathbf{y}\|_2^2 = 2 A^T (A \mathbf{x} - \mathbf{y})", [X2, A2, Y2],
     "proved"),
    (r"\nabla_{\mathbf{x}} \|A\mathbf{x} - \mathbf{y}\|_2^2 = 2 A (A \mathbf{x} - \mathbf{y})", [X2, A2, Y2],
     "refuted"),
    # matrix identities, true and false twins
    (r"\operatorname{tr}(AB) = \operatorname{tr}(BA)", [A2, B2], "proved"),
    (r"\operatorname{tr}(AB) = \operatorname{tr}(A)\operatorname{tr}(B)", [A2, B2], "refuted"),
    (r"\det(2A) = 4\det(A)", [A2], "proved"),
    (r"\det(2A) = 2\det(A)", [A2], "refuted"),
    (r"\operatorname{diag}(\mathbf{x}) \mathbf{y} = \mathbf{x} \odot \mathbf{y}", [X2, Y2], "proved"),
    (r"\mathbf{x}^T A \mathbf{y} = \mathbf{y}^T A \mathbf{x}", [A2, X2, Y2], "refuted"),
    # determinants written as a vmatrix or without parentheses (were refused)
    (r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc", [], "proved"),
    (r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad + bc", [], "refuted"),
    (r"\begin{vmatrix} 1 & 2 & 3 \\ 0 & 1 & 4 \\ 5 & 6 & 0 \end{vmatrix} = 1", [], "proved"),
    (r"\det \begin{pmatrix} a & b \\ c & d \end{pmatrix} = ad - bc", [], "proved"),
    (r"\det A^T = \det(A)", [A2], "proved"),
    # inner products, Hadamard ∘, Kronecker ⊗
    (r"\langle \mathbf{x}, \mathbf{y} \rangle = \mathbf{x}^\top \mathbf{y}", [X2, Y2], "proved"),
    (r"\langle \mathbf{x}, A \mathbf{y} \rangle = \langle A^T \mathbf{x}, \mathbf{y} \rangle", [X2, Y2, A2], "proved"),
    (r"\langle \mathbf{x}, A \mathbf{y} \rangle = \langle A \mathbf{x}, \mathbf{y} \rangle", [X2, Y2, A2], "refuted"),
    (r"\langle A, B \rangle = \operatorname{tr}(A^T B)", [A2, B2], "proved"),
    (r"\langle A, B \rangle = \operatorname{tr}(A B)", [A2, B2], "refuted"),
    (r"A \circ B = B \circ A", [A2, B2], "proved"),
    (r"A \circ B = AB", [A2, B2], "refuted"),
    (r"(A \otimes B)^T = A^T \otimes B^T", [A2, B2], "proved"),
    (r"(A \otimes B)^T = B^T \otimes A^T", [A2, B2], "refuted"),
    (r"|\mathbf{x}^T \mathbf{y}| \le \|\mathbf{x}\|_2 \|\mathbf{y}\|_2", [X2, Y2], "proved"),
    (r"\mathbf{x} \mathbf{y}^T \mathbf{x} = \mathbf{x}^T \mathbf{y} \mathbf{x}", [X2, Y2], "proved"),
    (r"\mathbf{x} \mathbf{y}^T \mathbf{x} = \mathbf{x}^T \mathbf{x} \mathbf{y}", [X2, Y2], "refuted"),
    # entries of matrix expressions: numbered, or a letter for every value (were refused)
    (r"(AB)_{ij} = \sum_{k=1}^{2} A_{ik} B_{kj}", [A2, B2], "proved"),
    (r"(AB)_{ij} = \sum_{k=1}^{2} A_{ki} B_{jk}", [A2, B2], "refuted"),
    (r"(A^T)_{ij} = A_{ji}", [A2], "proved"),
    (r"(A^T)_{ij} = A_{ij}", [A2], "refuted"),
    (r"(\mathbf{x} \mathbf{y}^T)_{ij} = x_i y_j", [X2, Y2], "proved"),
    (r"(W \mathbf{x})_j = \sum_{k=1}^{3} W_{jk} x_k", [r"W \in \mathbb{R}^{2 \times 3}", X3], "proved"),
    (r"\frac{\partial}{\partial x_1} \mathbf{x}^T A \mathbf{x} = ((A + A^T) \mathbf{x})_1", [X2, A2], "proved"),
    (r"\frac{\partial}{\partial x_1} \mathbf{x}^T A \mathbf{x} = 2 (A \mathbf{x})_1", [X2, A2], "refuted"),
    # a digit superscript written before the subscript: a layer (seed 004's w^2_11) or a power
    (r"w^2_{jk} = w_{jk} w_{jk}", [], "undecided"),
    (r"a^3_1 = a_1 a_1 a_1", [], "undecided"),
    (r"x_i^2 = x_i x_i", [], "proved"),
    (r"w^{(2)}_{jk} = w_{jk} w_{jk}", [], "undecided"),
    # a label and a transpose in one superscript, the Frobenius norm, an entry of σ applied to a vector
    (r"(A^{(1)} A^{(2)})^T = A^{(2)T} A^{(1)\top}", [r"A^{(1)} \in \mathbb{R}^{2 \times 2}",
                                                    r"A^{(2)} \in \mathbb{R}^{2 \times 2}"], "proved"),
    (r"(A^{(1)} A^{(2)})^T = A^{(1)T} A^{(2)\top}", [r"A^{(1)} \in \mathbb{R}^{2 \times 2}",
                                                    r"A^{(2)} \in \mathbb{R}^{2 \times 2}"], "refuted"),
    (r"\|A\|_F^2 = \operatorname{tr}(A^T A)", [A2], "proved"),
    (r"\|A\|_F^2 = \operatorname{tr}(A A)", [A2], "refuted"),
    (r"\frac{\partial \sigma(\mathbf{x})_1}{\partial x_1} = \sigma(x_1)(1 - \sigma(x_1))", [X2], "proved"),
    (r"\frac{\partial \sigma(\mathbf{x})_1}{\partial x_2} = \sigma(x_1)(1 - \sigma(x_1))", [X2], "refuted"),
]


@pytest.mark.parametrize(("latex", "where", "expected"), VERDICTS, ids=[v[0][:50] for v in VERDICTS])
def test_linear_algebra_claims_get_their_verdict(latex: str, where: list[str], expected: str) -> None:
    outcome = check(latex, tuple(where)).as_dict()
    assert outcome["verdict"] == expected, (outcome["verdict"], outcome["detail"])


def test_the_layout_readings_are_named_with_how_to_write_each() -> None:
    outcome = check(r"\frac{\partial \mathbf{x}^T \mathbf{a}}{\partial \mathbf{x}} = \mathbf{a}", (X2, V2)).as_dict()
    assert "denominator layout" in outcome["detail"] and "numerator layout" in outcome["detail"]
    assert len(read_readings(r"\frac{\partial f}{\partial \mathbf{x}} = \mathbf{a}", [X2, V2]).readings) == 2


REFUSALS = [
    (r"(AB)' = B' A'", [A2, B2], "A^\\top"),                                     # a prime: transpose or a new matrix
    (r"\mathbf{x}' \mathbf{x} = 1", [X2], "\\tilde{A}"),
    (r"I = I", [A2], "I_2"),                                                      # no matrix fixes I's size
    (r"\det(I) = 1", [A2], "I_2"),
    (r"A + I = A", [A23], "non-square"),
    (r"A^2 = \begin{pmatrix} 7 & 10 \\ 15 & 22 \end{pmatrix}", [], "declare"),   # A undeclared: a matrix?
    (r"B = \begin{pmatrix} 0 & 1 \\ 1 & 0 \end{pmatrix}", [], "declare"),
    (r"\det A B = 1", [A2, B2], "parentheses"),
    (r"\langle a, b \rangle = ab", [], "two vectors or two matrices"),
    (r"f \circ g = g \circ f", [], "f(g(x))"),
    (r"\mathbf{x} \otimes \mathbf{y} = \mathbf{x} \mathbf{y}^T", [X2, Y2], "outer product"),
    (r"\begin{vmatrix} 1 & 2 \end{vmatrix} = 1", [], "as many rows as columns"),
    (r"\sum_{j=1}^{2} (A \mathbf{x})_j = 0", [A2, X2], "numbered entries"),
    (r"(A \mathbf{x})_3 = 0", [A2, X2], "from 1 to 2"),
    (r"\mathbf{x}^T \mathbf{x} = x^2", [X2], "the same vector unbolded"),         # bold and plain x in one claim
    (r"\mathbf{x} + x = 2 \mathbf{x}", [X2], "the same vector unbolded"),
    (r"\|A\|_2 = 1", [A2], "Frobenius"),
    (r"|(\mathbf{x})_i| = (\mathbf{x})_i", [X2, r"x_i > 0"], "condition on the entry index"),
]


@pytest.mark.parametrize(("latex", "where", "said"), REFUSALS, ids=[r[0][:40] for r in REFUSALS])
def test_linear_algebra_without_one_meaning_is_refused_saying_how_to_write_it(latex: str, where: list[str],
                                                                              said: str) -> None:
    with pytest.raises(NotationError) as error:
        read_readings(latex, where)
    assert said in str(error.value) and "\n" not in str(error.value)


def test_the_identity_is_never_a_symbol_of_the_claim() -> None:
    claim = read_readings(r"A I = I", [A2]).readings[0].claim
    assert claim is not None
    names = {str(s) for side in (claim.lhs, claim.rhs) for s in side.free_symbols}
    assert names <= {"A"}, names
    outcome = check(r"A I = I", (A2,)).as_dict()
    assert all(not name.startswith("I") and "identity" not in name for name in outcome["counterexample"]["values"])


def test_a_plain_letter_declared_beside_its_bold_vector_is_a_number() -> None:
    assert check(r"\mathbf{x}^T \mathbf{x} + x = x + x_1^2 + x_2^2", (X2, r"x \in \mathbb{R}")).as_dict()["verdict"] \
        == "proved"


def test_a_claim_without_matrices_keeps_i_a_number() -> None:
    assert check(r"I + I = 2 I").as_dict()["verdict"] == "proved"
    assert check(r"A A^{-1} = I", (A2, r"I \in \mathbb{R}")).as_dict()["verdict"] == "refuted"  # declared a number
