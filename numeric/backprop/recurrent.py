"""Hand-written vectorized BPTT for seed 002's RNN and LSTM, batch × time, independent of the symbolic path.

Arrays: X (batch, T, I), Y (batch, T, O); one row of a weight matrix per unit, biases 1-D.

    RNN:  h_t = tanh(Wxh x_t + Uh h_{t−1} + bh),                         ŷ_t = σ(Why h_t + by)
    LSTM: f, i, o = σ(W x_t + U h_{t−1} + b),  c_t = f⊙c_{t−1} + i⊙tanh(Wc x_t + Uc h_{t−1} + bc),
          h_t = o⊙tanh(c_t),                                             ŷ_t = σ(Why h_t + by)

The cost is summed over batch and time: Σ ½‖ŷ_t − y_t‖² ("quadratic") or the Bernoulli
cross-entropy Σ softplus(z_t) − y_t·z_t with z_t = Why h_t + by ("cross-entropy").
Truncated BPTT: `forward` starts from a given State (h₀ = c₀ = 0 by default) and returns the
final one; `gradient` differentiates one window with its initial state held constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.kernels import sigmoid, sigmoid_derivative
from dlmath.numeric.vocabulary import COST_KERNELS, CostKernels
from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.vocabulary import QUADRATIC

MODELS = ("rnn", "lstm")
# The outputs are sigmoid units, one per target: the costs defined unit by unit (not the softmax's).
COSTS = tuple(name for name, cost in vocabulary.COSTS.items() if cost.per_unit is not None)
GATES = ("f", "i", "o", "c")  # the LSTM's four affine maps, stacked in this order for one matmul
Params = dict[str, np.ndarray]


class RecurrentError(ValueError):
    """An unknown model or cost, or parameters and data whose shapes do not fit."""


def shapes(model: str, inputs: int, hidden: int, outputs: int) -> dict[str, tuple[int, ...]]:
    """Every parameter's name and shape, in the order of seed 002's equations."""
    I, H, O = inputs, hidden, outputs
    if model == "rnn":
        core: dict[str, tuple[int, ...]] = {"Wxh": (H, I), "Uh": (H, H), "bh": (H,)}
    elif model == "lstm":
        core = {}
        for gate in GATES:
            core |= {f"W{gate}": (H, I), f"U{gate}": (H, H), f"b{gate}": (H,)}
    else:
        raise RecurrentError(f"unknown recurrent model {model!r}; choose one of {', '.join(MODELS)}")
    return core | {"Why": (O, H), "by": (O,)}


def init_params(model: str, inputs: int, hidden: int, outputs: int, rng: np.random.Generator) -> Params:
    """Weights normal with std sqrt(1/fan_in); biases 0 (the LSTM's forget bias 1, so memory starts open)."""
    params: Params = {}
    for name, shape in shapes(model, inputs, hidden, outputs).items():
        if len(shape) == 2:
            params[name] = rng.normal(0.0, np.sqrt(1.0 / shape[1]), size=shape)
        else:
            params[name] = np.full(shape, 1.0 if name == "bf" else 0.0)
    return params


@dataclass(frozen=True)
class State:
    """The recurrent state between windows: h (batch, H) and, for the LSTM, c (batch, H)."""

    h: np.ndarray
    c: np.ndarray | None = None


@dataclass(frozen=True)
class Trace:
    """What the backward pass needs: per-step activations, the output pre-activations and ŷ."""

    model: str
    X: np.ndarray
    hs: np.ndarray  # (batch, T + 1, H): hs[:, 0] is the initial h
    cache: tuple[np.ndarray, ...]  # LSTM: cs (batch, T + 1, H), gates (batch, T, 4H); RNN: ()
    Z: np.ndarray  # (batch, T, O) = Why h_t + by
    Yhat: np.ndarray  # σ(Z)

    @property
    def final(self) -> State:
        """The state after the last step, to start the next window from."""
        c = self.cache[0][:, -1].copy() if self.model == "lstm" else None
        return State(self.hs[:, -1].copy(), c)


def _hidden_size(model: str, params: Mapping[str, np.ndarray]) -> int:
    """H, read from the recurrent matrix."""
    return int(np.shape(params["Uh" if model == "rnn" else "Uf"])[0])


def _check(model: str, params: Mapping[str, np.ndarray], X: np.ndarray) -> Params:
    """Float64 params with the shapes the model needs for inputs X, or RecurrentError."""
    if X.ndim != 3:
        raise RecurrentError(f"X must have shape (batch, T, inputs), got {X.shape}")
    try:
        H, O = _hidden_size(model, params), int(np.shape(params["Why"])[0])
    except KeyError as missing:
        raise RecurrentError(f"the {model} parameters lack {missing}") from None
    expected = shapes(model, X.shape[2], H, O)
    out = {}
    for name, shape in expected.items():
        value = np.asarray(params.get(name, np.empty(0)), dtype=np.float64)
        if value.shape != shape:
            raise RecurrentError(f"{name} must have shape {shape} for {X.shape[2]} inputs, got {value.shape}")
        out[name] = value
    return out


def _initial(model: str, state: State | None, batch: int, hidden: int) -> State:
    """The given state, or zeros (h₀ = c₀ = 0 as in the seed)."""
    if state is None:
        zeros = np.zeros((batch, hidden))
        return State(zeros, zeros.copy() if model == "lstm" else None)
    if state.h.shape != (batch, hidden) or (model == "lstm" and (state.c is None or state.c.shape != (batch, hidden))):
        raise RecurrentError(f"the initial state must hold arrays of shape {(batch, hidden)}")
    return state


def _stacked(params: Params, prefix: str) -> np.ndarray:
    """The LSTM's four gate matrices (or biases) stacked: rows f, i, o, c."""
    return np.concatenate([params[f"{prefix}{gate}"] for gate in GATES], axis=0)


def _rnn_forward(p: Params, X: np.ndarray, state: State) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """hs (batch, T + 1, H) of h_t = tanh(Wxh x_t + Uh h_{t−1} + bh)."""
    B, T, _ = X.shape
    A = X @ p["Wxh"].T + p["bh"]  # the input part of every step in one matmul
    hs = np.empty((B, T + 1, A.shape[2]))
    hs[:, 0] = state.h
    for t in range(T):
        hs[:, t + 1] = np.tanh(A[:, t] + hs[:, t] @ p["Uh"].T)
    return hs, ()


def _lstm_forward(p: Params, X: np.ndarray, state: State) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """hs, and (cs, gates) with gates = [f, i, o, g] per step, g = tanh(Wc x + Uc h + bc)."""
    B, T, _ = X.shape
    U = _stacked(p, "U")
    H = U.shape[1]
    A = X @ _stacked(p, "W").T + _stacked(p, "b")
    hs, cs = np.empty((B, T + 1, H)), np.empty((B, T + 1, H))
    gates = np.empty((B, T, 4 * H))
    hs[:, 0], cs[:, 0] = state.h, state.c
    for t in range(T):
        pre = A[:, t] + hs[:, t] @ U.T
        gates[:, t, : 3 * H] = sigmoid(pre[:, : 3 * H])
        gates[:, t, 3 * H :] = np.tanh(pre[:, 3 * H :])
        f, i, o, g = np.split(gates[:, t], 4, axis=1)
        cs[:, t + 1] = f * cs[:, t] + i * g
        hs[:, t + 1] = o * np.tanh(cs[:, t + 1])
    return hs, (cs, gates)


FORWARD = {"rnn": _rnn_forward, "lstm": _lstm_forward}


def forward(model: str, params: Mapping[str, np.ndarray], X: np.ndarray, state: State | None = None) -> Trace:
    """Run the network over X from `state` (zeros by default); trace.final is the state after the last step."""
    X = np.asarray(X, dtype=np.float64)
    p = _check(model, params, X)
    start = _initial(model, state, X.shape[0], _hidden_size(model, p))
    hs, cache = FORWARD[model](p, X, start)
    Z = hs[:, 1:] @ p["Why"].T + p["by"]
    return Trace(model, X, hs, cache, Z, sigmoid(Z))


def _cost_kernels(cost: str) -> CostKernels:
    if cost not in COSTS:
        raise RecurrentError(f"unknown cost {cost!r}; choose one of {', '.join(COSTS)}")
    return COST_KERNELS[vocabulary.COSTS[cost]]


def trace_cost(trace: Trace, Y: np.ndarray, cost: str) -> float:
    """The cost summed over batch and time."""
    return _cost_kernels(cost).loss(trace.Z, trace.Yhat, Y)


def loss(model: str, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, state: State | None = None,
         cost: str = QUADRATIC.name) -> float:
    """The cost of the window X, Y started from `state`, summed over batch and time."""
    return trace_cost(forward(model, params, X, state), np.asarray(Y, dtype=np.float64), cost)


def _output_delta(trace: Trace, Y: np.ndarray, cost: str) -> np.ndarray:
    """∂C/∂z_t for every sample and step."""
    delta = _cost_kernels(cost).delta(trace.Yhat, Y)
    if vocabulary.COSTS[cost].delta is None:  # no cancellation (quadratic): times σ'(z_t)
        delta *= sigmoid_derivative(trace.Yhat)
    return delta  # cross-entropy: σ' cancels against the cost's 1/(ŷ(1−ŷ))


def _rnn_backward(p: Params, trace: Trace, dH: np.ndarray) -> Params:
    """∂C/∂(Wxh, Uh, bh) from dH[:, t] = ∂C/∂h_t through the outputs only."""
    hs, T = trace.hs, dH.shape[1]
    dA = np.empty_like(dH)  # ∂C/∂(pre-activation) per step
    carry = np.zeros_like(dH[:, 0])  # ∂C/∂h_t through h_{t+1}
    for t in range(T - 1, -1, -1):
        dA[:, t] = (dH[:, t] + carry) * (1.0 - hs[:, t + 1] ** 2)
        carry = dA[:, t] @ p["Uh"]
    flat = dA.reshape(-1, dA.shape[2])
    return {"Wxh": flat.T @ trace.X.reshape(-1, trace.X.shape[2]),
            "Uh": flat.T @ hs[:, :-1].reshape(-1, hs.shape[2]), "bh": flat.sum(axis=0)}


def _lstm_backward(p: Params, trace: Trace, dH: np.ndarray) -> Params:
    """∂C/∂(W·, U·, b·) of every gate, from dH[:, t] = ∂C/∂h_t through the outputs only."""
    hs, (cs, gates) = trace.hs, trace.cache
    U, H, T = _stacked(p, "U"), dH.shape[2], dH.shape[1]
    dPre = np.empty_like(gates)  # ∂C/∂(pre-activations f, i, o, c) per step
    dh_next, dc_next = np.zeros_like(dH[:, 0]), np.zeros_like(dH[:, 0])
    for t in range(T - 1, -1, -1):
        f, i, o, g = np.split(gates[:, t], 4, axis=1)
        tc = np.tanh(cs[:, t + 1])
        dh = dH[:, t] + dh_next
        dc = dc_next + dh * o * (1.0 - tc**2)
        dPre[:, t, :H] = dc * cs[:, t] * f * (1.0 - f)
        dPre[:, t, H : 2 * H] = dc * g * i * (1.0 - i)
        dPre[:, t, 2 * H : 3 * H] = dh * tc * o * (1.0 - o)
        dPre[:, t, 3 * H :] = dc * i * (1.0 - g**2)
        dc_next = dc * f
        dh_next = dPre[:, t] @ U
    flat = dPre.reshape(-1, 4 * H)
    dW = flat.T @ trace.X.reshape(-1, trace.X.shape[2])
    dU = flat.T @ hs[:, :-1].reshape(-1, H)
    db = flat.sum(axis=0)
    grads: Params = {}
    for k, gate in enumerate(GATES):
        rows = slice(k * H, (k + 1) * H)
        grads |= {f"W{gate}": dW[rows], f"U{gate}": dU[rows], f"b{gate}": db[rows]}
    return grads


BACKWARD = {"rnn": _rnn_backward, "lstm": _lstm_backward}


def backward(params: Mapping[str, np.ndarray], trace: Trace, Y: np.ndarray, cost: str = QUADRATIC.name) -> Params:
    """BPTT over the traced window: the gradient of its summed cost, the initial state held constant."""
    p = _check(trace.model, params, trace.X)
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != trace.Z.shape:
        raise RecurrentError(f"Y must have shape {trace.Z.shape} (batch, T, outputs), got {Y.shape}")
    dZ = _output_delta(trace, Y, cost)
    flat = dZ.reshape(-1, dZ.shape[2])
    grads = BACKWARD[trace.model](p, trace, dZ @ p["Why"])
    grads |= {"Why": flat.T @ trace.hs[:, 1:].reshape(-1, trace.hs.shape[2]), "by": flat.sum(axis=0)}
    return {name: grads[name] for name in p}


def gradient(model: str, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, state: State | None = None,
             cost: str = QUADRATIC.name) -> Params:
    """The exact gradient of the window's summed cost (truncated BPTT when `state` is carried in).

    Args:
        model: "rnn" or "lstm".
        params: the names of `shapes(model, …)`; biases 1-D.
        X: inputs (batch, T, I). Y: targets (batch, T, O).
        state: the state before the window's first step; zeros when None.
        cost: "quadratic" or "cross-entropy".

    Returns:
        ∂C/∂θ for every parameter, keys in the order of `shapes`.
    """
    return backward(params, forward(model, params, X, state), Y, cost)
