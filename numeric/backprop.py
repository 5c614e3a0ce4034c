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

RoundFn = Callable[[np.ndarray], np.ndarray]

ACTIVATION: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "identity": lambda z: z,  # no copy: nobody writes into Z or A
    "softmax": softmax,
}


# g'(z) from the forward pass's z and a = g(z) (no need to recompute g); identity has none.
DERIVATIVE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "sigmoid": lambda z, a: sigmoid_derivative(a),
    "tanh": lambda z, a: tanh_derivative(a),
    "relu": lambda z, a: relu_derivative(z),  # ReLU'(0) is undefined and taken as 0 there, like most frameworks
}


def _unrounded(x: np.ndarray) -> np.ndarray:
    return x


def _times_derivative(delta: np.ndarray, activation: str, z: np.ndarray, a: np.ndarray, hook: RoundFn) -> np.ndarray:
    """delta ⊙ g'(z), in place on delta (a fresh array); the hook rounds g'(z) and the product."""
    if activation in DERIVATIVE:
        delta *= hook(DERIVATIVE[activation](z, a))
    return hook(delta)


def forward_unchecked(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray,
                      round_fn: RoundFn | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Zs for layers 1 … L and As with As[0] = X, on already checked arrays.

    round_fn, if given, rounds every tensor as it is made (the bfloat16 experiment's hook); the
    arithmetic then stays in the dtype of params and X (float32 there, float64 everywhere else).
    """
    hook = round_fn or _unrounded
    Zs: list[np.ndarray] = []
    As: list[np.ndarray] = [hook(X)]
    for layer in range(1, network.depth + 1):
        Z = As[-1] @ params[f"W{layer}"].T
        Z += params[f"b{layer}"]
        Zs.append(hook(Z))
        As.append(hook(ACTIVATION[network.activation_of(layer)](Zs[-1])))
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


def _output_delta(network: Network, Z: np.ndarray, A: np.ndarray, Y: np.ndarray, hook: RoundFn) -> np.ndarray:
    """δᴸ = ∂C/∂Zᴸ, a fresh array the backward pass may overwrite."""
    if network.cost == "quadratic":
        return _times_derivative(A - Y, network.output_activation, Z, A, hook)
    if network.cost == "cross-entropy":
        return hook(A - Y)  # σ' cancels against the 1/(a(1−a)) of the cost's derivative
    # ∂/∂z_k of −Σⱼ yⱼ (zⱼ − logsumexp z) is a_k·Σⱼ yⱼ − y_k. This is the exact derivative for any
    # non-negative label weights; the textbook A − Y holds only when every row of Y sums to 1.
    return hook(A * Y.sum(axis=1, keepdims=True) - Y)


def backward_unchecked(network: Network, params: Mapping[str, np.ndarray], Zs: list[np.ndarray],
                       As: list[np.ndarray], Y: np.ndarray, round_fn: RoundFn | None = None) -> dict[str, np.ndarray]:
    """∂C/∂W and ∂C/∂b for every layer by the δ recursion, keys in network order; round_fn as in forward."""
    hook = round_fn or _unrounded
    grads: dict[str, np.ndarray] = {}
    delta = _output_delta(network, Zs[-1], As[-1], Y, hook)
    for layer in range(network.depth, 0, -1):
        grads[f"W{layer}"] = hook(delta.T @ As[layer - 1])
        grads[f"b{layer}"] = hook(delta.sum(axis=0))
        if layer > 1:
            # δˡ⁻¹ = (δˡ Wˡ) ⊙ g'(zˡ⁻¹); the matmul result is new, so ⊙ can work in place.
            delta = _times_derivative(hook(delta @ params[f"W{layer}"]), network.activation, Zs[layer - 2],
                                      As[layer - 1], hook)
    return {name: grads[name] for name in network.shapes()}


def forward(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The forward pass: (Zs for layers 1 … L, As for layers 0 … L with As[0] = X)."""
    params = check_params(network, params)
    X = check_inputs(network, X)
    return forward_unchecked(network, params, X)


def predict(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """The network's outputs aᴸ, one row per sample."""
    return forward(network, params, X)[1][-1]


def loss(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """The cost C summed over the batch."""
    params = check_params(network, params)
    X, Y = check_data(network, X, Y)
    Zs, As = forward_unchecked(network, params, X)
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
    Zs, As = forward_unchecked(network, params, X)
    return backward_unchecked(network, params, Zs, As, Y)


def gradient_unchecked(network: Network, params: Mapping[str, np.ndarray], X: np.ndarray,
                       Y: np.ndarray) -> dict[str, np.ndarray]:
    """`gradient` without validating its inputs: for trainers and benchmarks that checked them once."""
    Zs, As = forward_unchecked(network, params, X)
    return backward_unchecked(network, params, Zs, As, Y)
