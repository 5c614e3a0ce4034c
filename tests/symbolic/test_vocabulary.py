"""The activation and cost records: complete, self-consistent, and the only spelling of each name."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.activations import to_elementary
from dlmath.symbolic.calculus.vocabulary import ACTIVATIONS, COSTS, a, y, y_sum, z
from dlmath.symbolic.models import networks
from dlmath.symbolic.proofs.backprop_proof import true_derivative

POINTS = (sp.Rational(-31, 10), sp.Rational(-2, 5), sp.Rational(7, 10), sp.Rational(5, 2))  # none at a kink
ENTRYWISE = [g for g in ACTIVATIONS.values() if g.entrywise]


def test_each_record_is_filed_under_its_own_name() -> None:
    assert all(name == g.name for name, g in ACTIVATIONS.items())
    assert all(name == c.name for name, c in COSTS.items())


def test_the_networks_names_are_the_records() -> None:
    assert networks.ACTIVATIONS == tuple(name for name, g in ACTIVATIONS.items() if g.hidden)
    assert networks.COSTS == tuple(COSTS)
    assert all(c.output is None or c.output in ACTIVATIONS.values() for c in COSTS.values())


@pytest.mark.parametrize("name", networks.ACTIVATIONS)
def test_a_hidden_activation_has_every_fact_a_layer_needs(name: str) -> None:
    g = ACTIVATIONS[name]
    assert g.entrywise and g.elementary is not None and g.derivative is not None and g.latex
    assert g.derivative.free_symbols <= {a, z}
    assert g.elementary.free_symbols == {z} or g.elementary == z


@pytest.mark.parametrize("g", ENTRYWISE, ids=lambda g: g.name)
def test_the_textbook_derivative_is_proved_against_the_elementary_definition(g: vocabulary.Activation) -> None:
    assert true_derivative(g) == g.derivative  # LemmaFailed otherwise


@pytest.mark.parametrize("g", ENTRYWISE, ids=lambda g: g.name)
def test_the_head_and_the_elementary_definition_agree(g: vocabulary.Activation) -> None:
    for value in POINTS:
        head = to_elementary(sp.sympify(g.head(z))).subs(z, value)
        assert abs(float(head.evalf(30)) - float(g.elementary.subs(z, value).evalf(30))) < 1e-25


@pytest.mark.parametrize("cost", [c for c in COSTS.values() if c.per_unit is not None], ids=lambda c: c.name)
def test_a_unit_cost_is_written_in_a_and_y_and_its_delta_is_its_derivative(cost: vocabulary.Cost) -> None:
    assert cost.per_unit.free_symbols == {a, y}
    if cost.delta is None:
        return  # δᴸ = ∂C/∂a · g'(z) for the network's own g: nothing cancels
    output = cost.output
    assert output is not None and output.entrywise and cost.cancellation and cost.domain
    chained = sp.diff(cost.per_unit, a) * output.derivative
    assert sp.simplify(chained - cost.delta) == 0
    assert sp.simplify(cost.delta.subs(a, output.elementary)
                       - sp.diff(cost.per_unit.subs(a, output.elementary), z)) == 0


def test_the_softmax_cost_has_its_row_delta_and_non_negative_targets() -> None:
    cost = vocabulary.SOFTMAX_CROSS_ENTROPY
    assert cost.output is vocabulary.SOFTMAX and not cost.output.entrywise and cost.per_unit is None
    assert cost.delta.free_symbols == {a, y, y_sum}
    assert (cost.targets.low, cost.targets.high, cost.targets.distributions) == (0.0, None, True)


@pytest.mark.parametrize("cost", COSTS.values(), ids=lambda c: c.name)
def test_targets_bounds_are_ordered(cost: vocabulary.Cost) -> None:
    low, high = cost.targets.low, cost.targets.high
    assert low is None or high is None or low < high
    assert (low is None and high is None) or cost.targets.meaning
