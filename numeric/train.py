"""Gradient descent and mini-batch SGD over plain callables, with a progress bar and a History.

The trainer knows nothing about networks: it takes loss_fn(params, X, Y) → summed cost and
grad_fn(params, X, Y) → {name: ∂C/∂name} (the summed cost's gradient, as numeric/backprop/mlp.py
returns it), so compiled, symbolic and hand-written gradients all train the same way.

Divergence stops training with TrainingDiverged: a parameter or the cost became inf or NaN, or the
mean cost grew past DIVERGENCE_FACTOR times its value at the starting weights. Gradient descent
with a step small enough for the problem does not increase the cost (the descent lemma), and the
noise of mini-batches moves it by a fraction of itself; a cost a hundred times the starting one
means the steps overshoot. Waiting for inf is not enough: the cross-entropy of a saturated output
grows only linearly with the weights, so `--lr 1e6` ran its 3000 epochs to a mean cost of 3e5.

Progress goes to stderr: a tqdm bar on a terminal, else one plain line every tenth of the epochs
(a bar's carriage returns make one unreadable line in a log file).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .optim import SGD
from .progress import progress_bar

Params = dict[str, np.ndarray]
LossFn = Callable[[Mapping[str, np.ndarray], np.ndarray, np.ndarray], float]
GradFn = Callable[[Mapping[str, np.ndarray], np.ndarray, np.ndarray], Mapping[str, np.ndarray]]
AccuracyFn = Callable[[Mapping[str, np.ndarray], np.ndarray, np.ndarray], float]


DIVERGENCE_FACTOR = 100.0  # stop when the mean cost exceeds this many times the starting weights' (see above)


class TrainingDiverged(ArithmeticError):
    """The loss or a parameter became inf or NaN, or the cost ran away: the steps overshot.

    `epoch` is the epoch it was detected in; `why` says what was seen, in a few words.
    """

    def __init__(self, message: str, epoch: int = 0, why: str = "") -> None:
        super().__init__(message)
        self.epoch = epoch
        self.why = why


@dataclass(frozen=True)
class History:
    """Per-epoch mean cost per sample (and accuracy), measured after each epoch's updates."""

    losses: tuple[float, ...]
    accuracies: tuple[float, ...] | None
    seconds: float
    epochs: int  # epochs actually run: fewer than asked when stop_at_accuracy was reached
    learning_rate: float
    batch_size: int | None  # None = full batch


def accuracy(predictions: np.ndarray, Y: np.ndarray) -> float:
    """Fraction correct: one column → (prediction ≥ 0.5) vs (Y > 0.5); several → argmax vs argmax."""
    predictions, Y = np.asarray(predictions), np.asarray(Y)
    if predictions.ndim == 1:
        predictions = predictions.reshape(-1, 1)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    if predictions.shape != Y.shape or Y.shape[0] == 0:
        raise ValueError(f"predictions {predictions.shape} and targets Y {Y.shape} must have the same non-empty shape")
    if Y.shape[1] == 1:
        return float(np.mean((predictions[:, 0] >= 0.5) == (Y[:, 0] > 0.5)))
    return float(np.mean(predictions.argmax(axis=1) == Y.argmax(axis=1)))


def _check_arguments(
    X: np.ndarray, Y: np.ndarray, epochs: int, learning_rate: float, batch_size: int | None, rng: object
) -> None:
    """ValueError with a plain-words message for every argument that cannot train."""
    if len(X) != len(Y) or len(X) == 0:
        raise ValueError(f"X has {len(X)} samples and Y has {len(Y)}; they must match and not be empty")
    if not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a whole number ≥ 1, got {epochs!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"the learning rate η must be a positive number, got {learning_rate!r}")
    if batch_size is None:
        return
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number ≥ 1 (or None for full batch), got {batch_size!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("mini-batch SGD shuffles the samples every epoch: pass rng=np.random.default_rng(seed)")


def _diverged(epoch: int, learning_rate: float, why: str) -> TrainingDiverged:
    """The error to raise when training blew up in `epoch`."""
    return TrainingDiverged(
        f"training diverged in epoch {epoch}: {why}. "
        f"The learning rate η = {learning_rate:g} is too large for this problem; "
        f"try a smaller one, e.g. {learning_rate / 10:g}",
        epoch, why,
    )


def _step(params: Params, grad_fn: GradFn, X: np.ndarray, Y: np.ndarray, sgd: SGD) -> bool:
    """θ ← θ − η·(∇C_batch)/|batch| in place on params; False if a parameter became inf or NaN."""
    grads = grad_fn(params, X, Y)
    sgd.step(params, {name: np.asarray(grads[name], dtype=np.float64) for name in params}, summed_over=len(X))
    return all(bool(np.isfinite(value).all()) for value in params.values())


def _run_epoch(
    params: Params, grad_fn: GradFn, X: np.ndarray, Y: np.ndarray, sgd: SGD,
    batch_size: int | None, rng: np.random.Generator | None,
) -> bool:
    """One pass over the data: one full-batch step, or shuffled mini-batches; False on inf/NaN."""
    if batch_size is None:
        return _step(params, grad_fn, X, Y, sgd)
    assert rng is not None  # _check_arguments demands it for mini-batches
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        if not _step(params, grad_fn, X[batch], Y[batch], sgd):
            return False
    return True


def train(
    loss_fn: LossFn,
    grad_fn: GradFn,
    params: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    epochs: int,
    learning_rate: float,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    accuracy_fn: AccuracyFn | None = None,
    progress: bool = True,
    description: str = "train",
    stop_at_accuracy: float | None = None,
) -> tuple[Params, History]:
    """Minimise the cost by gradient descent (full batch) or mini-batch SGD.

    Each step is θ ← θ − η·g/|B| where g = grad_fn(θ, X_B, Y_B) is the gradient of the batch's
    SUMMED cost: the step uses the MEAN gradient over the batch B, so one learning rate η works
    for any batch size. (Wakui's Δθ = −η∇C_T on the summed cost C_T = Σ_k C_k is this with η·n.)

    Args:
        loss_fn: (params, X, Y) → the cost summed over the samples.
        grad_fn: (params, X, Y) → dict with the keys of params: the summed cost's gradient.
        params: starting parameters; never modified (training works on float64 copies).
        X, Y: the data, one sample per row.
        epochs: passes over the data. learning_rate: η > 0.
        batch_size: None for full-batch descent; else SGD on batches reshuffled with rng each epoch.
        rng: a numpy Generator; required when batch_size is given.
        accuracy_fn: (params, X, Y) → fraction correct, recorded every epoch.
        progress: show a tqdm bar on stderr. description: the bar's label.
        stop_at_accuracy: stop after the first epoch whose accuracy reaches it (needs accuracy_fn).

    Returns:
        The trained parameters and a History of the mean cost per sample after each epoch.

    Raises:
        TrainingDiverged: the loss or a parameter became inf or NaN, or the mean cost exceeded
            DIVERGENCE_FACTOR times its value at the starting parameters.
    """
    _check_arguments(X, Y, epochs, learning_rate, batch_size, rng)
    if stop_at_accuracy is not None and accuracy_fn is None:
        raise ValueError("stop_at_accuracy needs accuracy_fn to measure the accuracy")
    params = {name: np.array(value, dtype=np.float64, copy=True) for name, value in params.items()}
    sgd = SGD(learning_rate)
    losses: list[float] = []
    accuracies: list[float] = []
    start = time.perf_counter()
    bound = DIVERGENCE_FACTOR * float(loss_fn(params, X, Y)) / len(X)
    bar = progress_bar(range(1, epochs + 1), description, "epoch", progress)
    # Overflow on the way to divergence is expected and reported as TrainingDiverged, not as warnings.
    with bar, np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in bar:
            if not _run_epoch(params, grad_fn, X, Y, sgd, batch_size, rng):
                raise _diverged(epoch, learning_rate, "a parameter is inf or NaN")
            loss = float(loss_fn(params, X, Y)) / len(X)
            if not np.isfinite(loss):
                raise _diverged(epoch, learning_rate, "the mean cost is inf or NaN")
            if loss > bound:
                raise _diverged(epoch, learning_rate, f"mean cost {loss:.4g}, over {DIVERGENCE_FACTOR:g}× the "
                                                      f"starting {bound / DIVERGENCE_FACTOR:.4g}")
            losses.append(loss)
            postfix = {"loss": f"{loss:.4g}"}
            if accuracy_fn is not None:
                accuracies.append(float(accuracy_fn(params, X, Y)))
                postfix["acc"] = f"{accuracies[-1]:.1%}"
            bar.set_postfix(postfix, refresh=False)
            if stop_at_accuracy is not None and accuracies[-1] >= stop_at_accuracy:
                break
    history = History(
        losses=tuple(losses),
        accuracies=tuple(accuracies) if accuracy_fn is not None else None,
        seconds=time.perf_counter() - start,
        epochs=len(losses),
        learning_rate=float(learning_rate),
        batch_size=None if batch_size is None else int(batch_size),
    )
    return params, history
