"""Ambiguous notation is checked under every reading; the misreadings of the last round never come back."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from dlmath.symbolic.notation import AmbiguousNotation, NotationError, read_claim, read_readings
from dlmath.symbolic.verify.worker import check

# (claim, where, verdicts allowed): each of the formulas that a guessing reader got wrong.
MISREADINGS = [
    (r"\frac{d}{dz} g(z) = g", [], {"undecided"}),                                   # g(z) is not g·z
    (r"\frac{\mathrm{d}}{\mathrm{d}x}x^{3} = x^{2}", [], {"refuted"}),               # \mathrm{d} is the differential
    (r"\frac{\text{d}}{\text{d}x}x^{3} = 3x^{2}", [], {"proved"}),
    (r"\frac{\operatorname{d}y}{\operatorname{d}x} = 2x", ["y = x^2"], {"proved"}),
    (r"\cosh^{-1}(x) = \frac{1}{\cosh(x)}", [], {"refuted"}),                       # f^{-1} is the inverse
    (r"\sin^{-1}(x) = \frac{1}{\sin(x)}", ["0 < x < 1"], {"refuted"}),
    (r"\sigma^{-1}(p) = \ln\frac{p}{1-p}", [], {"proved"}),
    (r"\Psi(2x) = 2\Psi(x)", [], {"undecided"}),                                     # Ψ(…) may be a function
    (r"\frac{\partial}{\partial w} f(wx) = f x", [], {"undecided"}),
    (r"\mathrm{e}^{x} = e^{x}", [], {"proved"}),                                     # \mathrm{e} is Euler's e
    (r"x^2 = x \cdot x \quad \text{for all } x", [], {"proved"}),                    # prose is a quantifier
    (r"\sqrt{x^2} = x \quad \text{if } x > 0", [], {"proved"}),
    (r"\sqrt{x^2} = x", [], {"refuted"}),
    (r"\sum_{i=1}^{2} x^{(i)} = 2 x^{(1)}", [], {"refuted"}),                        # x^{(i)} is sample i
    (r"\frac{\partial}{\partial w} g(wx+b) = g'(wx+b)\,x", [], {"proved"}),           # chain rule, every g
    (r"\frac{\partial}{\partial w} g(wx+b) = g'(wx+b)", [], {"refuted"}),
    (r"\frac{d}{dx} f(g(x)) = f'(g(x))\, g'(x)", [], {"proved"}),
    (r"\frac{d}{dx} \ln f(x) = \frac{f'(x)}{f(x)}", ["f(x) > 0"], {"proved"}),
    (r"a(b+c) = ab + ac", [], {"undecided"}),                                        # a(…) may be a function
    (r"a(b+c) = ab + ac", [r"a \in \mathbb{R}"], {"proved"}),                          # declared: a number
    (r"a \cdot (b+c) = ab + ac", [], {"proved"}),
    (r"\frac{d}{dz} a(z) = a", [], {"undecided"}),                                   # a(z): an activation?
    (r"\frac{d}{dt} x(t) = x", [], {"undecided"}),
    (r"p(1-p) \le \frac{1}{4}", [], {"proved"}),                                     # p inside p(…): a number
    (r"\sigma(x) != 0", [], {"proved"}),                                             # != is ≠
    (r"x^2 \ne 1", [], {"refuted"}),
    (r"\frac{\partial}{\partial z_i} \ln \sum_{k} e^{z_k} = \frac{e^{z_i}}{\sum_{k} e^{z_k}}", [],
     {"undecided", "proved"}),                                                       # never refuted at i = 0
    (r"\frac{(1 - \beta_1) \sum_{k=1}^{t} \beta_1^{t-k}}{1 - \beta_1^{t}} = 1",
     [r"0 < \beta_1 < 1", r"t \in \mathbb{N}"],
     {"undecided", "proved"}),                                                       # Adam: never refuted
    (r"\frac{(1 - \beta_1) \sum_{k=1}^{t} (\beta_1)^{t-k}}{1 - (\beta_1)^{t}} = 1",
     [r"0 < \beta_1 < 1", r"t \in \mathbb{N}"], {"undecided", "proved"}),
    (r"\mathbf{w}^\top \mathbf{x} = \sum_{i=1}^{3} w_i x_i",
     [r"\mathbf{w} \in \mathbb{R}^{3}", r"\mathbf{x} \in \mathbb{R}^{3}"],
     {"proved"}),                                                                    # entries of \mathbf{w} are w_i
    (r"\|\mathbf{x}\|_1 \le \|\mathbf{x}\|_2", [r"\mathbf{x} \in \mathbb{R}^{3}"], {"refuted"}),
    (r"\nabla_{\mathbf{x}} \, \mathbf{x}^\top A \mathbf{x} = (A + A^\top) \mathbf{x}",
     [r"A \in \mathbb{R}^{2 \times 2}", r"\mathbf{x} \in \mathbb{R}^{2}"], {"proved"}),
    (r"\nabla_{\mathbf{x}} \, \mathbf{x}^\top A \mathbf{x} = 2 A \mathbf{x}",
     [r"A \in \mathbb{R}^{2 \times 2}", r"\mathbf{x} \in \mathbb{R}^{2}"], {"refuted"}),
    (r"\frac{d}{dx} \operatorname{ReLU}(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}", [r"x \ne 0"],
     {"proved"}),
    (r"\frac{d}{dx} \operatorname{ReLU}(x) = \mathbb{1}[x < 0]", [r"x \ne 0"], {"refuted"}),
    (r"\Phi(-x) = 1 - \Phi(x)", [], {"undecided"}),                                   # Φ: CDF, function or number
    (r"\Phi(-x) = 1 - \Phi(x)",
     [r"\Phi(x) = \frac{1}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)"],
     {"proved"}),
    (r"\hat{y} = \sigma(w x + b)", [], {"undecided"}),                               # a definition, not a claim
    (r"e^{i\pi} = -1", [], {"undecided"}),                                           # i: the imaginary unit?
    (r"e^{i\pi} = 1", [], {"refuted"}),
    (r"e^{i\pi} = -1", [r"i \in \mathbb{R}"], {"refuted"}),
    (r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", [], {"proved"}),                          # a bound i is an index
    (r"\sigma^2 = \frac{1}{n}\sum_{i=1}^{n}(x_i-\mu)^2", [], {"undecided"}),           # defines the variance σ²
    (r"\frac{\partial}{\partial x} \sigma^2(x) = 2\sigma^2(x)(1-\sigma(x))", [], {"proved"}),  # σ²(x) is σ(x)²
    (r"\frac{\partial}{\partial x} \sigma^2(x) = 2\sigma(x)(1-\sigma(x))", [], {"refuted"}),
    (r"g^2(x) = g(x)^2", [], {"undecided"}),                                        # g²(x): g(x)² or g(g(x))?
    (r"\frac{d}{dx} \mathrm{ReLU}(x) = H(x)", [], {"undecided"}),                  # H: Heaviside, function, number
    (r"\frac{d}{dx} \mathrm{ReLU}(x) = H(x)", [r"H(x) = \mathbb{1}[x > 0]", r"x \ne 0"], {"proved"}),
    (r"\theta_{t+1} = \theta_t - \eta g_t", [], {"undecided"}),                       # an update rule, not a fact
    (r"m_t = \beta m_{t-1} + (1 - \beta) g_t", [], {"undecided"}),
    (r"p_1 = 1 - p_2", [], {"refuted"}),                                              # concrete indices: a claim
    (r"x! = \Gamma(x+1)", [], {"undecided"}),                                        # Γ: gamma, function or number
    (r"\Gamma(x+1) = x \Gamma(x)", [r"\Gamma(x) = (x - 1)!"], {"proved"}),           # the hint's definition works
    (r"\Gamma(x+1) = \Gamma(x)", [r"\Gamma(x) = (x - 1)!"], {"refuted"}),
]


@pytest.mark.parametrize(("latex", "where", "allowed"), MISREADINGS, ids=[m[0][:48] for m in MISREADINGS])
def test_notation_that_was_misread_gets_an_honest_verdict(latex: str, where: list[str], allowed: set[str]) -> None:
    outcome = check(latex, tuple(where)).as_dict()
    assert outcome["verdict"] in allowed, (outcome["verdict"], outcome["detail"])


def test_a_name_before_a_parenthesis_has_two_readings_and_the_detail_says_how_to_choose() -> None:
    found = read_readings(r"\frac{d}{dz} g(z) = g")
    assert len(found.readings) == 2
    outcome = check(r"\frac{d}{dz} g(z) = g").as_dict()
    assert "g \\cdot (…)" in outcome["detail"] and "g: \\mathbb{R} \\to \\mathbb{R}" in outcome["detail"]
    with pytest.raises(AmbiguousNotation):
        read_claim(r"\frac{d}{dz} g(z) = g")


def test_declarations_settle_the_reading() -> None:
    assert check(r"\frac{d}{dz} g(z) = g", (r"g \in \mathbb{R}",)).as_dict()["verdict"] == "proved"
    assert check(r"\frac{d}{dz} g(z) = g(z)", (r"g: \mathbb{R} \to \mathbb{R}",)).as_dict()["verdict"] == "refuted"
    assert check(r"\frac{d}{dz} g(z) = 2z", (r"g(x) = x^2",)).as_dict()["verdict"] == "proved"
    assert check(r"g \cdot (z) = z g", ()).as_dict()["verdict"] == "proved"


def test_a_superscript_letter_is_a_label_where_the_claim_uses_it_as_one() -> None:
    claim = read_claim(r"\frac{\partial C}{\partial w^{l}_{jk}} = a^{l-1}_{k} \delta^{l}_{j}")
    names = {str(b.label) for b in sp.Tuple(claim.lhs, claim.rhs).atoms(sp.IndexedBase)}
    assert {"w^{l}", "a^{l-1}", "delta^{l}"} <= names


def test_a_counterexample_with_concrete_functions_names_the_function() -> None:
    outcome = check(r"\frac{\partial}{\partial w} g(wx+b) = g'(wx+b)").as_dict()
    assert outcome["verdict"] == "refuted" and "g" in outcome["counterexample"]["values"]
    assert set(outcome["counterexample"]["values"]) <= {"g", "b", "w", "x"}


def test_an_implicit_range_is_said_in_words_and_never_named_as_a_value() -> None:
    outcome = check(r"\sum_{i} a_i = \sum_{i} a_i^2").as_dict()
    assert outcome["verdict"] == "refuted"
    assert "n" not in outcome["counterexample"]["values"] and "without limits" in outcome["detail"]


@pytest.mark.parametrize("latex", [r"1.5E3 = 1500", r"4\frac{3}{8} = \frac{35}{8}", r"\overline{a + b} = a",
                                   r"|\mathbf{v}| = 1", r"\sum_{i=1}^{n} (x_i - \bar{x}) = 0",
                                   r"\mathrm{d}x = 1", r"x = 1 \text{ roughly}", r"\sum_x [y \ln a] = 0",
                                   r"a/bc = \frac{a}{bc}", r"1/2 x = \frac{x}{2}", r"x/(1+x)(1-x) = 1",
                                   r"d/dx x^2 = 2x", r"dy/dx = 0", r"g'(x) + g^2(x) = 0"])
def test_notation_without_one_meaning_is_refused(latex: str) -> None:
    with pytest.raises(NotationError):
        read_readings(latex, [r"\mathbf{v} \in \mathbb{R}^{3}"])


@pytest.mark.parametrize(("latex", "said"), [
    (r"a/bc = \frac{a}{bc}", r"a/b c has two readings, (a/b) c and a/(b c): write \frac{a}{b} c or \frac{a}{b c}"),
    (r"d/dx x^2 = 2x", r"a derivative written with a slash (d/dx, dy/dx) is not read: write \frac{d}{dx} f(x)"),
    (r"\lim_{x \to 0} \frac{\sin x}{x} = 1", r"limits \lim_{x \to a} are not read"),
    (r"2^3^2 = 512", r"a^b^c is a double superscript (TeX refuses it): write a^{b^c} or (a^b)^c"),
    (r"\|x\|_2 \ge \|x\|_1", r"\|x\| of x whose shape is not declared: a norm is of a vector"),   # was proved
    (r"\|x\|_2 \le \sqrt{n}\|x\|_\infty", r"declare its size"),                                 # was refuted
    (r"\lVert x + y \rVert \le \lVert x \rVert + \lVert y \rVert", r"or write |x| for a number"),
    (r"x^{2}^{3} = x^6", r"a^b^c is a double superscript (TeX refuses it): write a^{b^c} or (a^b)^c"),
])
def test_a_slash_into_a_product_and_a_limit_are_refused_with_how_to_write_them(latex: str, said: str) -> None:
    with pytest.raises(NotationError, match=re.escape(said)):
        read_readings(latex)
    for fine in (r"(a/b)c = \frac{ac}{b}", r"a/b \cdot c = \frac{ac}{b}", r"x/2 + 1 = \frac{x+2}{2}",
                 r"2^{3^2} = 512", r"(2^3)^2 = 64", r"{x^2}^3 = x^6", r"\left(x^2\right)^3 = x^6",
                 r"|x + y| \le |x| + |y|"):
        assert check(fine).as_dict()["verdict"] == "proved", fine
