"""ISTA: soft-thresholding is the prox of λ‖·‖₁ (against brute force), F decreases, the support is found."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.proximal import ista, lasso_objective, soft_threshold, sparse_regression


@pytest.mark.parametrize("w", [-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 3.2])
def test_soft_threshold_minimises_the_proximal_objective_on_a_fine_grid(w: float) -> None:
    penalty = 1.0
    grid = np.linspace(-5, 5, 200_001)
    brute = grid[np.argmin(0.5 * (grid - w) ** 2 + penalty * np.abs(grid))]
    assert soft_threshold(np.array([w]), penalty)[0] == pytest.approx(brute, abs=1e-4)


def test_wrong_sign_soft_thresholding_is_not_the_minimiser() -> None:
    w, penalty = np.array([2.0, -3.0]), 1.0
    wrong = np.sign(w) * (np.abs(w) + penalty)  # grows instead of shrinking
    objective = 0.5 * (wrong - w) ** 2 + penalty * np.abs(wrong)
    right = soft_threshold(w, penalty)
    assert np.all(0.5 * (right - w) ** 2 + penalty * np.abs(right) < objective)


def test_ista_decreases_the_objective_and_recovers_the_true_support() -> None:
    rng = np.random.default_rng(3)
    X, y, truth = sparse_regression(rng, 100, 120, 5, 0.05)  # exact recovery in 20 of 20 draws of this size
    penalty = 0.1
    run = ista(X, y, penalty, 1500)
    assert np.all(np.diff(run.objectives) <= 1e-12 * (1 + run.objectives[:-1]))
    assert np.array_equal(run.weights != 0, truth != 0)
    assert run.objectives[-1] == pytest.approx(lasso_objective(X, y, run.weights, penalty))
    # the fixed point of the proximal step: w = S(w − η∇L(w))
    gradient = X.T @ (X @ run.weights - y) / len(y)
    again = soft_threshold(run.weights - run.step * gradient, run.step * penalty)
    assert np.abs(again - run.weights).max() < 1e-10
