"""The layer-level pieces of backprop: every step proved, and each piece equal to its textbook form."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.activations import (
    gelu_tanh_inner,
    gelu_tanh_inner_slope,
    normal_cdf,
    normal_pdf,
    sigmoid,
    step,
    to_elementary,
)
from dlmath.symbolic.calculus.layered import LayerCalculus, a, layer_calculus, y, y_sum, z
from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, NetworkError

COMBOS = list(itertools.product(ACTIVATIONS, COSTS))
IDS = [f"{activation}-{cost}" for activation, cost in COMBOS]

# g'(z) written with a = g(z), as every textbook gives it (ReLU's and the smooth ones' in z: no form in a).
_T = sp.tanh(gelu_tanh_inner(z))
TEXTBOOK_DERIVATIVE = {"sigmoid": a * (1 - a), "tanh": 1 - a**2, "relu": step(z), "identity": sp.Integer(1),
                       "gelu": normal_cdf(z) + z * normal_pdf(z),
                       "gelu-tanh": (1 + _T) / 2 + z * (1 - _T**2) * gelu_tanh_inner_slope(z) / 2,
                       "silu": sigmoid(z) * (1 + z * (1 - sigmoid(z))), "softplus": sigmoid(z)}
IN_Z = {"relu", "gelu", "gelu-tanh", "silu", "softplus"}
# g(z) as elementary functions, an oracle independent of the rule engine and of symbolic.activations.
ELEMENTARY = {"sigmoid": 1 / (1 + sp.exp(-z)), "tanh": sp.tanh(z), "identity": z,
              "gelu": z * (1 + sp.erf(z / sp.sqrt(2))) / 2,
              "gelu-tanh": z * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (z + sp.Rational(44715, 10**6) * z**3))) / 2,
              "silu": z / (1 + sp.exp(-z)), "softplus": sp.log(1 + sp.exp(z))}


def textbook_delta(activation: str, cost: str) -> sp.Expr:
    if cost == "quadratic":
        return (a - y) * TEXTBOOK_DERIVATIVE[activation]
    if cost == "cross-entropy":
        return a - y  # sigmoid outputs: a(1 − a) cancels
    return y_sum * a - y  # softmax: a·Σₖyₖ − y, which is a − y only for targets that sum to 1


def walk(step_: Step) -> list[Step]:
    return [step_] + [s for sub in step_.substeps for s in walk(sub)]


def same(left: sp.Expr, right: sp.Expr) -> bool:
    return sp.simplify(sp.sympify(left) - sp.sympify(right)) == 0


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_every_step_of_the_layer_calculus_is_proved(activation: str, cost: str) -> None:
    calculus = layer_calculus(activation, cost)
    assert isinstance(calculus, LayerCalculus)
    assert (calculus.activation, calculus.cost) == (activation, cost)
    assert len(calculus.steps) >= 5  # three chain-rule pieces, g', and at least one for the output δ
    every = [s for top in calculus.steps for s in walk(top)]
    unproved = [(s.rule, s.latex(), s.verdict) for s in every if not s.proved]
    assert not unproved
    assert all(s.verdict is not None and s.verdict.status == "proved" for s in every)
    assert "SymPy" not in {s.rule for s in every}  # no silent fallback: each piece came from a rule
    assert "oracle" not in {s.rule for s in every}  # the rules never disagreed with sympy.diff


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_activation_derivative_is_the_textbook_form_in_a(activation: str, cost: str) -> None:
    derived = layer_calculus(activation, cost).activation_derivative
    assert same(derived, TEXTBOOK_DERIVATIVE[activation])
    # written with a = g(z), the stable form compiled code evaluates, not with g(z) recomputed
    assert derived.free_symbols <= ({z} if activation in IN_Z else {a})
    head = type(vocabulary.ACTIVATIONS[activation].head(z))
    assert not derived.has(head)  # never g(z) recomputed
    if activation not in IN_Z - {"relu"}:  # the smooth ones' g' has σ, Φ, φ or tanh of z in it
        assert not derived.atoms(sp.Function) - derived.atoms(step)


@pytest.mark.parametrize("activation", [n for n in ACTIVATIONS if n != "relu"])
def test_activation_derivative_agrees_with_sympy_diff_of_the_elementary_function(activation: str) -> None:
    derived = layer_calculus(activation, "quadratic").activation_derivative
    g = ELEMENTARY[activation]
    assert same(to_elementary(sp.sympify(derived).subs(a, g)), sp.diff(g, z))


def test_relu_derivative_is_the_unit_step_away_from_zero() -> None:
    derived = layer_calculus("relu", "quadratic").activation_derivative
    for value, slope in ((sp.Rational(-5, 2), 0), (sp.Rational(-1, 1000), 0), (sp.Rational(1, 1000), 1), (7, 1)):
        assert derived.subs(z, value) == slope == sp.diff(sp.Max(0, z), z).subs(z, value)


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_output_delta_is_the_textbook_form(activation: str, cost: str) -> None:
    delta = layer_calculus(activation, cost).output_delta
    assert same(delta, textbook_delta(activation, cost))
    assert delta.free_symbols <= {a, y, z, y_sum}
    if cost != "softmax-cross-entropy":
        assert y_sum not in delta.free_symbols


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity", "gelu", "gelu-tanh", "silu", "softplus"])
def test_quadratic_delta_is_the_derivative_of_the_cost_in_z(activation: str) -> None:
    g = ELEMENTARY[activation]
    delta = layer_calculus(activation, "quadratic").output_delta
    assert same(to_elementary(sp.sympify(delta).subs(a, g)), sp.diff((g - y) ** 2 / 2, z))


def test_quadratic_relu_delta_is_the_derivative_of_the_cost_away_from_zero() -> None:
    delta = layer_calculus("relu", "quadratic").output_delta
    direct = sp.diff((sp.Max(0, z) - y) ** 2 / 2, z)
    for value in (sp.Rational(-3, 2), sp.Rational(2, 3), 4):
        point = {z: value, y: sp.Rational(1, 3)}
        assert sp.simplify(delta.subs(a, sp.Max(0, value)).subs(point) - direct.subs(point)) == 0


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_cross_entropy_delta_is_the_derivative_of_the_cost_in_z(activation: str) -> None:
    s = ELEMENTARY["sigmoid"]  # the cross-entropy's output layer is a sigmoid whatever the hidden activation
    cost = -(y * sp.log(s) + (1 - y) * sp.log(1 - s))
    delta = layer_calculus(activation, "cross-entropy").output_delta
    assert same(sp.sympify(delta).subs(a, s), sp.diff(cost, z))


def test_softmax_delta_is_the_derivative_of_the_cost_for_any_targets() -> None:
    deltas = [layer_calculus(activation, "softmax-cross-entropy").output_delta for activation in ACTIVATIONS]
    assert all(same(delta, deltas[0]) for delta in deltas)  # the hidden activation plays no part in it
    zs, ys = sp.symbols("z1:4", real=True), sp.symbols("y1:4", real=True)
    total = sum(sp.exp(u) for u in zs)
    cost = -sum(t * sp.log(sp.exp(u) / total) for u, t in zip(zs, ys))
    for k in range(3):
        general = sp.sympify(deltas[0]).subs({a: sp.exp(zs[k]) / total, y: ys[k], y_sum: sum(ys)})
        assert same(general, sp.diff(cost, zs[k]))
    # and the textbook a − y is not it unless the targets sum to 1
    assert not same(sp.sympify(deltas[0]).subs(y_sum, sum(ys)), a - y)
    assert same(sp.sympify(deltas[0]).subs(y_sum, 1), a - y)


def test_chain_rule_pieces_are_weight_input_and_one() -> None:
    w, act, bias = sp.IndexedBase("w", real=True), sp.IndexedBase("a", real=True), sp.IndexedBase("b", real=True)
    j, k = sp.symbols("j k", integer=True, positive=True)
    pieces = layer_calculus("sigmoid", "quadratic").steps[:3]
    assert [p.after for p in pieces] == [w[k, 2], act[2], sp.Integer(1)]
    assert [p.before.variables for p in pieces] == [(act[2],), (w[j, 2],), (bias[j],)]


def test_the_cross_entropy_cancellation_is_a_proved_step_with_its_domain() -> None:
    steps = layer_calculus("tanh", "cross-entropy").steps
    (cancel,) = [s for s in steps if s.rule == "algebra"]
    assert cancel.proved and same(cancel.after, a - y)
    assert set(cancel.conditions) == {a > 0, a < 1}


def test_activation_table_matches_the_networks_names() -> None:
    # the records with a head for the rule engine are exactly the names a network's hidden layers accept
    ACTIVATION = {name: g.head for name, g in vocabulary.ACTIVATIONS.items() if g.head is not None}  # noqa: N806
    assert set(ACTIVATION) == set(ACTIVATIONS)


@pytest.mark.parametrize(("activation", "cost"), [("softsign", "quadratic"), ("sigmoid", "hinge"), ("", "quadratic"),
                                                  ("Sigmoid", "quadratic"), ("sigmoid", "softmax"),
                                                  ("relu", "cross_entropy")])
def test_bad_names_raise_network_error(activation: str, cost: str) -> None:
    with pytest.raises(NetworkError) as info:
        layer_calculus(activation, cost)
    assert (repr(activation) if activation not in ACTIVATIONS else repr(cost)) in str(info.value)
    assert isinstance(info.value, ValueError)
