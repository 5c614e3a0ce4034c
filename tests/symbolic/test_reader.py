"""The DL-notation reader: a table of LaTeX and what it must mean, errors that quote, round trips."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, softplus
from dlmath.symbolic.notation import NotationError, claim_to_latex, read_claim, read_expression

x, y, z, n, w, mu, p, c = sp.symbols("x y z n w mu p c", real=True)
i, k = sp.symbols("i k", integer=True)
X, Y = sp.IndexedBase("x", real=True), sp.IndexedBase("y", real=True)
W = sp.IndexedBase("w^{l}", real=True)
j_, k_, i_ = sp.symbols("j k i", real=True)

MEANINGS = [
    (r"\sigma(z)", sigmoid(z)),
    (r"\sigma\left( z \right)", sigmoid(z)),
    (r"\operatorname{ReLU}(x)", relu(x)),
    (r"\mathrm{softplus}(x)", softplus(x)),
    (r"\tanh x", sp.tanh(x)),
    (r"\ln(1-p)", sp.log(1 - p)),
    (r"\log x", sp.log(x)),
    (r"e^{-x}", sp.exp(-x)),
    (r"\exp(x^2)", sp.exp(x**2)),
    (r"\max(0, x)", sp.Max(0, x)),
    (r"\min(x, y)", sp.Min(x, y)),
    (r"\frac{1}{1+e^{-x}}", 1 / (1 + sp.exp(-x))),
    (r"\frac12 x", x / 2),
    (r"0.1 x", x / 10),
    (r"2 \cdot x \times y", 2 * x * y),
    (r"x\,y\;z\!", x * y * z),
    (r"\sum_{i=1}^{n} x_i y_i", sp.Sum(X[i] * Y[i], (i, 1, n))),
    (r"\sum_{i=1}^{n} x_{i}^2", sp.Sum(X[i] ** 2, (i, 1, n))),
    (r"\frac{1}{n}\sum_{i=1}^{n} x_i + 1", sp.Sum(X[i], (i, 1, n)) / n + 1),
    (r"\delta_{ij}", sp.KroneckerDelta(sp.Symbol("i", real=True), sp.Symbol("j", real=True))),
    (r"w^{l}_{jk}", W[j_, k_]),
    (r"x_i^2", X[i_] ** 2),
    (r"\frac{d}{dx} x^2", sp.Derivative(x**2, x)),
    (r"\frac{\partial}{\partial \mu} (x - \mu)^2", sp.Derivative((x - mu) ** 2, mu)),
    (r"\frac{\partial^2}{\partial x^2} x^3", sp.Derivative(x**3, (x, 2))),
    (r"|x - 1|", sp.Abs(x - 1)),
    (r"\sqrt{x}", sp.sqrt(x)),
]


@pytest.mark.parametrize(("latex", "meaning"), MEANINGS)
def test_reads_what_a_textbook_means(latex: str, meaning: sp.Expr) -> None:
    assert read_expression(latex) == meaning


def test_sum_of_products_is_not_n_times_a_product() -> None:
    value = read_expression(r"\sum_{i=1}^{n} x_i y_i")
    concrete = value.subs(n, 2).doit()
    assert concrete == X[1] * Y[1] + X[2] * Y[2]


def test_prime_is_the_derivative_of_the_sigmoid() -> None:
    assert read_expression(r"\sigma'(z)").doit() == sigmoid(z) * (1 - sigmoid(z))


def test_partial_with_respect_to_a_layer_indexed_weight() -> None:
    value = read_expression(r"\frac{\partial C}{\partial w^{l}_{jk}}")
    assert isinstance(value, sp.Derivative) and value.variables == (W[j_, k_],)


def test_matrices_transpose_inverse_hadamard() -> None:
    shapes = {"A": (2, 3), "B": (3, 2)}
    assert read_expression(r"(AB)^T", shapes).shape == (2, 2)
    assert read_expression(r"A^{\top}", shapes).shape == (3, 2)
    m = read_expression(r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}".replace("bmatrix", "pmatrix"))
    assert sp.Matrix(m) == sp.Matrix([[1, 2], [3, 4]])
    inverse = read_expression(r"\begin{bmatrix} 2 & 0 \\ 0 & 4 \end{bmatrix}^{-1}")
    assert sp.Matrix(inverse.doit()) == sp.Matrix([[sp.Rational(1, 2), 0], [0, sp.Rational(1, 4)]])
    hadamard = read_expression(r"\begin{pmatrix} 1 & 2 \end{pmatrix} \odot \begin{pmatrix} 3 & 4 \end{pmatrix}")
    assert sp.Matrix(hadamard.doit()) == sp.Matrix([[3, 8]])


@pytest.mark.parametrize(("latex", "shapes", "quoted"), [
    (r"A B", {"A": (2, 3), "B": (2, 3)}, "2×3"),
    (r"A + B", {"A": (2, 3), "B": (3, 2)}, "3×2"),
    (r"A \odot B", {"A": (2, 2), "B": (2, 1)}, "2×1"),
])
def test_shape_mismatch_names_both_shapes(latex: str, shapes: dict, quoted: str) -> None:
    with pytest.raises(NotationError, match=quoted):
        read_expression(latex, shapes)


@pytest.mark.parametrize(("latex", "quoted"), [
    (r"\foo(x)", r"\foo"),
    (r"\frac{1}{", "missing"),
    (r"\sum_{i=1} x_i", r"\sum"),
    (r"\operatorname{MSE}(m)", "MSE"),
    (r"\operatorname{MSE}'(x)", "MSE"),
    (r"x^T", "T"),
    (r"\nabla C", r"\nabla"),
    (r"\ln 2 x", r"\ln"),
    (r"2 3", "3"),
    (r"(x + 1", "missing"),
    (r"x + ", "missing"),
    (r"\sigma_h(x)", ""),
])
def test_unreadable_fragments_are_errors_that_quote_them(latex: str, quoted: str) -> None:
    with pytest.raises(NotationError) as error:
        read_expression(latex)
    assert quoted in str(error.value)


@pytest.mark.parametrize("latex", [r"C = -\frac1n\sum_x[y \ln a]", r"x \approx y", r"a = b = c", r"x + 1"])
def test_claims_that_cannot_be_read_faithfully(latex: str) -> None:
    with pytest.raises(NotationError):
        read_claim(latex)


def test_reads_both_sides_and_trailing_punctuation() -> None:
    claim = read_claim(r"\frac{d}{dx}\sigma(x) = \sigma(x)\left(1-\sigma(x)\right).")
    assert claim.relation == "=" and claim.rhs == sigmoid(x) * (1 - sigmoid(x))
    assert read_claim(r"x \le y,").relation == "<="


def test_conditions_shapes_and_definitions() -> None:
    claim = read_claim(r"x^T x \ge 0", [r"x \in \mathbb{R}^{3}", "0 < p < 1", r"n \in \mathbb{N}", r"p = \sigma(z)"])
    assert dict(claim.shapes) == {"x": (3, 1)}
    assert len(claim.conditions) == 3  # 0 < p, p < 1, n >= 1
    assert claim.definitions[0].target == p and claim.definitions[0].value == sigmoid(z)


ROUND_TRIP = [
    (r"\frac{d}{dx} \tanh(x) = 1 - \tanh^2(x)", []),
    (r"\sigma'(z) = \sigma(z)(1-\sigma(z))", []),
    (r"\frac{\partial C}{\partial w^{l}_{jk}} = a^{l-1}_{k} \delta^{l}_{j}", []),
    (r"\sum_{i=1}^{n} (x_i - \bar{x})^2 \ge 0", [r"\bar{x} = \frac{1}{n} \sum_{i=1}^{n} x_i"]),
    (r"\frac{\partial}{\partial z_i} \frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}} = s_j(\delta_{ij} - s_i)", []),
    (r"(AB)^T = B^T A^T", [r"A \in \mathbb{R}^{2 \times 3}", r"B \in \mathbb{R}^{3 \times 2}"]),
    (r"(A B)^{-1} = B^{-1} A^{-1}", [r"A \in \mathbb{R}^{2 \times 2}", r"B \in \mathbb{R}^{2 \times 2}"]),
    (r"x^T x = \|x\|^2", [r"x \in \mathbb{R}^{3}"]),
    (r"2 \frac{d}{dx}(x^2) y = \max(0, x) + |x|", []),
    (r"\operatorname{ReLU}(x) - \operatorname{softplus}(-x) \le \ln 2", []),
    (r"\theta^{(2)}_{1} a_{1} + \theta^{(2)}_{0} > \mathrm{MSE}", []),
    (r"\prod_{i=1}^{n} e^{x_i} = e^{\sum_{i=1}^{n} x_i}", []),
]


@pytest.mark.parametrize(("latex", "where"), ROUND_TRIP)
def test_claims_print_back_to_the_same_claim(latex: str, where: list[str]) -> None:
    claim = read_claim(latex, where)
    again = read_claim(claim_to_latex(claim), where)
    assert (again.lhs, again.relation, again.rhs) == (claim.lhs, claim.relation, claim.rhs)


def test_a_function_definition_without_its_closing_parenthesis_is_refused() -> None:
    # Found by the fuzz test: 'x\left(=' in --where had crashed the reader (StopIteration).
    with pytest.raises(NotationError, match="a function definition reads f"):
        read_claim("x", [r"x\left(="])
