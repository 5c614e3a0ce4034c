"""The implicit layer: the fixed-point solve, the IFT backward against unrolled backprop and central differences."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.gradcheck import check_gradients, numerical_gradient
from dlmath.numeric.implicit import NotConverged, cost, implicit_case, implicit_gradient, random_layer, solve, unrolled


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_three_gradients_agree(seed: int) -> None:
    result = check_gradients(*implicit_case(seed))
    assert result.passed, result.report()


def test_the_fixed_point_solves_its_equation() -> None:
    _, problem = implicit_case(4)
    found = solve(problem.params, problem.X)
    p = problem.params
    assert found.residual < 1e-14
    assert np.abs(np.tanh(found.z @ p["W"].T + problem.X @ p["U"].T + p["b"]) - found.z).max() < 1e-14


def test_unrolled_backprop_tends_to_the_implicit_gradient_as_the_iterations_grow() -> None:
    _, problem = implicit_case(5)
    exact = implicit_gradient(problem.params, problem.X, problem.Y)
    errors = [max(np.abs(unrolled(problem.params, problem.X, problem.Y, k)[1][n] - exact[n]).max() for n in exact)
              for k in (2, 5, 10, 40)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 1e-12 < errors[0]


def test_the_gradient_without_the_transpose_is_wrong() -> None:
    _, problem = implicit_case(6)
    p, X, Y = problem.params, problem.X, problem.Y
    z = solve(p, X).z
    slope = 1 - z**2
    jacobian = slope[:, :, None] * p["W"][None]
    untransposed = np.linalg.solve(np.eye(len(p["W"]))[None] - jacobian, ((z - Y) / len(X))[:, :, None])[:, :, 0]
    wrong_W = (slope * untransposed).T @ z
    reference = numerical_gradient(lambda q: cost(q, X, Y), p)["W"]
    assert np.abs(implicit_gradient(p, X, Y)["W"] - reference).max() < 1e-8
    assert np.abs(wrong_W - reference).max() > 1e-4


def test_a_layer_that_does_not_contract_is_reported() -> None:
    rng = np.random.default_rng(0)
    params = random_layer(rng, 6, 2, norm=30.0)
    params["b"] = np.zeros(6)
    with pytest.raises(NotConverged):
        solve(params, rng.standard_normal((3, 2)), limit=200)
