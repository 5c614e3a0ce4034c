"""Four of the seeds' experiments (quadratic roots, test scores, logistic regression, universal approximation):
their helpers, each reduced run's qualitative result, the plots, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
import sympy as sp

from dlmath.derivations.experiment import Config, Findings, experiments
from dlmath.derivations.experiments.logistic_regression import best_line_accuracy
from dlmath.derivations.experiments.quadratic_roots import quadratics, symbolic_facts
from dlmath.numeric.datasets import bearden_ring
from dlmath.numeric.fitting import closed_form_slope, interpolate, logistic_regression, mse, slope_descent

NAMES = ("quadratic-roots", "test-scores-line", "logistic-regression", "universal-approximation")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Findings]:
    known = experiments()
    return {name: known[name].run(Config(seed=0, out=tmp_path_factory.mktemp(name.replace("-", "_")), reduced=True,
                                         progress=False)) for name in NAMES}


def test_closed_form_slope_is_least_squares_and_descent_reaches_it() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0.2, 1.0, 30), rng.uniform(0.0, 1.0, 30)
    best = closed_form_slope(x, y)
    assert best == pytest.approx(np.linalg.lstsq(x[:, None], y, rcond=None)[0][0], rel=1e-12)
    ms = np.linspace(best - 0.5, best + 0.5, 1001)
    assert ms[np.argmin(mse(ms, x, y))] == pytest.approx(best, abs=1e-3)
    iterates = slope_descent(x, y, start=0.0, rate=0.1, steps=300)
    assert abs(iterates[-1] - best) < 1e-6 < abs(iterates[10] - best)
    # too large a step diverges: |1 − 2η mean x²| > 1
    wild = slope_descent(x, y, start=0.0, rate=1.5 / np.mean(x**2), steps=20)
    assert abs(wild[-1] - best) > 10 * abs(best)


def _mean_nll(theta: np.ndarray, X: np.ndarray, c: np.ndarray) -> float:
    z = X @ theta[:2] + theta[2]
    return float(np.mean(c * np.logaddexp(0.0, -z) + (1 - c) * np.logaddexp(0.0, z)))


def test_logistic_step_is_the_derived_gradient_and_the_cost_falls() -> None:
    rng = np.random.default_rng(2)
    X, c = rng.normal(size=(40, 2)), (rng.uniform(size=40) < 0.5).astype(float)
    rate = 0.3
    one = logistic_regression(X, c, steps=1, rate=rate)
    eps = 1e-6
    numerical = np.array([(_mean_nll(eps * e, X, c) - _mean_nll(-eps * e, X, c)) / (2 * eps) for e in np.eye(3)])
    np.testing.assert_allclose(np.append(one.weights, one.bias), -rate * numerical, atol=1e-8)
    fit = logistic_regression(X + 2 * c[:, None], c, steps=200, rate=0.5)
    assert all(later <= earlier + 1e-12 for earlier, later in zip(fit.costs, fit.costs[1:]))


def test_interpolation_hits_every_point() -> None:
    points = np.array([0.3, -0.9, 0.1, 0.75, -0.2])
    values = np.cos(points)
    interpolant = interpolate(points, values, gain=30.0)
    assert interpolant.residual < 1e-12
    np.testing.assert_allclose(interpolant(points), values, atol=1e-12)
    with pytest.raises(ValueError, match="distinct"):
        interpolate(np.array([0.0, 0.5, 0.5]), np.zeros(3), gain=30.0)


def test_quadratic_labels_and_exact_class_probability() -> None:
    X, Y = quadratics(200_000, np.random.default_rng(1))
    a, b, c = X.T
    np.testing.assert_array_equal(Y[:, 0] == 1.0, b**2 >= 4 * a * c)
    facts = symbolic_facts()
    assert facts["degree"] == 2 and facts["homogeneous"] and facts["three_squares"]
    assert facts["tanh_second_difference_is_square"]
    assert sp.simplify(facts["p_zero"] - (sp.Rational(31, 72) - sp.log(2) / 12)) == 0
    assert np.mean(Y == 0) == pytest.approx(float(facts["p_zero"]), abs=0.005)  # 5 standard deviations


def test_best_line_on_the_ring_is_about_two_thirds() -> None:
    ring = bearden_ring(4000, np.random.default_rng(4))
    assert 0.62 <= best_line_accuracy(ring.X, ring.Y[:, 0]) <= 0.72


def test_quadratic_roots_reduced_reaches_98_percent(outcomes: dict[str, Findings]) -> None:
    results = outcomes["quadratic-roots"].results
    assert results["accuracy_zero_roots"] >= 0.98 and results["accuracy_two_roots"] >= 0.98
    assert results["test_zero_roots"] + results["test_two_roots"] == results["test_size"]
    assert outcomes["quadratic-roots"].seed_reported == {"accuracy_zero_roots": 0.9917, "accuracy_two_roots": 1.0}


def test_descent_iterates_approach_the_closed_form(outcomes: dict[str, Findings]) -> None:
    results = outcomes["test-scores-line"].results
    assert results["students"] == 90 and 0 < results["contraction_factor"] < 1 < results["raw_scores_growth_factor"]
    assert results["final_error"] < 1e-4 * abs(results["closed_form_slope"])
    rows = [row for row in outcomes["test-scores-line"].table if row.quantity.startswith("descent $m_")]
    gaps = [abs(float(row.ours.split("=")[1].strip(" )"))) for row in rows]
    assert gaps == sorted(gaps, reverse=True) and len(gaps) >= 5


def test_logistic_regression_fails_on_the_ring_and_the_network_does_not(outcomes: dict[str, Findings]) -> None:
    results = outcomes["logistic-regression"].results
    assert results["clouds_accuracy"] >= 0.9 and results["clouds_final_cost"] < results["clouds_initial_cost"]
    assert results["ring_logistic_accuracy"] < 0.8 and results["ring_best_line_accuracy"] < 0.8
    assert results["ring_network_accuracy"] >= 0.95


def test_sup_error_falls_with_units_and_interpolation_is_exact(outcomes: dict[str, Findings]) -> None:
    results = outcomes["universal-approximation"].results
    errors = [results[f"sup_error_{n}"] for n in (1, 2, 4, 8, 16, 32)]
    assert errors[-1] < errors[0] / 20
    assert sum(later < earlier for earlier, later in zip(errors, errors[1:])) >= 4
    assert results["interpolation_residual"] < 1e-8 and results["interpolation_points"] == 10


@pytest.mark.parametrize("name", NAMES)
def test_plots_are_written_and_not_blank(outcomes: dict[str, Findings], name: str) -> None:
    files = [Path(f) for f in outcomes[name].files]
    assert {f.suffix for f in files} == {".png", ".svg"} and all(f.stat().st_size > 0 for f in files)
    for png in (f for f in files if f.suffix == ".png"):
        assert matplotlib.image.imread(png).std() > 0.01
    assert outcomes[name].notes and outcomes[name].table


def test_cli_json(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "experiment", "test-scores-line", "--reduced",
                          "--json", "--seed", "3", "-o", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["name"] == "test-scores-line" and {"name", "results", "seed_reported"} <= set(data)
    assert data["seed_reported"] == {"students": 90, "step": 0.1}
    assert abs(data["results"]["final_iterate"] - data["results"]["closed_form_slope"]) < 1e-3
    assert (tmp_path / "test_scores_line.png").exists() and (tmp_path / "test_scores_line.svg").exists()
