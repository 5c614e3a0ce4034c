"""BP1–BP4 and the depth induction with symbolic widths: proved for the vocabulary, wrong twins refuted."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from dlmath.symbolic.calculus.vocabulary import QUADRATIC
from dlmath.symbolic.proofs import backprop_general as bg
from dlmath.symbolic.proofs.chain_rule import CHAIN_RULE, chain_rule_verdict
from dlmath.symbolic.verify.indexed import GENERAL, GENERAL_ABSTRACT
from dlmath.symbolic.verify.verdict import Status

CASES = [("sigmoid", "quadratic"), ("tanh", "cross-entropy"), ("relu", "softmax-cross-entropy"), ("g", "quadratic")]


@pytest.mark.parametrize(("activation", "cost"), CASES)
def test_every_piece_is_proved_for_every_size(activation: str, cost: str) -> None:
    proof = bg.prove_general_backprop(activation, cost)
    assert [p.name for p in proof.pieces] == ["BP1", "BP2", "BP3", "BP4", "the depth step"]
    assert proof.general
    for piece in proof.pieces:
        assert "is proved for every" in piece.sentence or "by induction" in piece.sentence, piece.sentence
    # the inner derivatives are the verifier's general-n certificates, not assumed
    bp2 = proof.piece("BP2")
    general = GENERAL_ABSTRACT if activation == "g" else GENERAL
    assert [s.verdict.method for s in bp2.steps] == [CHAIN_RULE, general, general]
    assert "lemma, cited" in bp2.sentence and "chain rule over the family $z^{(l+1)}$" in bp2.sentence
    assert proof.piece("the depth step").steps[0].verdict.method == bg.INDUCTION


@pytest.mark.parametrize("activation", ["sigmoid", "g"])
def test_the_recursion_with_its_wrong_twins(activation: str) -> None:
    g = bg.unit(activation)
    right = bg.recursion(g)
    transposed = sp.Sum(bg.W_NEXT[bg.j, bg.k] * bg.DELTA_NEXT[bg.k], (bg.k, 1, bg.N_NEXT)) * g.slope(bg.Z[bg.j])
    no_slope = sp.Sum(bg.W_NEXT[bg.k, bg.j] * bg.DELTA_NEXT[bg.k], (bg.k, 1, bg.N_NEXT))
    assert right.verdict().status == Status.PROVED
    assert replace(right, after=transposed).verdict().status == Status.REFUTED
    assert replace(right, after=no_slope).verdict().status == Status.REFUTED
    inner = bg.inner_derivative(g)
    assert replace(inner, after=bg.W_NEXT[bg.j, bg.k] * g.slope(bg.Z[bg.j])).verdict().status == Status.REFUTED
    assert replace(inner, after=bg.W_NEXT[bg.k, bg.j]).verdict().status == Status.REFUTED


def test_bp4_with_the_layers_own_activations_is_refuted() -> None:
    right = bg.parameter_gradient(bg.W[bg.j, bg.k])
    assert right.verdict().status == Status.PROVED
    own = sp.IndexedBase("a^{(l)}", real=True)
    assert replace(right, after=bg.DELTA[bg.j] * own[bg.k]).verdict().status == Status.REFUTED
    bias = bg.parameter_gradient(bg.B[bg.j])
    assert replace(bias, after=bg.DELTA[bg.k]).verdict().status != Status.PROVED


def test_quadratic_bp1_with_y_minus_a_is_refuted() -> None:
    g = bg.unit("sigmoid")
    *_, (_, _, delta) = bg.output_statements(QUADRATIC, g)
    activated = g.head(bg.Z_OUT[bg.j])
    assert delta.verdict().status == Status.PROVED
    wrong = (bg.Y[bg.j] - activated) * g.slope(bg.Z_OUT[bg.j])
    assert replace(delta, after=wrong).verdict().status == Status.REFUTED


def test_the_chain_rule_instance_with_the_wrong_family_length_is_not_proved() -> None:
    g = bg.unit("sigmoid")
    wrong = sp.Sum(bg.DELTA_NEXT[bg.k] * sp.Derivative(bg.next_pre_activation(g), bg.Z[bg.j]), (bg.k, 1, bg.N))
    verdict = chain_rule_verdict("z^{(l+1)}", "n_{l+1}", wrong, bg.DELTA_NEXT, bg._next_layer(g))
    assert verdict.status == Status.UNDECIDED


def test_an_unproved_piece_says_it_is_checked_at_the_given_size_only() -> None:
    proof = bg.prove_general_backprop("sigmoid", "quadratic")
    bp2 = proof.piece("BP2")
    broken = replace(bp2, steps=(*bp2.steps[:-1], replace(bp2.steps[-1], verdict=replace(
        bp2.steps[-1].verdict, status=Status.UNDECIDED))))
    assert not broken.general
    assert "not proved for every size" in broken.sentence and "checked at the given size only" in broken.sentence
    assert bg._induction(proof.piece("BP1"), broken).steps[0].verdict.status == Status.UNDECIDED


def test_a_user_types_the_general_derivatives() -> None:
    from dlmath.symbolic.notation.reading import read_claim
    from dlmath.symbolic.verify.engine import verify

    claims = [(r"\frac{\partial}{\partial w_{jk}} \sum_{i=1}^{n} w_{ji} a_i = a_k", (r"1 \le k \le n",)),
              (r"\frac{\partial}{\partial z_j} \sum_{i=1}^{n} w_{ki} g(z_i) = w_{kj} g'(z_j)", (r"1 \le j \le n",)),
              (r"\frac{\partial}{\partial z_j} \frac{1}{2} \sum_{i=1}^{n} (\sigma(z_i) - y_i)^2 = "
               r"(\sigma(z_j) - y_j) \sigma(z_j)(1 - \sigma(z_j))", (r"1 \le j \le n",))]
    for latex, where in claims:
        assert verify(read_claim(latex, where=where)).status == Status.PROVED, latex
    wrong = r"\frac{\partial}{\partial z_j} \sum_{i=1}^{n} w_{ki} g(z_i) = w_{jk} g'(z_j)"
    assert verify(read_claim(wrong, where=(r"1 \le j \le n",))).status == Status.REFUTED
