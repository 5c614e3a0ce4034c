"""Seed 001's symbolic-integration experiment: right answers proved, typical wrong ones refuted, never the reverse."""

from __future__ import annotations

import matplotlib.image
import pytest

from dlmath.derivations.experiment import Config, experiments
from dlmath.derivations.experiments.symbolic_integration import CANDIDATES, RIGHT, Candidate, check_candidates


def test_the_table_holds_each_kind_of_mistake_the_brief_names() -> None:
    kinds = {c.kind for c in CANDIDATES}
    assert {"wrong sign", "missing chain factor", "ln x for ln|x|", "missing 1/a", RIGHT} <= kinds


def test_no_right_answer_is_refuted_and_no_wrong_one_proved(tmp_path: pytest.TempPathFactory) -> None:
    findings = experiments()["symbolic-integration"].run(Config(out=tmp_path, reduced=True, progress=False))
    results = findings.results
    assert results["unsound_verdicts"] == 0
    assert results["wrong_refuted"] == results["wrong_answers"]
    assert results["right_proved"] >= results["right_answers"] - 1  # ln|ax+b|/a is honestly undecided
    png = next(f for f in findings.files if f.suffix == ".png")
    assert matplotlib.image.imread(png).shape[0] > 200


def test_the_domain_decides_ln_x() -> None:
    plain, positive = (Candidate("\\frac{1}{x}", "\\ln x", RIGHT, where) for where in ((), ("x > 0",)))
    assert [o.status for o in check_candidates((plain, positive), jobs=1)] == ["refuted", "proved"]
