"""Proximal gradient descent for the lasso (ISTA): a gradient step on the smooth loss, then soft-thresholding.

For F(w) = (1/2m)‖Xw − y‖² + λ‖w‖₁ the step is w ← S_{ηλ}(w − η∇L(w)), where S_τ is the
proximal map of τ‖·‖₁ derived in the catalog (`dlmath derive proximal-l1`): entrywise
sign(v) max(|v| − τ, 0). With η = 1/L, L the Lipschitz constant of ∇L, every step
decreases F (seed 001's ProxGen, without preconditioner).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def soft_threshold(v: np.ndarray, threshold: float) -> np.ndarray:
    """The proximal map of threshold·‖·‖₁: sign(v) max(|v| − threshold, 0), entry by entry."""
    return np.sign(v) * np.maximum(np.abs(v) - threshold, 0.0)


def lasso_objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, penalty: float) -> float:
    """(1/2m)‖Xw − y‖² + penalty·‖w‖₁."""
    residual = X @ w - y
    return float(residual @ residual / (2 * len(y)) + penalty * np.abs(w).sum())


@dataclass(frozen=True)
class IstaRun:
    """ISTA's iterates, summarised: the final weights, F per iteration, the support per iteration."""

    weights: np.ndarray
    objectives: np.ndarray   # F(w_k), k = 0 … iterations
    supports: np.ndarray     # (iterations + 1) × n booleans: w_k ≠ 0
    step: float


def ista(X: np.ndarray, y: np.ndarray, penalty: float, iterations: int, step: float | None = None) -> IstaRun:
    """Proximal gradient descent from w = 0 with step 1/L, L = ‖X‖₂²/m (the largest eigenvalue of XᵀX/m).

    Args:
        X, y: the design matrix (m × n) and the targets (m).
        penalty: λ of the ℓ₁ penalty.
        iterations: how many proximal steps.
        step: η; default 1/L, the largest step with a guaranteed decrease.

    Returns:
        The IstaRun.
    """
    m, n = X.shape
    if step is None:
        step = m / np.linalg.norm(X, 2) ** 2
    w = np.zeros(n)
    objectives, supports = [lasso_objective(X, y, w, penalty)], [w != 0]
    for _ in range(iterations):
        gradient = X.T @ (X @ w - y) / m
        w = soft_threshold(w - step * gradient, step * penalty)
        objectives.append(lasso_objective(X, y, w, penalty))
        supports.append(w != 0)
    return IstaRun(w, np.array(objectives), np.array(supports), float(step))


def sparse_regression(rng: np.random.Generator, samples: int, features: int, nonzero: int,
                      noise: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X with N(0, 1) entries, a true w with `nonzero` entries of size 1 … 2 and random signs, y = Xw + noise."""
    X = rng.standard_normal((samples, features))
    truth = np.zeros(features)
    where = rng.choice(features, size=nonzero, replace=False)
    truth[where] = rng.choice([-1.0, 1.0], size=nonzero) * rng.uniform(1.0, 2.0, size=nonzero)
    return X, X @ truth + noise * rng.standard_normal(samples), truth
