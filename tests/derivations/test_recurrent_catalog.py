"""The recurrent derivations (bptt, linear-rnn-closed-form, vanishing-gradient, lstm) and the linear-rnn-norms run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from dlmath.derivations.core import Derivation, build
from dlmath.derivations.experiment import Config, Findings, experiments
from dlmath.derivations.experiments.linear_rnn_norms import closed_form, iterate, jacobian_by_iteration

SEED_002 = "002_cf0eb5ed628efded.txt"
NAMES = ("bptt", "linear-rnn-closed-form", "vanishing-gradient", "lstm")


@pytest.fixture(scope="module")
def built() -> dict[str, Derivation]:
    return {name: build(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_step_proved_and_cites_seed_002(name: str, built: dict[str, Derivation]) -> None:
    derivation = built[name]
    assert derivation.proved, [(s.rule, s.verdict.detail if s.verdict else None) for s in derivation.unproved]
    assert SEED_002 in {s.document for s in derivation.sources}
    assert len(derivation.steps) >= 5


def test_bptt_says_how_it_indexes_time(built: dict[str, Derivation]) -> None:
    assert "h_{t+1}" in built["bptt"].remarks[0] and "index" in built["bptt"].remarks[0]
    rules = [s.rule for s in built["bptt"].steps]
    assert rules.count("per-step copies") == 5 and "BPTT recursion" in rules


def test_bptt_other_sizes_and_bad_parameters() -> None:
    assert build("bptt", sizes="1,2,1", steps="2").proved
    for bad in ({"sizes": "2,2"}, {"sizes": "a,b,c"}, {"steps": 9}, {"steps": "x"}):
        with pytest.raises(ValueError):
            build("bptt", **bad)


def test_lstm_other_size_and_bad_parameters() -> None:
    assert build("lstm", hidden=1, steps=3).proved
    with pytest.raises(ValueError, match="hidden must be 1 or 2"):
        build("lstm", hidden=3)


def test_lstm_carousel_remark(built: dict[str, Derivation]) -> None:
    carousel = [s for s in built["lstm"].steps if s.rule == "constant error carousel"]
    assert len(carousel) == 1 and str(carousel[0].after) == "f_t"
    assert "constant error carousel" in built["lstm"].remarks[0]


def test_linear_norm_table_is_computed(built: dict[str, Derivation]) -> None:
    table = next(r for r in built["linear-rnn-closed-form"].remarks if r.startswith(r"$\lVert A^k \rVert_2$"))
    values = {rho: [float(v) for v in part.split("$:")[1].split(",")]  # '$\rho = 0.9$: 1.42, 0.401, …'
              for rho, part in zip((0.9, 1.0, 1.1), table.split(r"$\rho$ — ")[1].split(". Below")[0].split("; "))}
    assert values[0.9][-1] < 1e-3 < 1e3 < values[1.1][-1] and 0.5 < values[1.0][-1] < 5


def test_vanishing_bound_remark_is_within_the_bound(built: dict[str, Derivation]) -> None:
    remark = built["vanishing-gradient"].remarks[1]
    ratio = float(remark.split("was ")[1].split(" ")[0])
    assert 0 < ratio <= 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_closed_form_matches_iteration(seed: int) -> None:
    rng = np.random.default_rng(seed)
    A, B = rng.normal(0, 0.5, (3, 3)), rng.normal(size=(3, 2))
    h0, X = rng.normal(size=3), rng.normal(size=(7, 2))
    states = iterate(A, B, h0, X)
    for k in range(1, 8):
        np.testing.assert_allclose(closed_form(A, B, h0, X, k), states[k - 1], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jacobian_by_iteration(A, 7), np.linalg.matrix_power(A, 7), atol=1e-12)
    assert not np.allclose(closed_form(A, B, h0, X, 6), states[6])  # the wrong k is visibly different


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Findings:
    out = tmp_path_factory.mktemp("linear-rnn")
    return experiments()["linear-rnn-norms"].run(Config(seed=0, out=out, reduced=True, progress=False))


def test_norms_vanish_below_and_explode_above_one(outcome: Findings) -> None:
    r = outcome.results
    assert r["norm_at_k40_rho0.9"] < 0.1 and r["norm_at_k40_rho1.1"] > 10
    assert r["growth_per_step_rho0.9"] < 0.95 < 0.99 < r["growth_per_step_rho1.0"] < 1.01 < 1.05 < \
        r["growth_per_step_rho1.1"]
    assert r["closed_form_max_error"] < 1e-10 and r["jacobian_max_error"] < 1e-10
    assert len(outcome.table) == 5 and outcome.notes


def test_norm_plot_is_written_and_not_blank(outcome: Findings) -> None:
    assert sorted(Path(f).suffix for f in outcome.files) == [".png", ".svg"]
    png = next(Path(f) for f in outcome.files if str(f).endswith(".png"))
    assert matplotlib.image.imread(png).std() > 0.01


def test_cli_json(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "experiment", "linear-rnn-norms", "--reduced",
                          "--json", "--seed", "3", "-o", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["name"] == "linear-rnn-norms" and data["seed_reported"]
    assert {"norm_at_k40_rho0.9", "norm_at_k40_rho1.1", "closed_form_max_error"} <= set(data["results"])
    assert (tmp_path / "linear-rnn-norms.png").exists() and (tmp_path / "linear-rnn-norms.svg").exists()


def test_wrong_steps_are_not_proved() -> None:
    import sympy as sp

    from dlmath.derivations.catalog.recurrent import _inputs_term, a, b, k, t, x
    from dlmath.symbolic.calculus.activations import sigmoid
    from dlmath.symbolic.calculus.steps import checked

    wrong_power = checked("constant factor", "", a * _inputs_term(k), sp.Sum(a ** (k + 2 - t) * b * x[t], (t, 1, k)))
    assert not wrong_power.proved
    u = sp.Symbol("u", real=True)
    assert not checked("bound", "", sigmoid(u) * (1 - sigmoid(u)), sp.Rational(1, 5), "<=").proved
