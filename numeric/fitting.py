"""Small fitters for the seeds' one-parameter, linear and one-hidden-layer experiments (seeds 002 and 004).

- the slope through the origin: closed form Σxy/Σx² and the descent m ← m − η·MSE'(m);
- logistic regression by gradient descent on the mean negative log-likelihood, gradient (p − c)(x, y, 1);
- one hidden layer of sigmoids with an identity output: the hidden layer by Adam, the output layer solved
  exactly by least squares at every step (variable projection), and exact interpolation of n points by n units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.numeric.kernels import sigmoid, sigmoid_derivative, softplus
from dlmath.numeric.optim import SGD, Adam


def closed_form_slope(x: np.ndarray, y: np.ndarray) -> float:
    """m* = Σxᵢyᵢ / Σxᵢ², the minimiser of MSE(m) = mean (yᵢ − m xᵢ)²."""
    return float(np.dot(x, y) / np.dot(x, x))


def mse(m: float | np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """MSE(m) = (1/n) Σ (yᵢ − m xᵢ)² for one slope or an array of slopes."""
    m = np.asarray(m, dtype=np.float64)
    return np.mean((y[None, :] - m.reshape(-1, 1) * x[None, :]) ** 2, axis=1).reshape(m.shape)


def slope_descent(x: np.ndarray, y: np.ndarray, *, start: float, rate: float, steps: int) -> np.ndarray:
    """The iterates m₀ … m_K of m_{k+1} = m_k − η·MSE'(m_k), MSE'(m) = −(2/n) Σ xᵢ(yᵢ − m xᵢ)."""
    iterates = [float(start)]
    for _ in range(steps):
        m = iterates[-1]
        iterates.append(m - rate * float(-2.0 * np.mean(x * (y - m * x))))
    return np.array(iterates)


@dataclass(frozen=True)
class LogisticFit:
    """p = σ(w·(x, y) + b), and the mean negative log-likelihood after every step (index 0: the start)."""

    weights: np.ndarray
    bias: float
    costs: tuple[float, ...]

    def probability(self, X: np.ndarray) -> np.ndarray:
        """p for every row of X."""
        return sigmoid(X @ self.weights + self.bias)


def _nll(z: np.ndarray, c: np.ndarray) -> float:
    """Mean of −(c ln p + (1−c) ln(1−p)) with p = σ(z), in the stable log-sum-exp form."""
    return float(np.mean(c * softplus(-z) + (1.0 - c) * softplus(z)))


def logistic_regression(X: np.ndarray, c: np.ndarray, *, steps: int, rate: float) -> LogisticFit:
    """Full-batch gradient descent from zero on the mean NLL; each step θ ← θ − η·mean((p − c)(x, y, 1))."""
    c = np.asarray(c, dtype=np.float64).reshape(-1)
    theta, sgd = {"weights": np.zeros(X.shape[1]), "bias": np.float64(0.0)}, SGD(rate)
    costs = [_nll(X @ theta["weights"] + theta["bias"], c)]
    for _ in range(steps):
        residual = sigmoid(X @ theta["weights"] + theta["bias"]) - c  # p − c: the derived gradient's common factor
        sgd.step(theta, {"weights": X.T @ residual, "bias": residual.sum()}, summed_over=len(c))
        costs.append(_nll(X @ theta["weights"] + theta["bias"], c))
    weights, bias = theta["weights"], float(theta["bias"])
    return LogisticFit(weights, bias, tuple(costs))


@dataclass(frozen=True)
class HiddenLayerFit:
    """f(x) = Σⱼ βⱼ σ(wⱼ x + bⱼ) + η on the real line, and the mean squared error after every step."""

    w: np.ndarray
    b: np.ndarray
    beta: np.ndarray
    eta: float
    losses: tuple[float, ...]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(np.outer(x, self.w) + self.b) @ self.beta + self.eta


def _output_layer(H: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, float]:
    """The least-squares output weights β and bias η for hidden activations H (rows = points)."""
    solution = np.linalg.lstsq(np.column_stack([H, np.ones(len(H))]), target, rcond=None)[0]
    return solution[:-1], float(solution[-1])


def fit_hidden_layer(x: np.ndarray, target: np.ndarray, units: int, *, steps: int, rate: float,
                     rng: np.random.Generator) -> HiddenLayerFit:
    """Fit one hidden layer of `units` sigmoids (identity output) to target(x) by mean squared error.

    The output layer is linear in (β, η), so it is solved exactly at every step; the hidden (w, b) then
    follow Adam on the reduced loss, whose gradient is the partial one at the optimal β (envelope theorem).
    Units start as ramps of random sign and slope 2·units·U(½, 3/2) centred evenly across the data.
    """
    centres = np.quantile(x, (np.arange(units) + 0.5) / units)
    w = rng.choice([-1.0, 1.0], size=units) * 2.0 * units * rng.uniform(0.5, 1.5, size=units)
    b = -w * centres
    hidden = {"w": w, "b": b}
    adam = Adam(hidden, rate, eps=1e-12)
    losses = []
    for _ in range(steps):
        H = sigmoid(np.outer(x, hidden["w"]) + hidden["b"])
        beta, eta = _output_layer(H, target)
        residual = H @ beta + eta - target
        losses.append(float(0.5 * np.mean(residual**2)))
        common = (residual[:, None] * sigmoid_derivative(H)) * beta  # ∂(½ r²)/∂z_j per point
        adam.step(hidden, {"w": np.mean(common * x[:, None], axis=0), "b": np.mean(common, axis=0)})
    w, b = hidden["w"], hidden["b"]
    beta, eta = _output_layer(sigmoid(np.outer(x, w) + b), target)
    return HiddenLayerFit(w, b, beta, eta, tuple(losses))


@dataclass(frozen=True)
class Interpolant:
    """n sigmoid units σ(k(x − tⱼ)) with output weights β solving S β = g exactly, S_ij = σ(k(xᵢ − tⱼ))."""

    gain: float
    thresholds: np.ndarray
    beta: np.ndarray
    condition: float  # of S, in the 2-norm
    residual: float   # max |S β − g| at the points

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(self.gain * (np.asarray(x)[:, None] - self.thresholds)) @ self.beta


def interpolate(points: np.ndarray, values: np.ndarray, gain: float) -> Interpolant:
    """The finite-support theorem with sigmoids: n distinct points, n units, output weights from S β = g.

    Thresholds as in the staircase construction (t₁ below every point, then the midpoints), so S is
    close to the lower-triangular matrix of ones and well conditioned for a large gain k.
    """
    order = np.argsort(points)
    xs, g = np.asarray(points, dtype=np.float64)[order], np.asarray(values, dtype=np.float64)[order]
    if np.any(np.diff(xs) <= 0):
        raise ValueError("exact interpolation needs distinct points")
    cuts = np.concatenate([[xs[0] - 1.0], (xs[:-1] + xs[1:]) / 2])
    S = sigmoid(gain * (xs[:, None] - cuts[None, :]))
    beta = np.linalg.solve(S, g)
    return Interpolant(float(gain), cuts, beta, float(np.linalg.cond(S)), float(np.max(np.abs(S @ beta - g))))
