"""Parameters and data for a Network: random initialisation and checks with student-readable errors."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from dlmath.numeric.vocabulary import KERNELS
from dlmath.symbolic.calculus.vocabulary import Targets
from dlmath.symbolic.errors import DlmathError
from dlmath.symbolic.models.networks import Network


class ParamError(DlmathError, ValueError):
    """Parameters or data that do not fit the network: a missing key, a wrong shape, a NaN, …"""


def init_params(network: Network, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random float64 weights W1, b1, W2, b2, … with the shapes of `network.shapes()`.

    Weights are normal with std sqrt(1/fan_in) (Xavier/LeCun), or sqrt(2/fan_in) for ReLU (He),
    so the pre-activations keep roughly unit variance from layer to layer. Biases start at zero.
    """
    gain = KERNELS[network.hidden_activation].init_gain
    params: dict[str, np.ndarray] = {}
    for name, shape in network.shapes().items():
        if name.startswith("W"):
            params[name] = rng.normal(0.0, np.sqrt(gain / shape[1]), size=shape)
        else:
            params[name] = np.zeros(shape)
    return params


def _as_float_array(value: object, what: str) -> np.ndarray:
    """`value` as a float64 array, or a ParamError saying why it is not numeric and finite."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested lists, for instance
        raise ParamError(f"{what} is not an array of numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise ParamError(f"{what} must hold real numbers, got values of type {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ParamError(f"{what} contains {array[bad]} at index {list(bad)}; every entry must be finite")
    return array


def check_params(network: Network, params: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """float64 copies of `params` in network order, after checking keys, shapes and values."""
    expected = network.shapes()
    for name, shape in expected.items():
        if name not in params:
            raise ParamError(f"parameter {name} is missing; "
                             f"the network {network.label} needs {name} with shape {shape}")
    unexpected = [name for name in params if name not in expected]
    if unexpected:
        raise ParamError(
            f"unexpected parameter {', '.join(map(str, unexpected))}; the network {network.label} "
            f"has only {', '.join(expected)}"
        )
    checked: dict[str, np.ndarray] = {}
    for name, shape in expected.items():
        array = _as_float_array(params[name], name)
        if array.shape != shape:
            raise ParamError(f"{name} has shape {array.shape}, the network {network.label} needs {shape}")
        # A copy even when already float64: callers may perturb or update the result in place.
        checked[name] = np.array(array, dtype=np.float64, copy=True)
    return checked


def check_inputs(network: Network, X: object) -> np.ndarray:
    """X (batch, n₀) as a float64 array, after checking its shape and values."""
    inputs = _as_float_array(X, "X")
    if inputs.ndim != 2 or inputs.shape[1] != network.sizes[0]:
        raise ParamError(
            f"X has shape {inputs.shape}, the network {network.label} needs (batch, {network.sizes[0]}): "
            "one sample per row"
        )
    if inputs.shape[0] < 1:
        raise ParamError("X has no samples; a batch needs at least one row")
    return inputs


def check_data(network: Network, X: object, Y: object) -> tuple[np.ndarray, np.ndarray]:
    """X (batch, n₀) and Y (batch, n_L) as float64 arrays, after checking shapes and values."""
    inputs = check_inputs(network, X)
    targets = _as_float_array(Y, "Y")
    outputs = network.sizes[-1]
    if targets.ndim != 2 or targets.shape[1] != outputs:
        raise ParamError(f"Y has shape {targets.shape}, the network {network.label} needs (batch, {outputs}): "
                         "one target per row")
    if inputs.shape[0] != targets.shape[0]:
        raise ParamError(f"X has {inputs.shape[0]} samples (rows) but Y has {targets.shape[0]}; they must match")
    _check_targets(targets, network.cost_function.targets, network.cost)
    return inputs, targets


def _check_targets(targets: np.ndarray, allowed: Targets, cost: str) -> None:
    """ParamError unless every target lies where the cost's record says it may."""
    low, high = allowed.low, allowed.high
    if (low is not None and (targets < low).any()) or (high is not None and (targets > high).any()):
        if high is None:
            where = "be non-negative" if low == 0 else f"be at least {low:g}"
        else:
            where = f"be at most {high:g}" if low is None else f"lie in [{low:g}, {high:g}]"
        raise ParamError(f"Y must {where} for the {cost} cost ({allowed.meaning})")
