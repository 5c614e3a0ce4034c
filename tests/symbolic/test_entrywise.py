"""The entry-by-entry proof's policy: proved needs the certificate and agreeing numbers, refuted a difference
confirmed at 60 digits, and everything else is undecided."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import symengine as se

from dlmath.symbolic.calculus.layered import a, layer_calculus, y
from dlmath.symbolic.models.networks import Network
from dlmath.symbolic.proofs.backprop_proof import prove_backprop
from dlmath.symbolic.proofs.entrywise import on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Status

w, x = se.symbols("w x")
A, B = se.symbols("A B")
DEFINITIONS = [(A, se.tanh(w * x)), (B, se.exp(x))]  # B and w occur in no entry below
POINTS = [{w: 0.75, x: 0.5}, {w: -1.25, x: 0.375}, {w: 0.5, x: -0.875}]


def prove(derived: se.Basic, direct: se.Basic, **options: object) -> object:
    return prove_entries({"E[0]": (derived, direct)}, DEFINITIONS, POINTS, "in the test", "3 grid points",
                         **options)


def test_a_right_entry_is_proved() -> None:
    proof = prove(A * (x + 1), A * x + A)
    assert proof.verdict().status == Status.PROVED
    assert proof.outcomes[0].certified and proof.outcomes[0].numeric_difference < 1e-12


@pytest.mark.parametrize("exponent", [30, 36])
def test_a_difference_below_float64_but_real_is_not_proved(exponent: int) -> None:
    """Off by 10⁻³⁰·x: float64 sees nothing, there is no certificate, and 60 digits see it."""
    proof = prove(A * x + x / se.Integer(10) ** exponent, A * x)
    outcome = proof.outcomes[0]
    assert outcome.numeric_difference < 1e-15  # float64 alone would call it equal
    assert not outcome.certified
    verdict = proof.verdict()
    assert verdict.status == Status.REFUTED, verdict.detail
    assert float(verdict.counterexample.difference) != 0


def test_a_difference_below_the_confirmation_threshold_is_undecided() -> None:
    """Off by 10⁻⁵⁰·x: no certificate, yet too small to confirm at 60 digits: neither proved nor refuted."""
    verdict = prove(A * x + x / se.Integer(10) ** 50, A * x).verdict()
    assert verdict.status == Status.UNDECIDED, verdict.detail
    assert verdict.counterexample is None


def _cancelling(atom: se.Basic, big: int) -> se.Basic:
    """(atom + big)² − big² − 2·big·atom, which is atom² exactly but not in float64 (nor at 60 digits for 10³⁰)."""
    return (atom + big) ** 2 - big**2 - 2 * big * atom


@pytest.mark.parametrize("big", [10**17, 10**30])
def test_a_float64_disagreement_that_vanishes_at_high_precision_is_not_refuted(big: int) -> None:
    proof = prove(_cancelling(A, big), A**2)
    outcome = proof.outcomes[0]
    assert outcome.numeric_difference > 1e-6  # float64 gets it wrong
    assert outcome.certified
    assert outcome.status == Status.PROVED, outcome.reason  # the certificate holds and the digits agree
    assert outcome.rechecked > 0 and "re-evaluated" in proof.verdict().evidence


@pytest.mark.parametrize("big", [10**17, 10**30])
def test_without_a_certificate_a_float64_only_disagreement_is_undecided(big: int) -> None:
    """Equal numbers, unequal symbols (C is defined as x): no certificate, and no counterexample either."""
    C = se.Symbol("C")
    proof = prove_entries({"E[0]": (_cancelling(C, big), x**2)}, [(C, x)], POINTS, "in the test", "3 grid points")
    outcome = proof.outcomes[0]
    assert outcome.numeric_difference > 1e-6 and not outcome.certified
    assert outcome.status == Status.UNDECIDED, outcome.reason
    assert proof.verdict().counterexample is None


def test_a_counterexample_names_only_symbols_of_the_expressions() -> None:
    proof = prove(A + x, A)
    verdict = proof.verdict()
    assert verdict.status == Status.REFUTED
    assert set(verdict.counterexample.values) == {"A", "x"}  # not w (inside A's definition), not B (unused)
    point = next(p for p in POINTS if float(verdict.counterexample.values["x"]) == p[x])
    assert float(verdict.counterexample.values["A"]) == pytest.approx(np.tanh(point[w] * point[x]), abs=1e-14)
    assert float(verdict.counterexample.difference) == pytest.approx(point[x], abs=1e-14)


def test_a_certificate_the_numbers_contradict_is_not_proved() -> None:
    """The naming claims x is A, but A is defined as tanh(wx): the certificate rests on a false naming."""
    verdict = prove(x, A, naming=lambda side: side.xreplace({x: A})).verdict()
    assert verdict.status == Status.UNDECIDED, verdict.detail
    assert "disagree" in verdict.detail


def test_an_entry_that_cannot_be_evaluated_is_undecided() -> None:
    g = se.Function("g")
    verdict = prove(g(x), g(x)).verdict()  # an undefined g: no certificate, no numbers
    assert verdict.status == Status.UNDECIDED, verdict.detail


def test_grid_values_are_exact_binary_fractions() -> None:
    values = on_grid(np.random.default_rng(0).normal(size=100))
    assert np.all(values * 1024 == np.round(values * 1024))


def test_every_refuted_entry_of_a_wrong_calculus_has_a_confirmed_point() -> None:
    calculus = dataclasses.replace(layer_calculus("sigmoid", "quadratic"), output_delta=a - y)
    proof = prove_backprop(Network((2, 3, 2)), calculus=calculus)
    refuted = [o for o in proof.result.outcomes if o.status == Status.REFUTED]
    assert refuted and all(o.counterexample is not None for o in refuted)
    assert all(float(o.counterexample.difference) != 0 for o in refuted)
    # names are the network's own: weights, inputs, targets and the atoms a (no z or step for σ's δ)
    names = {n for o in refuted for n in o.counterexample.values}
    assert names and all(n[0] in "Wbxya" for n in names), names
