"""The layer-level gradient against direct differentiation of the expanded cost: proved when right, never when wrong."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import step
from dlmath.symbolic.calculus.layered import LayerCalculus, a, layer_calculus, y, y_sum, z
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, Network
from dlmath.symbolic.proofs.backprop_proof import BackpropProof, prove_backprop
from dlmath.symbolic.verify.verdict import Status

COMBOS = list(itertools.product(ACTIVATIONS, COSTS))
TABLE = [((2, 3, 2) if k % 2 else (3, 2, 2), activation, cost) for k, (activation, cost) in enumerate(COMBOS)]
TABLE += [((2, 2, 3, 2), "tanh", "softmax-cross-entropy"), ((2, 3, 2, 2), "relu", "quadratic"),
          ((3, 2, 2, 1), "sigmoid", "cross-entropy"), ((1, 1), "identity", "quadratic"),
          ((2, 1, 3), "relu", "softmax-cross-entropy")]


def _ids(row: tuple[tuple[int, ...], str, str]) -> str:
    return f"{'-'.join(map(str, row[0]))}-{row[1]}-{row[2]}"


@pytest.mark.parametrize(("sizes", "activation", "cost"), TABLE, ids=[_ids(r) for r in TABLE])
def test_the_derived_calculus_is_proved(sizes: tuple[int, ...], activation: str, cost: str) -> None:
    network = Network(sizes, activation, cost)
    proof = prove_backprop(network)
    assert isinstance(proof, BackpropProof)
    assert proof.entries == sum(sizes[k] * sizes[k + 1] + sizes[k + 1] for k in range(len(sizes) - 1))
    assert [p.name for p in proof.parameters] == list(network.shapes())
    assert all(not p.failed and p.max_numeric_difference < 1e-9 for p in proof.parameters)
    verdict = proof.verdict()
    assert verdict.status == Status.PROVED, verdict.detail
    assert f"all {proof.entries} entries" in verdict.detail and network.label in verdict.detail


def test_every_combination_is_in_the_table() -> None:
    assert {(activation, cost) for _, activation, cost in TABLE} == set(COMBOS)
    assert any(len(sizes) >= 4 for sizes, _, _ in TABLE)


def test_the_16_16_16_1_network_is_proved() -> None:
    proof = prove_backprop(Network((16, 16, 16, 1), "sigmoid", "quadratic"))
    assert proof.entries == 16 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    verdict = proof.verdict()
    assert verdict.status == Status.PROVED, verdict.detail
    assert "all 561 entries" in verdict.detail


# ── soundness: a wrong calculus must never be proved ──

def wrong(activation: str, cost: str, **changes: sp.Expr) -> LayerCalculus:
    return dataclasses.replace(layer_calculus(activation, cost), **changes)


WRONG = [
    # (sizes, activation, cost, what is wrong)
    ((2, 3, 2), "sigmoid", "quadratic", {"output_delta": a - y}),                      # δ without g'
    ((2, 3, 2), "tanh", "quadratic", {"output_delta": a - y}),
    ((2, 3, 2), "relu", "quadratic", {"output_delta": a - y}),
    ((2, 3, 2), "sigmoid", "quadratic", {"output_delta": (y - a) * a * (1 - a)}),     # sign error
    ((2, 3, 2), "identity", "quadratic", {"output_delta": y - a}),
    ((2, 3, 2), "sigmoid", "cross-entropy", {"output_delta": y - a}),
    ((2, 3, 2), "tanh", "softmax-cross-entropy", {"output_delta": y - y_sum * a}),
    ((2, 3, 2), "sigmoid", "cross-entropy", {"output_delta": (a - y) * a * (1 - a)}),  # the σ' that cancels, kept
    ((2, 3, 2), "sigmoid", "softmax-cross-entropy", {"output_delta": a - y}),        # targets need not sum to 1
    ((3, 2, 2), "relu", "softmax-cross-entropy", {"output_delta": a - y}),
    ((2, 3, 2), "sigmoid", "quadratic", {"output_delta": (a - y) * a * (1 - a) / 2}),  # a factor off
    ((2, 3, 2), "sigmoid", "quadratic", {"activation_derivative": a * (1 + a)}),       # σ' = a(1 + a)
    ((2, 3, 2), "tanh", "quadratic", {"activation_derivative": 1 - a}),                # tanh' = 1 − a
    ((2, 3, 2), "relu", "quadratic", {"activation_derivative": sp.Integer(1)}),        # ReLU' = 1
    ((2, 3, 2), "identity", "quadratic", {"activation_derivative": sp.Integer(2)}),
    ((2, 3, 2), "sigmoid", "cross-entropy", {"activation_derivative": a * (1 + a)}),
]


# A wrong g' that the output layer does not pin: the hidden layers only (the output is a sigmoid or a
# softmax), or with the output δ made consistent with it. Only the true derivative of the activation can tell.
WRONG_DERIVATIVE = [
    ((2, 3, 2), "tanh", "cross-entropy", {"activation_derivative": 1 - a}),
    ((2, 3, 2), "tanh", "softmax-cross-entropy", {"activation_derivative": 1 - a}),
    ((2, 3, 2), "relu", "cross-entropy", {"activation_derivative": sp.Integer(1)}),
    ((2, 3, 2), "relu", "softmax-cross-entropy", {"activation_derivative": 1 - step(z)}),
    ((2, 3, 2, 2), "tanh", "softmax-cross-entropy", {"activation_derivative": 1 + a**2}),
    ((2, 2, 2, 2), "identity", "cross-entropy", {"activation_derivative": sp.Integer(3)}),
    ((2, 3, 2), "sigmoid", "quadratic",
     {"activation_derivative": a * (1 + a), "output_delta": (a - y) * a * (1 + a)}),
    ((2, 3, 2), "tanh", "quadratic", {"activation_derivative": 1 - a, "output_delta": (a - y) * (1 - a)}),
]


def _wrong_id(row: tuple) -> str:
    sizes, activation, cost, changes = row
    return f"{'-'.join(map(str, sizes))}-{activation}-{cost}:" + ",".join(f"{k}={v}" for k, v in changes.items())


def assert_refuted(sizes: tuple[int, ...], activation: str, cost: str, changes: dict[str, sp.Expr]) -> None:
    proof = prove_backprop(Network(sizes, activation, cost), calculus=wrong(activation, cost, **changes))
    verdict = proof.verdict()
    assert verdict.status != Status.PROVED, verdict.detail
    assert verdict.status == Status.REFUTED, verdict.detail  # the numbers differ too, with the real activations
    assert "entries differ" in verdict.detail
    assert verdict.counterexample is not None and float(verdict.counterexample.difference) != 0  # at 60 digits
    assert "at 60 digits" in verdict.detail


@pytest.mark.parametrize(("sizes", "activation", "cost", "changes"), WRONG, ids=[_wrong_id(r) for r in WRONG])
def test_a_wrong_calculus_is_refuted(sizes: tuple[int, ...], activation: str, cost: str,
                                     changes: dict[str, sp.Expr]) -> None:
    assert_refuted(sizes, activation, cost, changes)


@pytest.mark.parametrize(("sizes", "activation", "cost", "changes"), WRONG_DERIVATIVE,
                         ids=[_wrong_id(r) for r in WRONG_DERIVATIVE])
def test_a_wrong_activation_derivative_is_refuted_even_where_the_output_layer_does_not_use_it(
        sizes: tuple[int, ...], activation: str, cost: str, changes: dict[str, sp.Expr]) -> None:
    assert_refuted(sizes, activation, cost, changes)


def test_the_wrong_calculus_is_not_cached_in_place_of_the_derived_one() -> None:
    network = Network((2, 3, 2), "sigmoid", "quadratic")
    calculus = wrong("sigmoid", "quadratic", output_delta=a - y)
    assert prove_backprop(network, calculus=calculus).verdict().status == Status.REFUTED
    assert prove_backprop(network).verdict().status == Status.PROVED
    assert layer_calculus("sigmoid", "quadratic").output_delta != a - y


# ── the verdict on a subset of the parameters ──

def test_verdict_on_named_parameters_counts_only_those() -> None:
    proof = prove_backprop(Network((2, 3, 2), "tanh", "quadratic"))
    for names, entries in ((("W1",), 6), (("b1",), 3), (("W2", "b2"), 8), (("W1", "b1", "W2", "b2"), 17)):
        verdict = proof.verdict(names)
        assert verdict.status == Status.PROVED and f"all {entries} entries" in verdict.detail, (names, verdict.detail)


def test_verdict_on_named_parameters_of_a_wrong_calculus() -> None:
    calculus = wrong("sigmoid", "quadratic", output_delta=a - y)
    proof = prove_backprop(Network((2, 3, 2), "sigmoid", "quadratic"), calculus=calculus)
    for names, entries in ((("W2",), 6), (("b2",), 2), (("W1", "b1"), 9)):
        verdict = proof.verdict(names)
        assert verdict.status == Status.REFUTED and f"of {entries} entries" in verdict.detail, (names, verdict.detail)
        first = verdict.detail.split("first ")[1]
        assert first.startswith(names[0] + "["), verdict.detail


def test_numeric_evidence_depends_on_points_and_seed() -> None:
    network = Network((2, 3, 2), "sigmoid", "cross-entropy")
    calculus = wrong("sigmoid", "cross-entropy", output_delta=y - a)
    one, other = (prove_backprop(network, points=p, seed=s, calculus=calculus) for p, s in ((1, 0), (4, 7)))
    assert one.points == 1 and other.points == 4
    assert "1 random points" in one.verdict().evidence and "4 random points" in other.verdict().evidence
    assert one.parameters != other.parameters  # other points, other largest differences
    assert one.verdict().status == other.verdict().status == Status.REFUTED


def test_the_calculus_of_another_activation_is_not_proved() -> None:
    """Sigmoid's calculus (σ' = a(1 − a), δ = (a − y)a(1 − a)) is not backprop for a tanh network."""
    network = Network((2, 3, 2), "tanh", "quadratic")
    try:
        verdict = prove_backprop(network, calculus=layer_calculus("sigmoid", "quadratic")).verdict()
    except ValueError:
        return  # refusing a calculus for another activation is sound too
    assert verdict.status != Status.PROVED, verdict.detail


@pytest.mark.parametrize("names", [("w1",), ("W3",), ()], ids=["typo", "no-such-layer", "none"])
def test_verdict_on_no_existing_parameter_is_not_a_proof(names: tuple[str, ...]) -> None:
    """Proving "all 0 entries" proves nothing: a misspelt name must not come back proved."""
    proof = prove_backprop(Network((2, 3, 2), "sigmoid", "quadratic"))
    try:
        verdict = proof.verdict(names)
    except (KeyError, ValueError):
        return  # refusing an unknown name is sound too
    assert verdict.status != Status.PROVED, verdict.detail
