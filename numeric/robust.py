"""Robust training of a logistic model against perturbations ‖ε‖∞ ≤ c, with the inner maximum in closed form.

The logistic loss ℓ(m) = ln(1 + e^{−m}) of the margin m = s(wᵀx + b), s = ±1, decreases in m,
so the worst perturbation minimises the margin: s wᵀε ≥ −c‖w‖₁ with equality at
ε = −c s sign(w). The robust loss is therefore ℓ(s(wᵀx + b) − c‖w‖₁), convex in (w, b).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .kernels import sigmoid, softplus
from .optim import SGD
from .progress import progress_bar

MAX_BRUTE_DIMENSION = 10  # 2^10 vertices per sample


def logistic_loss(margin: np.ndarray) -> np.ndarray:
    """ln(1 + e^{−m}), without overflow for large |m|."""
    return softplus(-margin)


def robust_margins(w: np.ndarray, b: float, X: np.ndarray, s: np.ndarray, c: float) -> np.ndarray:
    """The worst-case margin of every sample: s(wᵀx + b) − c‖w‖₁."""
    return s * (X @ w + b) - c * np.abs(w).sum()


def worst_perturbation(w: np.ndarray, s: np.ndarray, c: float) -> np.ndarray:
    """ε = −c s sign(w) for each sample (rows): the maximiser of the loss over the ∞-ball."""
    return -c * np.outer(s, np.sign(w))


def brute_force_margins(w: np.ndarray, b: float, X: np.ndarray, s: np.ndarray, c: float) -> np.ndarray:
    """The smallest margin over the 2^d vertices of the ball (a linear function's minimum over a box is at one)."""
    d = len(w)
    if d > MAX_BRUTE_DIMENSION:
        raise ValueError(f"brute force over 2^{d} vertices is too many; use d ≤ {MAX_BRUTE_DIMENSION}")
    vertices = c * np.array(list(itertools.product((-1.0, 1.0), repeat=d)))  # (2^d, d)
    margins = s[:, None] * ((X @ w)[:, None] + vertices @ w + b)  # (n, 2^d)
    return margins.min(axis=1)


def robust_loss(w: np.ndarray, b: float, X: np.ndarray, s: np.ndarray, c: float) -> float:
    """Mean worst-case logistic loss (c = 0: the ordinary logistic loss)."""
    return float(logistic_loss(robust_margins(w, b, X, s, c)).mean())


def robust_gradient(w: np.ndarray, b: float, X: np.ndarray, s: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """∂/∂(w, b) of the mean robust loss; ∂‖w‖₁/∂w = sign(w), the subgradient 0 at w_j = 0."""
    m = robust_margins(w, b, X, s, c)
    weight = -sigmoid(-m)  # ℓ'(m) = −σ(−m)
    grad_w = (X * (weight * s)[:, None]).mean(axis=0) - c * weight.mean() * np.sign(w)
    return grad_w, float((weight * s).mean())


@dataclass(frozen=True)
class LinearModel:
    """A trained logistic model, the radius c it was trained against and its loss per epoch."""

    w: np.ndarray
    b: float
    c_train: float
    losses: tuple[float, ...]


def train_robust(X: np.ndarray, s: np.ndarray, c: float, epochs: int, learning_rate: float,
                 progress: bool = False) -> LinearModel:
    """Full-batch gradient descent on the closed-form robust loss from w = 0, b = 0 (c = 0: standard training)."""
    theta, sgd = {"w": np.zeros(X.shape[1]), "b": np.float64(0.0)}, SGD(learning_rate)
    losses = []
    for _ in progress_bar(range(epochs), f"robust c={c:g}", "epoch", progress, leave=False):
        losses.append(robust_loss(theta["w"], theta["b"], X, s, c))
        grad_w, grad_b = robust_gradient(theta["w"], theta["b"], X, s, c)
        sgd.step(theta, {"w": grad_w, "b": grad_b})
    return LinearModel(theta["w"], float(theta["b"]), c, tuple(losses))


def clean_accuracy(model: LinearModel, X: np.ndarray, s: np.ndarray) -> float:
    """Fraction with s(wᵀx + b) > 0."""
    return float(np.mean(s * (X @ model.w + model.b) > 0))


def worst_case_accuracy(model: LinearModel, X: np.ndarray, s: np.ndarray, c: float) -> float:
    """Fraction still classified correctly under the worst perturbation of size c (robust margin > 0)."""
    return float(np.mean(robust_margins(model.w, model.b, X, s, c) > 0))


def gaussian_clouds(n: int, rng: np.random.Generator, centre: tuple[float, float] = (1.0, 0.3),
                    spread: tuple[float, float] = (0.6, 0.25)) -> tuple[np.ndarray, np.ndarray]:
    """Two axis-aligned elliptical Gaussian clouds at ±centre in 2-D, labels s = ±1, half each."""
    s = np.where(np.arange(n) < n // 2, 1.0, -1.0)
    X = s[:, None] * np.array(centre) + rng.normal(size=(n, 2)) * np.array(spread)
    order = rng.permutation(n)
    return X[order], s[order]
