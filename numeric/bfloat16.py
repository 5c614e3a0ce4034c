"""BFLOAT16 emulated in numpy, and the tanh/softmax MLP of numeric/backprop/mlp.py with every tensor rounded by a hook.

bfloat16 is float32 with the low 16 bits of the mantissa dropped: 1 sign bit, 8 exponent
bits (FP32's range), 7 mantissa bits. `to_bfloat16` rounds float32 values to the nearest
bfloat16 (ties to even) on the uint32 view and returns them as float32, so numpy keeps
computing in float32 (matrix products accumulate in float32, as bfloat16 hardware does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlmath.numeric.backprop import mlp as backprop
from dlmath.symbolic.models.networks import Network

from .kernels import log_softmax
from .optim import SGD
from .progress import progress_bar

RoundFn = Callable[[np.ndarray], np.ndarray]
Params = dict[str, np.ndarray]

HIGH_HALF = np.uint32(0xFFFF0000)
EXPONENT = np.uint32(0x7F800000)
QUIET_BIT = np.uint32(0x00400000)


def to_bfloat16(x: np.ndarray | float) -> np.ndarray:
    """x rounded to the nearest bfloat16 (ties to even), as float32; ±inf stays, NaN stays a (quiet) NaN."""
    values = np.array(x, dtype=np.float32)  # a copy: the caller's array is never changed
    bits = values.view(np.uint32)
    nan = ((bits & EXPONENT) == EXPONENT) & ((bits & np.uint32(0x007FFFFF)) != 0)
    # Adding 0x7FFF rounds up past the half-way point; adding the kept part's lowest bit too
    # makes an exact tie round up only when that bit is odd: round half to even. A carry out of
    # the mantissa raises the exponent, which is right (and turns the largest finite values into inf).
    # No uint32 overflow: the largest non-NaN pattern is −inf, 0xFF800000, and 0xFF800000 + 0x8000 fits.
    lsb = (bits >> np.uint32(16)) & np.uint32(1)
    finite_or_inf = np.where(nan, np.uint32(0), bits).astype(np.uint32)  # NaN lanes are never added to
    rounded = ((finite_or_inf + np.uint32(0x7FFF) + lsb) & HIGH_HALF).astype(np.uint32)
    # Truncating a NaN whose payload lies only in the low bits would leave the pattern of inf: set the quiet bit.
    rounded = np.where(nan, (bits & HIGH_HALF) | QUIET_BIT, rounded).astype(np.uint32)
    return rounded.view(np.float32)


def bfloat16_bits(x: np.ndarray | float) -> np.ndarray:
    """The 16-bit patterns (uint16) of x rounded to bfloat16."""
    return (to_bfloat16(x).view(np.uint32) >> np.uint32(16)).astype(np.uint16)


def as_float32(x: np.ndarray) -> np.ndarray:
    """The FP32 baseline's hook: float32, no further rounding."""
    return np.asarray(x, dtype=np.float32)


PRECISIONS: dict[str, RoundFn] = {"fp32": as_float32, "bf16": to_bfloat16}


# ---------------------------------------------------------------- the MLP
def mlp(sizes: tuple[int, ...]) -> Network:
    """The experiment's MLP: tanh hidden layers, a softmax output, the cross-entropy cost (numeric/backprop/mlp.py)."""
    return Network(sizes, "tanh", "softmax-cross-entropy")


def init_mlp(sizes: tuple[int, ...], rng: np.random.Generator) -> Params:
    """Glorot-uniform float32 weights W1 … WL (outputs × inputs, as numeric/backprop/mlp.py) and zero biases b1 … bL."""
    params: Params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        drawn = rng.uniform(-limit, limit, size=(fan_in, fan_out))  # drawn inputs × outputs: the same stream as before
        params[f"W{layer}"] = np.ascontiguousarray(drawn.T, dtype=np.float32)
        params[f"b{layer}"] = np.zeros(fan_out, dtype=np.float32)
    return params


def mean_targets(labels: np.ndarray, classes: int) -> np.ndarray:
    """One-hot rows weighted 1/n, float32: their summed softmax cross-entropy IS the batch's mean cross-entropy.

    numeric/backprop/mlp.py's softmax delta a·Σy − y is exact for any non-negative label weights, so the
    mean cost's δ = (softmax − one-hot)/n comes out of the summed-cost backprop unchanged (for a
    power-of-two n both round identically, the scaling being exact).
    """
    targets = np.zeros((len(labels), classes), dtype=np.float32)
    targets[np.arange(len(labels)), labels] = np.float32(1.0) / np.float32(len(labels))
    return targets


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean −log softmax(logits)[label], computed in float64 so the reported loss is not itself rounded."""
    log_p = log_softmax(np.asarray(logits, dtype=np.float64))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def gradients(network: Network, params: Params, X: np.ndarray, labels: np.ndarray,
              round_fn: RoundFn) -> tuple[Params, np.ndarray]:
    """Backprop of the mean cross-entropy with every tensor rounded by round_fn; also the (rounded) logits."""
    Zs, As = backprop.forward_unchecked(network, params, X, round_fn)
    targets = mean_targets(labels, network.sizes[-1]).astype(As[-1].dtype)
    return backprop.backward_unchecked(network, params, Zs, As, targets, round_fn), Zs[-1]


def logits(network: Network, params: Params, X: np.ndarray, round_fn: RoundFn) -> np.ndarray:
    """The (rounded) pre-activations of the softmax layer, one row per sample."""
    return backprop.forward_unchecked(network, params, X, round_fn)[0][-1]


def predict_labels(network: Network, params: Params, X: np.ndarray, round_fn: RoundFn) -> np.ndarray:
    """The argmax class of every row."""
    return logits(network, params, X, round_fn).argmax(axis=1)


@dataclass(frozen=True)
class MLPRun:
    """One training run: the mean training loss per epoch, the final accuracies, the final weights."""

    precision: str
    losses: tuple[float, ...]
    train_accuracy: float
    test_accuracy: float
    params: Params
    lost_update_fraction: float  # last epoch: updates with g ≠ 0 that left the stored weight unchanged


@dataclass(frozen=True)
class MLPSetup:
    """The hyper-parameters shared by every precision: layer sizes, epochs, learning rate, batch size."""

    sizes: tuple[int, ...]
    epochs: int
    learning_rate: float
    batch_size: int


def train_mlp(data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], setup: MLPSetup, precision: str,
              seed: int, progress: bool = False) -> MLPRun:
    """Mini-batch SGD at `precision` ("fp32" or "bf16"); the same seed gives the same init and batch order."""
    round_fn = PRECISIONS[precision]
    network = mlp(setup.sizes)
    X, labels, X_test, labels_test = data
    rng = np.random.default_rng(seed)  # one generator per run: both precisions see identical randomness
    params = {key: round_fn(value) for key, value in init_mlp(setup.sizes, rng).items()}
    sgd = SGD(np.float32(setup.learning_rate), round_fn)  # w ← round(w − η g): weights stored at the precision
    losses = []
    lost = moved = 0  # of the last epoch: non-zero gradient entries whose weight did not change
    bar = progress_bar(range(setup.epochs), f"MLP {precision}", "epoch", progress)
    for _ in bar:
        order = rng.permutation(len(X))
        total, lost, moved = 0.0, 0, 0
        for start in range(0, len(X), setup.batch_size):
            batch = order[start:start + setup.batch_size]
            grads, logits = gradients(network, params, X[batch], labels[batch], round_fn)
            total += cross_entropy(logits, labels[batch]) * len(batch)
            before = dict(params)
            sgd.step(params, grads)
            for key, grad in grads.items():
                nonzero = grad != 0
                moved += int(nonzero.sum())
                lost += int((nonzero & (params[key] == before[key])).sum())
        losses.append(total / len(X))
    train_accuracy = float(np.mean(predict_labels(network, params, X, round_fn) == labels))
    test_accuracy = float(np.mean(predict_labels(network, params, X_test, round_fn) == labels_test))
    return MLPRun(precision, tuple(losses), train_accuracy, test_accuracy, params, lost / max(moved, 1))
