"""The trainer on plain callables (a linear model with a hand-written gradient) and on backprop nets; the plots."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from dlmath.numeric.backprop.mlp import gradient, loss, predict
from dlmath.numeric.datasets import wakui_digits, xor_clouds
from dlmath.numeric.params import init_params
from dlmath.numeric.plots import plot_decision_boundary, plot_history, plot_image_weights, plot_images
from dlmath.numeric.train import History, TrainingDiverged, accuracy, train
from dlmath.symbolic.models.networks import Network

# ---- a linear model y ≈ X w + b with C = ½ Σ (Xw + b − y)², its gradient written out by hand ----


def linear_loss(params, X, Y) -> float:
    r = X @ params["w"] + params["b"] - Y
    return 0.5 * float(np.sum(r * r))


def linear_grad(params, X, Y) -> dict[str, np.ndarray]:
    r = X @ params["w"] + params["b"] - Y  # (n, 1)
    return {"w": X.T @ r, "b": r.sum(axis=0)}


@pytest.fixture
def linear_problem() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    Y = X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3 + 0.01 * rng.normal(size=(20, 1))
    return {"w": np.zeros((3, 1)), "b": np.zeros(1)}, X, Y


def _net_fns(network: Network):
    """loss_fn, grad_fn, accuracy_fn of numeric/backprop for one network."""
    return (
        lambda p, X, Y: loss(network, p, X, Y),
        lambda p, X, Y: gradient(network, p, X, Y),
        lambda p, X, Y: accuracy(predict(network, p, X), Y),
    )


# ---- the update rule -----------------------------------------------------------------------------


def test_one_full_batch_epoch_is_theta_minus_eta_mean_gradient(linear_problem) -> None:
    params, X, Y = linear_problem
    params = {"w": np.array([[0.2], [0.1], [-0.3]]), "b": np.array([0.05])}
    eta = 0.3
    trained, history = train(linear_loss, linear_grad, params, X, Y, epochs=1, learning_rate=eta, progress=False)
    summed = linear_grad(params, X, Y)
    for name in params:
        np.testing.assert_array_equal(trained[name], params[name] - (eta / len(X)) * summed[name])
        # the same as η times the mean of the per-sample gradients
        per_sample = np.mean([linear_grad(params, X[i : i + 1], Y[i : i + 1])[name] for i in range(len(X))], axis=0)
        np.testing.assert_allclose(trained[name], params[name] - eta * per_sample, rtol=1e-12, atol=1e-15)
    assert history.losses == (linear_loss(trained, X, Y) / len(X),)
    assert history.epochs == 1 and history.batch_size is None and history.learning_rate == eta


def test_training_does_not_mutate_the_callers_params(linear_problem) -> None:
    params, X, Y = linear_problem
    before = {name: value.copy() for name, value in params.items()}
    trained, _ = train(linear_loss, linear_grad, params, X, Y, epochs=5, learning_rate=0.1, progress=False)
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])
        assert trained[name] is not params[name]
    assert not np.array_equal(trained["w"], before["w"])


def test_sgd_is_reproducible_from_the_rng(linear_problem) -> None:
    params, X, Y = linear_problem

    def run(seed: int):
        return train(linear_loss, linear_grad, params, X, Y, epochs=4, learning_rate=0.1, batch_size=6,
                     rng=np.random.default_rng(seed), progress=False)

    (a, ha), (b, hb), (c, _) = run(1), run(1), run(2)
    np.testing.assert_array_equal(a["w"], b["w"])
    assert ha.losses == hb.losses and ha.batch_size == 6
    assert not np.array_equal(a["w"], c["w"])  # a different shuffle gives a different path


def test_sgd_without_rng_is_a_clear_error(linear_problem) -> None:
    params, X, Y = linear_problem
    with pytest.raises(ValueError, match="rng"):
        train(linear_loss, linear_grad, params, X, Y, epochs=1, learning_rate=0.1, batch_size=4, progress=False)


@pytest.mark.parametrize("batch_size", [None, 5])
def test_huge_learning_rate_raises_training_diverged(linear_problem, batch_size) -> None:
    params, X, Y = linear_problem
    with pytest.raises(TrainingDiverged, match=r"epoch \d+.*smaller") as info:
        train(linear_loss, linear_grad, params, X, Y, epochs=500, learning_rate=1e3, batch_size=batch_size,
              rng=np.random.default_rng(0), progress=False)
    assert isinstance(info.value, ArithmeticError)


def _uphill(epochs: int) -> None:
    """Steps that climb: C = n·|w| with the gradient's sign flipped, so w = 1, 2, 3, … and C stays finite."""
    X, Y = np.zeros((4, 1)), np.zeros((4, 1))
    ascent = lambda p, X, Y: {"w": -np.sign(p["w"]) * len(X)}  # noqa: E731
    train(lambda p, X, Y: float(np.abs(p["w"]).sum()) * len(X), ascent, {"w": np.ones(1)}, X, Y,
          epochs=epochs, learning_rate=1.0, progress=False)


def test_a_finite_cost_that_runs_away_is_divergence_at_100_times_the_start() -> None:
    _uphill(99)  # mean cost 100 after epoch 99: 100× the starting 1, not more
    with pytest.raises(TrainingDiverged, match=r"epoch 100: mean cost 101, over 100× the starting 1\b") as info:
        _uphill(500)
    assert info.value.epoch == 100 and info.value.why.startswith("mean cost 101")


@pytest.mark.parametrize(
    "kwargs, message",
    [({"epochs": 0, "learning_rate": 0.1}, "epochs"), ({"epochs": 1, "learning_rate": -1.0}, "learning rate"),
     ({"epochs": 1, "learning_rate": 0.1, "stop_at_accuracy": 0.9}, "accuracy_fn")],
)
def test_bad_arguments_are_refused(linear_problem, kwargs, message) -> None:
    params, X, Y = linear_problem
    with pytest.raises(ValueError, match=message):
        train(linear_loss, linear_grad, params, X, Y, progress=False, **kwargs)


def test_progress_bar_goes_to_stderr_only_when_asked(linear_problem, capsys) -> None:
    params, X, Y = linear_problem
    train(linear_loss, linear_grad, params, X, Y, epochs=3, learning_rate=0.1, description="fit-line")
    assert "fit-line" in capsys.readouterr().err
    train(linear_loss, linear_grad, params, X, Y, epochs=3, learning_rate=0.1, progress=False)
    assert capsys.readouterr() == ("", "")


# ---- real networks -----------------------------------------------------------------------------


def test_12_3_2_network_learns_wakuis_digits() -> None:
    ds, network = wakui_digits(), Network((12, 3, 2), "sigmoid", "quadratic")
    loss_fn, grad_fn, accuracy_fn = _net_fns(network)
    params = init_params(network, np.random.default_rng(0))
    start = loss_fn(params, ds.X, ds.Y) / len(ds.X)
    trained, history = train(loss_fn, grad_fn, params, ds.X, ds.Y, epochs=100, learning_rate=2.0,
                             accuracy_fn=accuracy_fn, progress=False)
    assert history.losses[-1] < start / 10
    assert history.accuracies is not None and history.accuracies[-1] == 1.0


def test_stop_at_accuracy_stops_early_and_records_the_epochs() -> None:
    ds = xor_clouds(80, np.random.default_rng(1))
    network = Network((2, 8, 1), "tanh", "cross-entropy")
    loss_fn, grad_fn, accuracy_fn = _net_fns(network)
    _, history = train(loss_fn, grad_fn, init_params(network, np.random.default_rng(1)), ds.X, ds.Y, epochs=2000,
                       learning_rate=0.5, batch_size=16, rng=np.random.default_rng(2), accuracy_fn=accuracy_fn,
                       progress=False, stop_at_accuracy=0.95)
    assert history.epochs < 2000 and history.epochs == len(history.losses) == len(history.accuracies)
    assert history.accuracies[-1] >= 0.95 and all(a < 0.95 for a in history.accuracies[:-1])


@pytest.mark.parametrize(
    "predictions, Y, expected",
    [([[0.2], [0.5], [0.9]], [[0], [1], [0]], 2 / 3),
     ([0.7, 0.1], [1, 0], 1.0),
     ([[0.9, 0.2], [0.6, 0.7]], [[1, 0], [1, 0]], 0.5)],
)
def test_accuracy(predictions, Y, expected) -> None:
    assert accuracy(np.array(predictions), np.array(Y)) == pytest.approx(expected)


def test_accuracy_refuses_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="same"):
        accuracy(np.zeros((3, 2)), np.zeros((3, 1)))


def test_history_is_frozen() -> None:
    history = History((1.0,), None, 0.1, 1, 0.1, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        history.epochs = 2  # type: ignore[misc]


# ---- plots -------------------------------------------------------------------------------------


def _assert_real_png(path: Path) -> None:
    assert path.suffix == ".png" and path.stat().st_size > 0
    pixels = matplotlib.image.imread(path)
    assert pixels.ndim == 3 and not np.all(pixels == pixels[0, 0])  # not one flat colour


def test_every_plot_writes_a_png_with_content(tmp_path: Path) -> None:
    ds = wakui_digits()
    history = History(tuple(np.geomspace(1.0, 1e-3, 30)), tuple(np.linspace(0.5, 1.0, 30)), 0.1, 30, 2.0, None)
    W = np.random.default_rng(0).normal(size=(3, 12))
    points = xor_clouds(40, np.random.default_rng(0))
    paths = [
        plot_history(history, tmp_path / "history.png", "loss"),
        plot_decision_boundary(lambda X: 1 / (1 + np.exp(-4 * X[:, :1] * X[:, 1:])), points.X, points.Y,
                               tmp_path / "boundary.png", "xor"),
        plot_decision_boundary(lambda X: np.column_stack([X[:, 0], -X[:, 0]]), points.X,
                               np.column_stack([1 - points.Y, points.Y]), tmp_path / "classes.png", "argmax"),
        plot_image_weights(W, (4, 3), tmp_path / "sub" / "demons.png", "demons"),
        plot_images(ds.X, ds.image_shape, tmp_path / "digits.png", [ds.class_names[i] for i in ds.labels]),
    ]
    for path in paths:
        _assert_real_png(path)


def test_svg_when_asked_and_unknown_formats_refused(tmp_path: Path) -> None:
    history = History((1.0, 0.5), None, 0.1, 2, 0.1, 8)
    path = plot_history(history, tmp_path / "history.svg", "loss")
    assert path.read_text().lstrip().startswith("<?xml") and "<svg" in path.read_text()
    with pytest.raises(ValueError, match=".png or .svg"):
        plot_history(history, tmp_path / "history.jpg", "loss")
