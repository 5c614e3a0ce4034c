"""Activations against independent oracles: SymPy's own calculus on the exp forms."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, softplus, step, to_elementary

x = sp.Symbol("x", real=True)

ORACLES = [
    (sigmoid(x), 1 / (1 + sp.exp(-x))),
    (softplus(x), sp.log(1 + sp.exp(x))),
    (sp.tanh(x), (sp.exp(x) - sp.exp(-x)) / (sp.exp(x) + sp.exp(-x))),
]


@pytest.mark.parametrize(("function", "oracle"), ORACLES)
def test_derivative_matches_sympy_on_the_exp_form(function: sp.Expr, oracle: sp.Expr) -> None:
    ours = to_elementary(sp.diff(function, x))
    assert sp.simplify(ours - sp.diff(oracle, x)) == 0


def test_sigmoid_derivative_is_the_textbook_form() -> None:
    assert sp.diff(sigmoid(x), x) == sigmoid(x) * (1 - sigmoid(x))


def test_relu_derivative_is_the_unit_step_undefined_at_zero() -> None:
    assert sp.diff(relu(x), x) == step(x)
    assert step(sp.Integer(2)) == 1 and step(sp.Integer(-2)) == 0
    assert step(sp.Integer(0)).evalf() == step(sp.Integer(0))  # stays unevaluated: undefined
    assert relu(sp.Integer(-3)) == 0 and relu(sp.Rational(5, 2)) == sp.Rational(5, 2)


@pytest.mark.parametrize(("expr", "latex"), [
    (sigmoid(x), r"\sigma\left(x\right)"),
    (relu(x), r"\operatorname{ReLU}\left(x\right)"),
    (softplus(x), r"\operatorname{softplus}\left(x\right)"),
    (step(x), r"\operatorname{step}\left(x\right)"),
])
def test_prints_like_a_textbook(expr: sp.Expr, latex: str) -> None:
    assert sp.latex(expr) == latex


def test_numeric_values() -> None:
    assert sigmoid(sp.Integer(0)) == sp.Rational(1, 2)
    assert abs(float(sigmoid(sp.Integer(1)).evalf()) - 1 / (1 + math.exp(-1))) < 1e-15
    assert abs(float(softplus(sp.Integer(1)).evalf()) - math.log1p(math.e)) < 1e-15
