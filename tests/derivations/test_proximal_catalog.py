"""The proximal-l1 derivation (every step proved), wrong-sign soft-thresholding refuted, and the ISTA experiment."""

from __future__ import annotations

import matplotlib.image
import pytest
import sympy as sp

from dlmath.derivations.core import build
from dlmath.derivations.experiment import Config, experiments
from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.verdict import Status


def test_every_step_of_the_soft_thresholding_derivation_is_proved() -> None:
    derivation = build("proximal-l1")
    assert all(step.verdict.status == Status.PROVED for step in (*derivation.steps, derivation.result))
    assert {step.rule for step in derivation.steps} >= {"optimality", "subgradient", "minimum", "soft threshold"}


@pytest.mark.parametrize("wrong", [r"w + \lambda", r"-w + \lambda", r"w"])
def test_soft_thresholding_with_the_wrong_sign_is_refuted(wrong: str) -> None:
    claim = read_claim(r"\operatorname{sign}(w)\max(|w| - \lambda, 0) = " + wrong, [r"w > \lambda", r"\lambda > 0"])
    assert verify(claim).status == Status.REFUTED


def test_the_wrong_sign_candidate_violates_the_optimality_condition() -> None:
    u, w, lam = sp.symbols("u w lambda", real=True)
    slope = sp.Derivative(sp.Rational(1, 2) * (u - w) ** 2 + lam * u, u).subs(u, w + lam)  # u = w + λ, not w − λ
    assert check(slope, 0, conditions=(sp.StrictGreaterThan(lam, 0),)).status == Status.REFUTED


def test_the_ista_experiment_recovers_the_support_with_its_plot(tmp_path) -> None:
    findings = experiments()["ista-support"].run(Config(out=tmp_path, reduced=True, progress=False))
    results = findings.results
    assert results["true_positives"] == results["true_support"] and results["false_positives"] == 0
    assert results["objective_decreases_every_step"] is True
    png = next(f for f in findings.files if f.suffix == ".png")
    assert matplotlib.image.imread(png).shape[1] > 1000
