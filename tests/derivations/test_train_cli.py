"""`dlmath train`: the seeds' reproductions with the compiled symbolic gradient, as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from dlmath.numeric.backprop import mlp as backprop
from dlmath.numeric.datasets import wakui_digits
from dlmath.symbolic.models.networks import Network


def dlmath(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *args], capture_output=True, text=True,
                          timeout=300)


def _accuracy(stdout: str) -> float:
    match = re.search(r"training accuracy ([\d.]+) %", stdout)
    assert match, stdout
    return float(match.group(1))


def _not_blank(path: Path) -> None:
    pixels = matplotlib.image.imread(path)
    assert pixels.std() > 0.01, f"{path} is one colour"


def test_wakui_digits_reach_100_percent_and_draw_the_demons(tmp_path: Path) -> None:
    run = dlmath("train", "--data", "wakui-digits", "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert _accuracy(run.stdout) == 100.0
    for name in ("training-curve.png", "hidden-units.png", "dataset.png"):
        _not_blank(tmp_path / name)
    # The saved parameters really classify every image (checked with the hand-written forward pass).
    with np.load(tmp_path / "params.npz") as saved:
        params = {k: saved[k] for k in saved.files}
    data = wakui_digits()
    outputs = backprop.predict(Network((12, 3, 2)), params, data.X)
    assert (outputs.argmax(axis=1) == data.labels).all()


def test_bearden_ring_is_learned_by_a_two_layer_network(tmp_path: Path) -> None:
    run = dlmath("train", "--data", "bearden-ring", "--seed", "1", "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert _accuracy(run.stdout) == 100.0
    _not_blank(tmp_path / "decision-boundary.png")
    assert "epoch" in run.stderr  # the progress bar


def test_sgd_mini_batches_train_too(tmp_path: Path) -> None:
    run = dlmath("train", "--data", "wakui-digits", "--batch", "8", "--epochs", "200", "--lr", "1",
                 "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert _accuracy(run.stdout) == 100.0


@pytest.mark.parametrize("args", [
    ("--data", "mnist"),
    ("--data", "wakui-digits", "--layers", "3,3,2"),
    ("--data", "wakui-digits", "--layers", "12,x"),
    ("--data", "wakui-digits", "--lr", "0"),
    ("--data", "wakui-digits", "--lr", "nan"),
])
def test_bad_input_is_one_line_and_exit_3(args: tuple[str, ...], tmp_path: Path) -> None:
    run = dlmath("train", *args, "-o", str(tmp_path))
    assert run.returncode == 3, run.stderr
    assert run.stderr.startswith("dlmath train: ") and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
