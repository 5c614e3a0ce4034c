"""The hand-written layers against their Jacobians, the compiled gradients and central differences; the kernels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlmath.derivations.catalog.smooth_activations import gelu_tanh_gap
from dlmath.numeric import kernels
from dlmath.numeric.backprop.layers import (
    LAYERS,
    LayerModel,
    dropout_backward,
    dropout_forward,
    dropout_mask,
    log_softmax_backward,
    softmax_backward,
    softmax_jacobian,
)
from dlmath.numeric.compiled.layers import layer_case
from dlmath.numeric.gradcheck import check_gradients, numerical_gradient
from dlmath.symbolic.models import layers as symbolic_layers


def test_the_layer_names_are_the_symbolic_ones() -> None:
    assert LAYERS == symbolic_layers.LAYERS


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("width", [1, 2, 4])
@pytest.mark.parametrize("layer", LAYERS)
def test_compiled_hand_written_and_central_differences_agree(layer: str, width: int, seed: int) -> None:
    result = check_gradients(*layer_case(layer, seed, width, batch=5))
    assert result.passed, result.report()
    assert {check.parameter for check in result.checks} == {"W", "b", "X"}
    counts = {"W": width * width, "b": width, "X": 5 * width}
    assert all(check.checked == counts[check.parameter] for check in result.checks)


def test_the_vector_jacobian_products_are_the_jacobians_transposed() -> None:
    rng = np.random.default_rng(3)
    z, g = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    P = kernels.softmax(z)
    for row in range(6):
        np.testing.assert_allclose(softmax_backward(P[row], g[row]), softmax_jacobian(P[row]).T @ g[row], atol=1e-15)
        log_jacobian = np.eye(4) - np.outer(np.ones(4), P[row])
        np.testing.assert_allclose(log_softmax_backward(P[row], g[row]), log_jacobian.T @ g[row], atol=1e-15)
    # and against central differences of gᵀ softmax(z)
    numeric = numerical_gradient(lambda p: float(np.sum(g * kernels.softmax(p["z"]))), {"z": z})["z"]
    np.testing.assert_allclose(softmax_backward(P, g), numeric, atol=1e-8)


def test_the_wrong_softmax_jacobian_is_not_the_gradient() -> None:
    rng = np.random.default_rng(4)
    z, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    P = kernels.softmax(z)
    numeric = numerical_gradient(lambda p: float(np.sum(g * kernels.softmax(p["z"]))), {"z": z})["z"]
    without_diagonal = -P * np.sum(g * P, axis=1, keepdims=True)
    assert np.abs(without_diagonal - numeric).max() > 0.1


def test_the_softmax_layers_are_stable_at_large_scores() -> None:
    model = LayerModel("log-softmax")
    params = {"W": np.eye(3), "b": np.zeros(3)}
    X = np.array([[1000.0, 999.0, 998.0], [-1000.0, 0.0, 1000.0]])
    _, Y = model.forward(params, X)
    assert np.isfinite(Y).all()
    np.testing.assert_allclose(Y[0], np.array([0.0, -1.0, -2.0]) - math.log(1 + math.exp(-1) + math.exp(-2)))
    G = model.gradient(params, X, np.zeros_like(X))
    assert all(np.isfinite(v).all() for v in G.values())


def test_dropout_keeps_the_expected_output_and_scales_its_gradient() -> None:
    rng = np.random.default_rng(5)
    mask = dropout_mask((20_000, 4), 0.3, rng)
    assert abs(mask.mean() - 0.7) < 0.01
    X = np.ones((20_000, 4))
    assert abs(dropout_forward(X, mask, 0.3).mean() - 1.0) < 0.02  # inverted: E[y] = x
    G = rng.normal(size=X.shape)
    np.testing.assert_array_equal(dropout_backward(G, mask, 0.3), mask * G / 0.7)
    assert (dropout_backward(G, mask, 0.3)[mask == 0] == 0).all()
    with pytest.raises(ValueError, match="rate"):
        dropout_mask((2, 2), 1.0, rng)


def test_the_residual_gradient_has_the_identity_path() -> None:
    """Where the branch saturates (tanh' ≈ 0) ∂C/∂x is still the upstream gradient: g + J_Fᵀ g ≈ g."""
    model = LayerModel("residual")
    params = {"W": np.zeros((3, 3)), "b": np.full(3, 40.0)}  # tanh(40) = 1 to double precision: F is flat
    X, T = np.array([[0.5, -1.0, 2.0]]), np.zeros((1, 3))
    dX = model.gradient(params, X, T)["X"]
    np.testing.assert_allclose(dX, model.forward(params, X)[1] - T)


ZS = np.array([-40.0, -30.0, -8.0, -2.7, -0.5, 0.0, 1e-8, 0.7, 3.0, 30.0])


def test_gelu_kernels_are_the_definition_to_full_precision() -> None:
    exact = np.array([v * 0.5 * math.erfc(-v / math.sqrt(2)) for v in ZS])
    np.testing.assert_allclose(kernels.gelu(ZS), exact, rtol=1e-14, atol=0.0)
    slope = np.array([0.5 * math.erfc(-v / math.sqrt(2)) + v * math.exp(-v * v / 2) / math.sqrt(2 * math.pi)
                      for v in ZS])
    np.testing.assert_allclose(kernels.gelu_derivative(ZS), slope, rtol=1e-14, atol=1e-300)


def test_gelu_tanh_kernel_is_finite_and_accurate_in_the_left_tail() -> None:
    """½z(1 + tanh u) loses every digit for z ≪ 0; z σ(2u) does not."""
    u = math.sqrt(2 / math.pi) * (-8.0 + 0.044715 * (-8.0) ** 3)
    exact = -8.0 / (1 + math.exp(-2 * u))
    assert kernels.gelu_tanh(np.array([-8.0]))[0] == pytest.approx(exact, rel=1e-14)
    assert np.isfinite(kernels.gelu_tanh(ZS)).all() and np.isfinite(kernels.gelu_tanh_derivative(ZS)).all()


def test_silu_kernels() -> None:
    s = np.array([1 / (1 + math.exp(-v)) for v in ZS])
    np.testing.assert_allclose(kernels.silu(ZS), ZS * s, rtol=1e-14)
    np.testing.assert_allclose(kernels.silu_derivative(ZS), s * (1 + ZS * (1 - s)), rtol=1e-13)


def test_the_gelu_tanh_gap_is_measured() -> None:
    gap, where = gelu_tanh_gap()
    assert 4.6e-4 < gap < 4.8e-4 and -2.8 < where < -2.6
    coarse, _ = gelu_tanh_gap(-8.0, 8.0, 1601)
    assert coarse <= gap  # a finer grid never finds less
