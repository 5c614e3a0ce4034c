"""The numeric kernel tables cover every record, and each kernel computes what its record says."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from dlmath.numeric.vocabulary import COST_KERNELS, KERNELS
from dlmath.symbolic.calculus.vocabulary import (
    ACTIVATIONS,
    COSTS,
    SOFTMAX_CROSS_ENTROPY,
    Activation,
    Cost,
    a,
    y,
    y_sum,
    z,
)

ZS = np.array([[-3.1, -0.4, 0.7, 2.5], [1.3, -2.2, 0.05, -0.9]])  # no entry at ReLU's kink
RNG = np.random.default_rng(7)
TARGETS = RNG.uniform(0.05, 0.95, ZS.shape)


def _at(expr: sp.Expr, **values: np.ndarray) -> np.ndarray:
    """The record's expression entry by entry at the given arrays, evaluated by SymPy to 30 digits."""
    symbols = {"a": a, "z": z, "y": y, "S": y_sum}
    out = np.empty(ZS.shape)
    for index in np.ndindex(ZS.shape):
        point = {symbols[k]: sp.Float(float(v[index]), 30) for k, v in values.items()}
        out[index] = float(sp.sympify(expr).subs(point).evalf(30))
    return out


def test_every_activation_record_has_kernels_and_no_kernel_lacks_a_record() -> None:
    assert set(KERNELS) == set(ACTIVATIONS.values())


def test_every_cost_record_has_kernels_and_no_kernel_lacks_a_record() -> None:
    assert set(COST_KERNELS) == set(COSTS.values())


@pytest.mark.parametrize("g", ACTIVATIONS.values(), ids=lambda g: g.name)
def test_forward_kernel_is_the_elementary_definition(g: Activation) -> None:
    kernels = KERNELS[g]
    assert kernels.source.count("{}") == 1 and kernels.init_gain > 0
    if not g.entrywise:  # softmax: rows of e^z over their sum
        expected = np.exp(ZS) / np.exp(ZS).sum(axis=1, keepdims=True)
    else:
        expected = _at(g.elementary, z=ZS)
    np.testing.assert_allclose(kernels.forward(ZS.copy()), expected, rtol=1e-14, atol=0.0)


@pytest.mark.parametrize("g", ACTIVATIONS.values(), ids=lambda g: g.name)
def test_derivative_kernel_is_the_records_derivative(g: Activation) -> None:
    kernels = KERNELS[g]
    if kernels.derivative is None:  # the backward pass then multiplies by nothing
        assert not g.entrywise or g.derivative == 1
        return
    A = kernels.forward(ZS.copy())
    expected = _at(g.derivative, z=ZS, a=A)
    np.testing.assert_allclose(np.asarray(kernels.derivative(ZS, A), dtype=float), expected, rtol=1e-13, atol=0.0)


@pytest.mark.parametrize("cost", [c for c in COSTS.values() if c.per_unit is not None], ids=lambda c: c.name)
def test_unit_cost_kernels_are_the_records_cost_and_delta(cost: Cost) -> None:
    output = cost.output or ACTIVATIONS["tanh"]  # any activation will do where the network chooses it
    A = KERNELS[output].forward(ZS.copy())
    kernels = COST_KERNELS[cost]
    assert kernels.loss(ZS, A, TARGETS) == pytest.approx(_at(cost.per_unit, a=A, y=TARGETS).sum(), rel=1e-13)
    expected = _at(sp.diff(cost.per_unit, a) if cost.delta is None else cost.delta, a=A, y=TARGETS)
    np.testing.assert_allclose(kernels.delta(A, TARGETS), expected, rtol=1e-13, atol=1e-15)


def test_softmax_cost_kernels_are_the_row_cost_and_its_delta_for_any_weights() -> None:
    cost, kernels = SOFTMAX_CROSS_ENTROPY, COST_KERNELS[SOFTMAX_CROSS_ENTROPY]
    A = KERNELS[cost.output].forward(ZS.copy())
    assert kernels.loss(ZS, A, TARGETS) == pytest.approx(-(TARGETS * np.log(A)).sum(), rel=1e-13)
    S = np.broadcast_to(TARGETS.sum(axis=1, keepdims=True), ZS.shape)
    np.testing.assert_allclose(kernels.delta(A, TARGETS), _at(cost.delta, a=A, y=TARGETS, S=S), rtol=1e-13)
