"""Hand-written vectorized backprop for a Network, one sample per row.

With the batch in rows the layer equation z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ reads Z = A_prev @ W.T + b.
The cost is summed (not averaged) over the batch, as in symbolic/networks.py, so this gradient
is the exact derivative that the symbolic and compiled gradients are checked against.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from dlmath.numeric.kernels import (log_softmax, relu, relu_derivative, sigmoid, sigmoid_derivative, softmax, softplus,
                                    tanh, tanh_derivative)
from dlmath.numeric.params import check_data, check_inputs, check_params
from dlmath.symbolic.networks import Network

ACTIVATION: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "identity": lambda z: z,  # no copy: nobody writes into Z or A
    "softmax": softmax,
}


def _times_sigmoid_derivative(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta ⊙= σ(z)(1 − σ(z)), with a = σ(z)."""
    delta *= sigmoid_derivative(a)


def _times_tanh_derivative(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta ⊙= 1 − tanh²(z), with a = tanh(z)."""
    delta *= tanh_derivative(a)


def _times_relu_derivative(delta: np.ndarray, z: np.ndarray, a: np.ndarray) -> None:
    """delta ⊙= [z > 0]; ReLU'(0) is undefined and taken as 0 there, like most frameworks."""
    delta *= relu_derivative(z)


# delta ⊙= g'(z) in place, reusing a = g(z) from the forward pass instead of recomputing g.
TIMES_DERIVATIVE: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], None]] = {
    "sigmoid": _times_sigmoid_derivative,
    "tanh": _times_tanh_derivative,
    "relu": _times_relu_derivative,
    "identity": lambda delta, z, a: None,
}


def _forward(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Zs for layers 1 … L and As with As[0] = X, on already checked arrays."""
    Zs: list[np.ndarray] = []
    As: list[np.ndarray] = [X]
    for layer in range(1, network.depth + 1):
        Z = As[-1] @ params[f"W{layer}"].T
        Z += params[f"b{layer}"]
        Zs.append(Z)
        As.append(ACTIVATION[network.activation_of(layer)](Z))
    return Zs, As


def _cost(network: Network, Z: np.ndarray, A: np.ndarray, Y: np.ndarray) -> float:
    """The cost summed over the batch, from the output layer's Z and A."""
    if network.cost == "quadratic":
        diff = A - Y
        return 0.5 * float(np.vdot(diff, diff))
    if network.cost == "cross-entropy":
        # −[y ln σ(z) + (1−y) ln(1−σ(z))] = softplus(z) − y·z, and logaddexp(0, z) = softplus(z)
        # never overflows, so saturated outputs (|z| ≈ 800) give an exact finite cost, not inf.
        return float(softplus(Z).sum() - np.vdot(Y, Z))
    return -float(np.vdot(Y, log_softmax(Z)))


def _output_delta(network: Network, Z: np.ndarray, A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """δᴸ = ∂C/∂Zᴸ, a fresh array the backward pass may overwrite."""
    if network.cost == "quadratic":
        delta = A - Y
        TIMES_DERIVATIVE[network.output_activation](delta, Z, A)
        return delta
    if network.cost == "cross-entropy":
        return A - Y  # σ' cancels against the 1/(a(1−a)) of the cost's derivative
    # ∂/∂z_k of −Σⱼ yⱼ (zⱼ − logsumexp z) is a_k·Σⱼ yⱼ − y_k. This is the exact derivative for any
    # non-negative label weights; the textbook A − Y holds only when every row of Y sums to 1.
    return A * Y.sum(axis=1, keepdims=True) - Y


def _backward(
    network: Network, params: Mapping[str, np.ndarray], Zs: list[np.ndarray], As: list[np.ndarray], Y: np.ndarray
) -> dict[str, np.ndarray]:
    """∂C/∂W and ∂C/∂b for every layer by the δ recursion, keys in network order."""
    L = network.depth
    grads: dict[str, np.ndarray] = {}
    delta = _output_delta(network, Zs[-1], As[-1], Y)
    for layer in range(L, 0, -1):
        grads[f"W{layer}"] = delta.T @ As[layer - 1]
        grads[f"b{layer}"] = delta.sum(axis=0)
        if layer > 1:
            # δˡ⁻¹ = (δˡ Wˡ) ⊙ g'(zˡ⁻¹); the matmul result is new, so ⊙ can work in place.
            delta = delta @ params[f"W{layer}"]
            TIMES_DERIVATIVE[network.activation](delta, Zs[layer - 2], As[layer - 1])
    return {name: grads[name] for name in network.shapes()}


def forward(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The forward pass: (Zs for layers 1 … L, As for layers 0 … L with As[0] = X)."""
    params = check_params(network, params)
    X = check_inputs(network, X)
    return _forward(network, params, X)


def predict(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """The network's outputs aᴸ, one row per sample."""
    return forward(network, params, X)[1][-1]


def loss(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """The cost C summed over the batch."""
    params = check_params(network, params)
    X, Y = check_data(network, X, Y)
    Zs, As = _forward(network, params, X)
    return _cost(network, Zs[-1], As[-1], Y)


def gradient(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """The exact gradient of the summed cost, with the same keys as params (W1, b1, W2, b2, …).

    Args:
        network: sizes, hidden activation and cost.
        params: W1, b1, … with the shapes of `network.shapes()`.
        X: inputs, shape (batch, n₀). Y: targets, shape (batch, n_L).

    Returns:
        ∂C/∂W1, ∂C/∂b1, … as float64 arrays shaped like the parameters.
    """
    params = check_params(network, params)
    X, Y = check_data(network, X, Y)
    Zs, As = _forward(network, params, X)
    return _backward(network, params, Zs, As, Y)


def gradient_unchecked(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray,
                       Y: np.ndarray) -> dict[str, np.ndarray]:
    """`gradient` without validating its inputs: for trainers and benchmarks that checked them once."""
    Zs, As = _forward(network, params, X)
    return _backward(network, params, Zs, As, Y)
