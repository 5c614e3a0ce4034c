"""The layers' backward passes and the smooth activations' derivatives: proved when right, refuted when wrong."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import gelu, normal_cdf, normal_pdf, sigmoid, silu, softplus
from dlmath.symbolic.calculus.layered import layer_calculus, z
from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.models.layers import GROUPS, LAYERS, LayerRule, LayerSize, prove_layer
from dlmath.symbolic.models.networks import Network
from dlmath.symbolic.proofs.backprop_proof import prove_backprop
from dlmath.symbolic.verify.verdict import Status

x = sp.Symbol("x", real=True)
ENTRIES = {"softmax": lambda n: n * n + n, "log-softmax": lambda n: n * n + n,
           "residual": lambda n: 2 * n * n + 2 * n, "dropout": lambda n: n * n + n}


@pytest.mark.parametrize("width", [1, 2, 3, 4])
@pytest.mark.parametrize("layer", LAYERS)
def test_the_derived_backward_pass_is_proved(layer: str, width: int) -> None:
    proof = prove_layer(LayerSize(layer, width))
    verdict = proof.verdict()
    assert verdict.status == Status.PROVED, verdict.detail
    assert proof.entries == ENTRIES[layer](width) and f"all {proof.entries} entries" in verdict.detail
    assert [group.name for group in proof.groups] == list(GROUPS[layer])
    assert all(not group.failed and group.max_numeric_difference < 1e-9 for group in proof.groups)


# the textbook slips: each must be refuted, with a counterexample confirmed at 60 digits
WRONG = [
    ("softmax", LayerRule(softmax_diagonal=False), ("J", "x")),      # the Jacobian −p pᵀ, without diag(p)
    ("log-softmax", LayerRule(log_softmax_identity=False), ("J", "x")),
    ("residual", LayerRule(residual_identity=False), ("J", "x")),    # ∂C/∂x = J_Fᵀ g, the identity's g lost
    ("dropout", LayerRule(dropout_scale=False), ("J", "x")),         # m ⊙ g, without the 1/(1 − p)
]


@pytest.mark.parametrize(("layer", "rule", "groups"), WRONG, ids=[w[0] for w in WRONG])
@pytest.mark.parametrize("width", [2, 3])
def test_a_wrong_backward_pass_is_refuted(layer: str, rule: LayerRule, groups: tuple[str, ...], width: int) -> None:
    proof = prove_layer(LayerSize(layer, width), rule=rule)
    for group in groups:
        verdict = proof.verdict((group,))
        assert verdict.status == Status.REFUTED, verdict.detail
        assert "at 60 digits" in verdict.detail and verdict.counterexample is not None
        assert float(verdict.counterexample.difference) != 0
    if layer == "residual":  # the weights' gradient does not use the identity path: still proved
        assert proof.verdict(("W", "b")).status == Status.PROVED


def test_sizes_outside_the_table_are_refused() -> None:
    for size, message in ((LayerSize("softmax", 5), "1 ≤ n ≤ 4"), (LayerSize("softmax", 0), "1 ≤ n ≤ 4"),
                          (LayerSize("batchnorm", 2), "no layer named")):
        with pytest.raises(ValueError, match=message):
            prove_layer(size)


@pytest.mark.parametrize(("claim", "status"), [
    ((sp.Derivative(gelu(x), x), normal_cdf(x) + x * normal_pdf(x)), Status.PROVED),
    ((sp.Derivative(gelu(x), x), normal_cdf(x)), Status.REFUTED),                      # the product rule's x φ lost
    ((sp.Derivative(silu(x), x), sigmoid(x) * (1 + x * (1 - sigmoid(x)))), Status.PROVED),
    ((sp.Derivative(silu(x), x), sigmoid(x)), Status.REFUTED),                         # softplus' slope, not SiLU's
    ((sp.Derivative(softplus(x), x), sigmoid(x)), Status.PROVED),
    ((sp.Derivative(softplus(x), x), sigmoid(x) * (1 - sigmoid(x))), Status.REFUTED),
], ids=["gelu", "gelu-as-phi", "silu", "silu-as-sigma", "softplus", "softplus-as-sigma-prime"])
def test_the_verifier_decides_the_smooth_derivatives(claim: tuple[sp.Expr, sp.Expr], status: Status) -> None:
    assert check(*claim).status == status


@pytest.mark.parametrize(("activation", "wrong"), [("gelu", normal_cdf(z)), ("silu", sigmoid(z)),
                                                   ("softplus", sp.Integer(1)), ("gelu-tanh", normal_cdf(z))],
                         ids=["gelu-as-phi", "silu-as-sigma", "softplus-as-one", "gelu-tanh-as-phi"])
def test_a_wrong_smooth_derivative_is_refuted_in_the_network_proof(activation: str, wrong: sp.Expr) -> None:
    """The hidden layer's g' only: the output δ keeps the right one, so only the hidden weights can tell."""
    calculus = dataclasses.replace(layer_calculus(activation, "softmax-cross-entropy"), activation_derivative=wrong)
    verdict = prove_backprop(Network((2, 3, 2), activation, "softmax-cross-entropy"), calculus=calculus).verdict()
    assert verdict.status == Status.REFUTED, verdict.detail
    assert "at 60 digits" in verdict.detail


@pytest.mark.parametrize("activation", ["gelu", "gelu-tanh", "silu", "softplus"])
def test_the_smooth_activations_networks_are_proved_deeper(activation: str) -> None:
    verdict = prove_backprop(Network((2, 2, 3, 2), activation, "quadratic")).verdict()
    assert verdict.status == Status.PROVED, verdict.detail
