"""The implicit-layer derivation, the IFT gradient without the transpose refuted, gradcheck, the memory experiment."""

from __future__ import annotations

import matplotlib.image
import sympy as sp

from dlmath.derivations.api import check_gradients
from dlmath.derivations.catalog.implicit import IN_RANGE, D, G, I, J, exact_derivative, v, z
from dlmath.derivations.core import build
from dlmath.derivations.experiment import Config, experiments
from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.verify.verdict import Status


def test_every_step_of_the_implicit_layer_derivation_is_proved() -> None:
    derivation = build("implicit-layer")
    assert all(step.verdict.status == Status.PROVED for step in (*derivation.steps, derivation.result))


def test_the_ift_gradient_without_the_transpose_is_refuted() -> None:
    untransposed = (I - J).inv() * v
    direct = sp.Matrix([0, z[0]])  # θ = w_21: a_2 depends on it through z_1
    verdict = check(exact_derivative(direct), (D * untransposed)[1] * z[0], conditions=IN_RANGE)
    assert verdict.status == Status.REFUTED
    assert set(verdict.counterexample.values) <= {str(s) for s in (D * untransposed).free_symbols}
    assert check(exact_derivative(direct), (D * G)[1] * z[0], conditions=IN_RANGE).status == Status.PROVED


def test_gradcheck_implicit_passes() -> None:
    assert check_gradients("implicit").passed


def test_the_memory_experiment_keeps_the_implicit_backward_flat(tmp_path) -> None:
    findings = experiments()["implicit-memory"].run(Config(out=tmp_path, reduced=True, progress=False))
    r = findings.results
    assert r["unrolled_mib_K100"] > r["unrolled_mib_K5"] * 4                 # stored iterates grow with K
    assert abs(r["implicit_mib_K100"] - r["implicit_mib_K5"]) < 0.1 * r["implicit_mib_K5"]
    assert r["unrolled_error_K100"] < 1e-12 and r["implicit_error_K100"] < 1e-12
    png = next(f for f in findings.files if f.suffix == ".png")
    assert matplotlib.image.imread(png).shape[1] > 1000
