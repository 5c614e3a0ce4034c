"""The mod-2 memory experiment: its data, the reduced run's qualitative result, its plot and its CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from dlmath.derivations.experiment import Config, Findings, experiments
from dlmath.numeric.mod2 import make_data, sequence, static_inputs

LSTM_THRESHOLD = 0.95  # the reduced curriculum reaches 1.0 at seed 0; leave room for other platforms' rounding


def test_data_obey_the_recurrence() -> None:
    data = make_data(5000, np.random.default_rng(3))
    assert set(np.unique(data.x)) <= {0.0, 1.0} and data.y[0] in (0.0, 1.0)
    np.testing.assert_array_equal(data.y[1:], (data.x + data.y[:-1]) % 2)
    assert data.split == 3500
    u, target = sequence(data)
    assert u[0] == data.y[0] and np.array_equal(u[1:], data.x) and target is data.y


def test_static_inputs_rows() -> None:
    data = make_data(30, np.random.default_rng(0))
    window = static_inputs(data, "window", 4)
    assert window.shape == (30, 4)
    np.testing.assert_array_equal(window[10], data.x[[10, 9, 8, 7]])  # row t−1 holds x_t, x_{t−1}, …
    np.testing.assert_array_equal(window[1], [data.x[1], data.x[0], 0.0, 0.0])  # x_s = 0 before the start
    np.testing.assert_array_equal(static_inputs(data, "previous")[5], [data.x[5], data.y[5]])
    with pytest.raises(ValueError, match="unknown static input"):
        static_inputs(data, "future")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Findings:
    out = tmp_path_factory.mktemp("mod2")
    return experiments()["mod2-memory"].run(Config(seed=0, out=out, reduced=True, progress=False))


def test_reduced_run_static_is_chance_and_memory_is_exact(outcome: Findings) -> None:
    results = outcome.results
    for key in ("static_test_accuracy", "window_test_accuracy", "window10_test_accuracy"):
        assert 0.4 <= results[key] <= 0.6, (key, results[key])
    assert results["with_previous_output_test_accuracy"] >= 0.99
    assert results["lstm_test_accuracy"] >= LSTM_THRESHOLD
    assert outcome.seed_reported["window_test_accuracy"] == 0.6
    assert len(outcome.table) == 5 and outcome.notes


def test_plot_is_written_and_not_blank(outcome: Findings) -> None:
    suffixes = sorted(Path(f).suffix for f in outcome.files)
    assert suffixes == [".png", ".svg"]
    png = next(Path(f) for f in outcome.files if str(f).endswith(".png"))
    assert matplotlib.image.imread(png).std() > 0.01


def test_cli_json(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "experiment", "mod2-memory",
                          "--reduced", "--json", "--seed", "1", "-o", str(tmp_path)],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["name"] == "mod2-memory"
    keys = {"static_test_accuracy", "window_test_accuracy", "window10_test_accuracy",
            "with_previous_output_test_accuracy", "lstm_test_accuracy"}
    assert keys <= set(data["results"]) and {"static_test_accuracy", "lstm_test_accuracy"} <= set(data["seed_reported"])
    assert all(0.0 <= data["results"][k] <= 1.0 for k in keys)
    assert (tmp_path / "mod2_memory.png").exists()
