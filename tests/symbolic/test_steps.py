"""The rule-table differentiator against its oracle, sympy.diff, and the promise that every step is checked."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, softplus, to_elementary
from dlmath.symbolic.calculus.steps import DERIVATIVE_RULES, Step, checked, differentiate, rule_for

x, w, b = sp.symbols("x w b", real=True)

EXPRESSIONS = [
    3 * x**2 + 2 * x + 1,
    1 / (1 + sp.exp(-x)),
    sigmoid(w * x + b),
    sp.tanh(x) ** 2,
    sp.log(x) * x,
    sp.exp(sp.tanh(2 * x)),
    sigmoid(sigmoid(x)),
    sp.log(sigmoid(x)) + sp.log(1 - sigmoid(x)),
    relu(w * x + b) ** 2,
    softplus(sp.tanh(x)),
    sp.sqrt(1 + x**2),
    x / (1 + x**2),
    2**x,
    sp.log(1 + sp.exp(sigmoid(x) * sp.tanh(x))),
    (x**3 - 1) / (x - 2),
]


def walk(step: Step) -> list[Step]:
    return [step] + [s for sub in step.substeps for s in walk(sub)]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=[sp.sstr(e) for e in EXPRESSIONS])
def test_every_rule_agrees_with_sympy_diff_and_every_step_is_proved(expr: sp.Expr) -> None:
    result, step = differentiate(expr, x)
    oracle = to_elementary(sp.diff(expr, x))
    difference = sp.simplify(to_elementary(result) - oracle)
    if difference != 0:  # Piecewise forms of ReLU simplify only at points
        for value in (sp.Rational(-7, 3), sp.Rational(1, 5), sp.Rational(5, 2)):
            point = {x: value, w: sp.Rational(3, 2), b: sp.Rational(-1, 4)}
            assert abs(sp.N((to_elementary(result) - oracle).subs(point), 30)) < 1e-20
    unproved = [s for s in walk(step) if not s.proved]
    assert not unproved, [(s.rule, s.latex(), s.verdict) for s in unproved]
    assert "SymPy" not in {s.rule for s in walk(step)}  # no silent fallback for these heads


def test_missing_rule_falls_back_visibly() -> None:
    result, step = differentiate(sp.atan(x), x)
    assert step.rule == "SymPy" and "no steps" in step.justification
    assert result == sp.diff(sp.atan(x), x)
    assert step.by_fallback and step.proved  # counted as a fallback, and still checked


def test_a_fallback_inside_a_rule_is_one_counted_substep() -> None:
    _, step = differentiate(sp.atan(x) * sp.exp(x), x)
    assert step.rule == "product rule" and [s.rule for s in walk(step) if s.by_fallback] == ["SymPy"]


def test_rules_are_a_table_with_the_identity_they_apply() -> None:
    assert {sigmoid, sp.tanh, sp.exp, sp.log, relu, softplus, sp.erf} <= set(DERIVATIVE_RULES)
    assert {sp.Add, sp.Mul, sp.Pow} <= set(DERIVATIVE_RULES)  # the sum, product and power rules too: no ladder
    for head, rule in DERIVATIVE_RULES.items():
        assert rule.name and rule.identity, head
    assert rule_for(x + w) is DERIVATIVE_RULES[sp.Add] and rule_for(x * w) is DERIVATIVE_RULES[sp.Mul]
    assert rule_for(sigmoid(x)) is DERIVATIVE_RULES[sigmoid] and rule_for(sp.atan(x)).name == "SymPy"


def test_a_false_step_is_not_proved() -> None:
    step = checked("algebra", "wrong on purpose", x**2, x**2 + 1)
    assert step.verdict is not None and step.verdict.status == "refuted" and not step.proved


def test_step_names_the_rule_and_the_inner_function() -> None:
    _, step = differentiate(sigmoid(w * x + b), x)
    assert step.rule == "chain rule" and "w x + b" in step.justification
    assert any(s.rule == "derivative of the sigmoid" for s in walk(step))
