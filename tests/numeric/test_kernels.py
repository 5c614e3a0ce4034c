"""The stable activation kernels: finite where the textbook forms overflow, and equal to them elsewhere."""

from __future__ import annotations

import numpy as np

from dlmath.numeric import kernels


def test_sigmoid_keeps_full_precision_far_below_zero_and_float32_stays_float32() -> None:
    assert kernels.sigmoid(np.array([-30.0]))[0] == np.exp(-30.0) / (1.0 + np.exp(-30.0))
    assert kernels.sigmoid(np.zeros(2, dtype=np.float32)).dtype == np.float32


def test_derivatives_from_the_output_match_central_differences() -> None:
    z = np.linspace(-3.0, 3.0, 13)
    h = 1e-6
    for forward, derivative in ((kernels.sigmoid, kernels.sigmoid_derivative), (kernels.tanh, kernels.tanh_derivative)):
        numerical = (forward(z + h) - forward(z - h)) / (2 * h)
        np.testing.assert_allclose(derivative(forward(z)), numerical, rtol=1e-8)
    np.testing.assert_array_equal(kernels.relu_derivative(np.array([-1.0, 0.0, 2.0])), [False, False, True])


def test_softplus_and_softmax_do_not_overflow() -> None:
    np.testing.assert_array_equal(kernels.softplus(np.array([800.0, -800.0])), [800.0, 0.0])
    z = np.array([[1000.0, 1000.0 + np.log(3.0)]])
    np.testing.assert_allclose(kernels.softmax(z), [[0.25, 0.75]])
    np.testing.assert_allclose(kernels.log_softmax(z), np.log([[0.25, 0.75]]))
