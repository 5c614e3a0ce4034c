"""The wakui-cnn experiment (reduced) and the convolution derivation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matplotlib.image import imread

from dlmath.derivations.core import build
from dlmath.derivations.experiment import Config, experiments

ROOT = Path(__file__).resolve().parents[2]


def test_reduced_run_reaches_100_percent_and_draws(tmp_path: Path) -> None:
    outcome = experiments()["wakui-cnn"].run(Config(seed=0, out=tmp_path, reduced=True, progress=False))
    assert outcome.results["train_accuracy"] == 1.0
    assert outcome.results["epochs_to_100_percent"] == outcome.results["epochs"] < 1500
    for name in ("wakui-cnn-filters", "wakui-cnn-maps"):
        image = imread(tmp_path / f"{name}.png")
        assert image[..., :3].std() > 0.05, name
        assert (tmp_path / f"{name}.svg").stat().st_size > 5000
    assert len(outcome.files) == 4


def test_cli_json(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "experiment", "wakui-cnn",
                           "--reduced", "--json", "-o", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["name"] == "wakui-cnn"
    assert data["results"]["train_accuracy"] == 1.0
    assert {"train_accuracy", "epochs"} <= set(data["results"])
    assert "network" in data["seed_reported"]


def test_convolution_derivation_is_proved() -> None:
    derivation = build("convolution")
    assert derivation.proved, [s.verdict for s in derivation.unproved]
    assert len(derivation.steps) == 8
