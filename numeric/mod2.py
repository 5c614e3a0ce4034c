"""Seed 002's memory experiment: y_t = (x_t + y_{t−1}) mod 2, static networks against an LSTM.

y_t = y_0 ⊕ x_1 ⊕ … ⊕ x_t is a running parity. The LSTM reads the sequence u = (y_0, x_1, …, x_T)
(y_0 as the first input, then the x_t only: never a y_t) and must output y_t after reading u_t.
It is trained by a curriculum of short random segments (each starting from the y just before it,
state zero), then by truncated BPTT over long streams with the state carried across windows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from dlmath.numeric.backprop import recurrent
from dlmath.numeric.compiled.mlp import compile_network
from dlmath.numeric.optim import Adam
from dlmath.numeric.params import init_params
from dlmath.numeric.train import History, train
from dlmath.symbolic.models.networks import Network

from .progress import progress_bar

CHUNK = 4096  # rows per matmul when a window matrix is evaluated whole: keeps M = 1000 copies small


@dataclass(frozen=True)
class Mod2Data:
    """x_1 … x_T, y_0 … y_T (y[0] = y_0) and the first test step: t ≤ split trains, t > split tests."""

    x: np.ndarray
    y: np.ndarray
    split: int


def make_data(steps: int, rng: np.random.Generator, train_fraction: float = 0.7) -> Mod2Data:
    """Random y_0 and x_t ∈ {0, 1}, y_t = (x_t + y_{t−1}) mod 2, computed as (y_0 + Σ_{s≤t} x_s) mod 2."""
    if steps < 2:
        raise ValueError(f"the sequence needs at least 2 steps, got {steps}")
    x = rng.integers(0, 2, size=steps)
    y0 = int(rng.integers(0, 2))
    y = np.concatenate([[y0], (y0 + np.cumsum(x)) % 2])
    return Mod2Data(x.astype(np.float64), y.astype(np.float64), int(round(train_fraction * steps)))


def static_inputs(data: Mod2Data, kind: str, window: int = 1) -> np.ndarray:
    """Row t = 1 … T: x_t ("input"), x_t … x_{t−M+1} ("window"; x_s = 0 for s < 1) or (x_t, y_{t−1})."""
    if kind == "input":
        return data.x.reshape(-1, 1)
    if kind == "previous":
        return np.column_stack([data.x, data.y[:-1]])
    if kind == "window":
        padded = np.concatenate([np.zeros(window - 1), data.x])
        # a read-only view: row t is padded[t : t + M] reversed; no (T, M) copy is ever made
        return np.lib.stride_tricks.sliding_window_view(padded, window)[:, ::-1]
    raise ValueError(f"unknown static input {kind!r}")


def _chunked(fn: Callable[[np.ndarray], np.ndarray], X: np.ndarray) -> np.ndarray:
    """fn applied to contiguous row chunks of X, concatenated."""
    return np.concatenate([fn(np.ascontiguousarray(X[s : s + CHUNK])) for s in range(0, len(X), CHUNK)])


@dataclass(frozen=True)
class StaticResult:
    """A static network's accuracy on the train and test steps, and its training history."""

    train_accuracy: float
    test_accuracy: float
    history: History


def train_static(X: np.ndarray, data: Mod2Data, hidden: int, epochs: int, learning_rate: float,
                 rng: np.random.Generator, progress: bool, description: str) -> StaticResult:
    """An MLP inputs–hidden–1 (tanh, cross-entropy) trained by mini-batch SGD on the first steps."""
    compiled = compile_network(Network((X.shape[1], hidden, 1), "tanh", "cross-entropy"))
    Y = data.y[1:].reshape(-1, 1)
    predict = lambda params, A: _chunked(lambda rows: compiled.predict(params, rows), A)  # noqa: E731
    loss = lambda params, A, B: float(sum(compiled.loss(params, np.ascontiguousarray(A[s : s + CHUNK]),  # noqa: E731
                                                         B[s : s + CHUNK]) for s in range(0, len(A), CHUNK)))
    accuracy = lambda params, A, B: float(np.mean((predict(params, A) >= 0.5) == (B > 0.5)))  # noqa: E731
    n = data.split
    params, history = train(loss, compiled.gradient, init_params(compiled.network, rng), X[:n], Y[:n], epochs=epochs,
                            learning_rate=learning_rate, batch_size=64, rng=rng, accuracy_fn=accuracy,
                            progress=progress, description=description)
    return StaticResult(accuracy(params, X[:n], Y[:n]), accuracy(params, X[n:], Y[n:]), history)


def sequence(data: Mod2Data) -> tuple[np.ndarray, np.ndarray]:
    """What the LSTM reads, u = (y_0, x_1, …, x_T), and its targets (y_0, y_1, …, y_T)."""
    return np.concatenate([data.y[:1], data.x]), data.y


@dataclass(frozen=True)
class Phase:
    """A stage of the curriculum: `updates` Adam steps on `batch` streams of `length` steps cut into windows."""

    length: int  # steps per stream, y just before the stream given as its first input
    window: int  # truncated BPTT: the state is carried across windows, gradients are not
    batch: int
    updates: int


@dataclass(frozen=True)
class LSTMResult:
    """Parameters, per-update window loss and accuracy, accuracies reading the whole sequence, time."""

    params: dict[str, np.ndarray]
    losses: tuple[float, ...]
    accuracies: tuple[float, ...]
    train_accuracy: float
    test_accuracy: float
    seconds: float


def _streams(data: Mod2Data, length: int, batch: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random training streams: inputs (y_{s−1}, x_s, …) and targets (y_{s−1}, y_s, …), each (batch, L + 1, 1)."""
    starts = rng.integers(1, data.split - length + 2, size=batch)
    index = starts[:, None] + np.arange(length)[None, :]
    first = data.y[starts - 1][:, None]
    X = np.concatenate([first, data.x[index - 1]], axis=1)
    Y = np.concatenate([first, data.y[index]], axis=1)
    return X[:, :, None], Y[:, :, None]


def _run_phase(params: dict[str, np.ndarray], adam: Adam, phase: Phase, data: Mod2Data, rng: np.random.Generator,
               curve: tuple[list[float], list[float]], bar: tqdm) -> None:
    """Adam steps over the phase's streams, one per window, the state carried from window to window."""
    done = 0
    while done < phase.updates:
        X, Y = _streams(data, phase.length, phase.batch, rng)
        state = None  # each stream starts from h₀ = c₀ = 0 and reads its y first
        for s in range(0, X.shape[1], phase.window):
            trace = recurrent.forward("lstm", params, X[:, s : s + phase.window], state)
            grads = recurrent.backward(params, trace, Y[:, s : s + phase.window], "cross-entropy")
            adam.step(params, {k: g / phase.batch for k, g in grads.items()})
            state = trace.final  # carried forward as a constant: truncated BPTT
            window_y = Y[:, s : s + phase.window]
            curve[0].append(recurrent.trace_cost(trace, window_y, "cross-entropy") / window_y.size)
            curve[1].append(float(np.mean((trace.Yhat > 0.5) == (window_y > 0.5))))
            done += 1
            bar.update(1)
            bar.set_postfix(loss=f"{curve[0][-1]:.3g}", acc=f"{curve[1][-1]:.1%}", refresh=False)
            if done == phase.updates:
                return


def lstm_accuracy(params: Mapping[str, np.ndarray], data: Mod2Data) -> tuple[float, float]:
    """Train and test accuracy of y_1 … y_T predicted in one pass over the whole u from h₀ = c₀ = 0."""
    u, target = sequence(data)
    predicted = recurrent.forward("lstm", params, u[None, :, None]).Yhat[0, 1:, 0] >= 0.5
    correct = predicted == (target[1:] > 0.5)
    return float(correct[: data.split].mean()), float(correct[data.split :].mean())


def train_lstm(data: Mod2Data, hidden: int, phases: tuple[Phase, ...], rng: np.random.Generator,
               rate: float = 0.02, progress: bool = True) -> LSTMResult:
    """A 1-input LSTM with `hidden` units trained through the curriculum, then run over the whole sequence."""
    start = time.perf_counter()
    params = recurrent.init_params("lstm", 1, hidden, 1, rng)
    adam = Adam(params, rate)
    curve: tuple[list[float], list[float]] = ([], [])
    total = sum(phase.updates for phase in phases)
    with progress_bar(None, f"LSTM H={hidden}", "update", progress, total=total) as bar:
        for phase in phases:
            _run_phase(params, adam, phase, data, rng, curve, bar)
    train_acc, test_acc = lstm_accuracy(params, data)
    return LSTMResult(params, tuple(curve[0]), tuple(curve[1]), train_acc, test_acc, time.perf_counter() - start)
