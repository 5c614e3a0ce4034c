"""Hand-written vectorized backprop for a Network, one sample per row.

With the batch in rows the layer equation z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ reads Z = A_prev @ W.T + b.
The cost is summed (not averaged) over the batch, as in symbolic/models/networks.py, so this gradient
is the exact derivative that the symbolic and compiled gradients are checked against.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from dlmath.numeric.params import check_data, check_inputs, check_params
from dlmath.numeric.vocabulary import COST_KERNELS, KERNELS
from dlmath.symbolic.calculus.vocabulary import Activation
from dlmath.symbolic.models.networks import Network

RoundFn = Callable[[np.ndarray], np.ndarray]


def _unrounded(x: np.ndarray) -> np.ndarray:
    return x


def _times_derivative(delta: np.ndarray, activation: Activation, z: np.ndarray, a: np.ndarray,
                      hook: RoundFn) -> np.ndarray:
    """delta ⊙ g'(z), in place on delta (a fresh array); the hook rounds g'(z) and the product."""
    derivative = KERNELS[activation].derivative
    if derivative is not None:  # identity: g' = 1
        delta *= hook(derivative(z, a))
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
        As.append(hook(KERNELS[network.activation_of(layer)].forward(Zs[-1])))
    return Zs, As


def _output_delta(network: Network, Z: np.ndarray, A: np.ndarray, Y: np.ndarray, hook: RoundFn) -> np.ndarray:
    """δᴸ = ∂C/∂Zᴸ, a fresh array the backward pass may overwrite."""
    delta = COST_KERNELS[network.cost_function].delta(A, Y)
    if network.cost_function.delta is None:  # no cancellation: δᴸ = ∂C/∂a ⊙ g'(zᴸ)
        return _times_derivative(delta, network.output_activation, Z, A, hook)
    return hook(delta)


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
            delta = _times_derivative(hook(delta @ params[f"W{layer}"]), network.hidden_activation, Zs[layer - 2],
                                      As[layer - 1], hook)
    return {name: grads[name] for name in network.shapes()}


def forward(network: Network, params: Mapping[str, np.ndarray],
            X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
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
    return COST_KERNELS[network.cost_function].loss(Zs[-1], As[-1], Y)


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
