"""An implicit (fixed-point) layer z* = tanh(W z* + U x + b): the forward solve and two backward passes.

- forward: the iteration z ← tanh(Wz + Ux + b) from z = 0, which converges when ‖W‖₂ < 1 (the
  map is then a contraction, since |tanh'| ≤ 1);
- implicit backward (the implicit function theorem, `dlmath derive implicit-layer`): with
  D = diag(1 − z*²) and J = DW, the gradient of a loss ℓ(z*) with respect to the pre-activation
  is D g where (I − J)ᵀ g = ∇ℓ, so ∂ℓ/∂W = (Dg) z*ᵀ, ∂ℓ/∂U = (Dg) xᵀ, ∂ℓ/∂b = Dg. It stores z* only;
- unrolled backward: backpropagation through K stored iterates (memory grows with K).

Batches are rows: X is (batch, inputs), Z and Y are (batch, hidden), as the other models of the gradient check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.numeric.gradcheck import Arrays, Problem

TOLERANCE = 1e-14      # max |z_{k+1} − z_k| at which the forward iteration stops
MAX_ITERATIONS = 10_000
CONTRACTION = 0.5      # ‖W‖₂ of the gradient check's random layer


class NotConverged(ArithmeticError):
    """The forward iteration did not settle (‖W‖₂ ≥ 1 can make it diverge or cycle)."""


@dataclass(frozen=True)
class FixedPoint:
    z: np.ndarray       # (batch, hidden)
    iterations: int
    residual: float     # max |tanh(Wz + Ux + b) − z| at the returned z


def _injection(params: Arrays, X: np.ndarray) -> np.ndarray:
    return X @ params["U"].T + params["b"]


def solve(params: Arrays, X: np.ndarray, tolerance: float = TOLERANCE, limit: int = MAX_ITERATIONS) -> FixedPoint:
    """z* by the iteration z ← tanh(Wz + Ux + b) from 0, keeping only the current iterate."""
    W, injected = params["W"], _injection(params, X)
    z = np.zeros_like(injected)
    for k in range(1, limit + 1):
        new = np.tanh(z @ W.T + injected)
        step = float(np.abs(new - z).max())
        z = new
        if step <= tolerance:
            return FixedPoint(z, k, float(np.abs(np.tanh(z @ W.T + injected) - z).max()))
    raise NotConverged(f"no fixed point within {limit} iterations (is ‖W‖₂ < 1?)")


def iterate(params: Arrays, X: np.ndarray, iterations: int) -> np.ndarray:
    """z_K after exactly K iterations from 0, keeping only the current iterate (the implicit forward at a budget)."""
    W, injected = params["W"], _injection(params, X)
    z = np.zeros_like(injected)
    for _ in range(iterations):
        z = np.tanh(z @ W.T + injected)
    return z


def cost(params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
    """ℓ = (1/2B) Σ ‖z* − y‖² over the batch."""
    z = solve(params, X).z
    return float(0.5 * np.sum((z - Y) ** 2) / len(X))


def implicit_backward(params: Arrays, X: np.ndarray, z: np.ndarray, grad_z: np.ndarray) -> dict[str, np.ndarray]:
    """∂ℓ/∂W, ∂ℓ/∂U, ∂ℓ/∂b from z* alone: solve (I − DW)ᵀ g = ∇ℓ for each sample, then the pre-activation's D g."""
    W = params["W"]
    slope = 1 - z**2                                       # D, one diagonal per sample: tanh' at the fixed point
    jacobian = slope[:, :, None] * W[None, :, :]           # J = D W, (batch, hidden, hidden)
    system = np.eye(len(W))[None] - np.swapaxes(jacobian, 1, 2)  # (I − J)ᵀ: the transpose is the point
    g = np.linalg.solve(system, grad_z[:, :, None])[:, :, 0]
    pre = slope * g                                        # ∂ℓ/∂a for a = Wz* + Ux + b
    return {"W": pre.T @ z, "U": pre.T @ X, "b": pre.sum(axis=0)}


def implicit_gradient(params: Arrays, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """The gradient of `cost` by the implicit function theorem."""
    z = solve(params, X).z
    return implicit_backward(params, X, z, (z - Y) / len(X))


def unrolled(params: Arrays, X: np.ndarray, Y: np.ndarray, iterations: int) -> tuple[float, dict[str, np.ndarray]]:
    """The cost of z_K after K iterations from z_0 = 0, and its gradient by backprop through all K stored iterates."""
    W, injected = params["W"], _injection(params, X)
    states = [np.zeros_like(injected)]
    for _ in range(iterations):
        states.append(np.tanh(states[-1] @ W.T + injected))
    delta = (states[-1] - Y) / len(X)                      # ∂ℓ/∂z_K
    grad_W, grad_injected = np.zeros_like(W), np.zeros_like(injected)
    for k in range(iterations, 0, -1):
        pre = delta * (1 - states[k] ** 2)                 # ∂ℓ/∂a_k, a_k = W z_{k−1} + Ux + b
        grad_W += pre.T @ states[k - 1]
        grad_injected += pre
        delta = pre @ W                                    # ∂ℓ/∂z_{k−1}: W is shared by every iteration
    loss = float(0.5 * np.sum((states[-1] - Y) ** 2) / len(X))
    return loss, {"W": grad_W, "U": grad_injected.T @ X, "b": grad_injected.sum(axis=0)}


class ImplicitGradients:
    """The gradient check's model: 'compiled' is the implicit (IFT) backward, 'hand-written' the unrolled backprop
    through the forward iteration run to convergence, the reference central differences of the solved cost."""

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return implicit_gradient(params, X, Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return unrolled(params, X, Y, solve(params, X).iterations)[1]

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return cost(params, X, Y)


def random_layer(rng: np.random.Generator, hidden: int, inputs: int,
                 norm: float = CONTRACTION) -> dict[str, np.ndarray]:
    """W with ‖W‖₂ = norm (a contraction for norm < 1), U and b with N(0, 1) entries."""
    W = rng.standard_normal((hidden, hidden))
    return {"W": norm * W / np.linalg.norm(W, 2), "U": rng.standard_normal((hidden, inputs)),
            "b": rng.standard_normal(hidden)}


def implicit_case(seed: int, hidden: int = 5, inputs: int = 3, batch: int = 4) -> tuple[ImplicitGradients, Problem]:
    """A random contracting layer and batch, for `dlmath gradcheck --model implicit`."""
    rng = np.random.default_rng(seed)
    params = random_layer(rng, hidden, inputs)
    X = rng.standard_normal((batch, inputs))
    Y = rng.uniform(-0.9, 0.9, (batch, hidden))
    return ImplicitGradients(), Problem(params, X, Y)
