"""The five derivations after the sigmoid and regression: every step proved, every one citing its seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlmath.derivations.catalog.interpolation import distinct_points
from dlmath.derivations.core import build, catalog

# One worker builds the whole catalog once for every test that needs it (pytest-xdist).
pytestmark = pytest.mark.xdist_group("catalog")

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEEDS = {p.name for p in SEEDS_DIR.glob("*.txt")} or {
    "000_c0bdae25d982a9c0.txt", "001_f4e3cb575dde6e58.txt", "002_cf0eb5ed628efded.txt",
    "003_2ef027bd369c874d.txt", "004_153ca892f3cbebf4.txt"}

EXPECTED_SEEDS = [
    ("gradient-descent", {"003_2ef027bd369c874d.txt"}),
    ("neuron", {"003_2ef027bd369c874d.txt", "000_c0bdae25d982a9c0.txt"}),
    ("transpose-of-product", {"003_2ef027bd369c874d.txt"}),
    ("lagrange-multipliers", {"003_2ef027bd369c874d.txt"}),
    ("interpolation-with-n-units", {"002_cf0eb5ed628efded.txt"}),
]


@pytest.mark.parametrize(("name", "seeds"), EXPECTED_SEEDS)
def test_every_step_is_proved_and_the_seed_is_cited(name: str, seeds: set[str], all_derivations: dict) -> None:
    derivation = all_derivations[name]
    assert derivation.name == name and name in catalog()
    steps = derivation.all_steps()
    unproved = [(s.rule, s.latex()[:120], s.verdict.detail if s.verdict else None)
                for s in steps if s.verdict is None or s.verdict.status != "proved"]
    assert not unproved
    assert derivation.steps and derivation.summary and derivation.title
    cited = {source.document for source in derivation.sources}
    assert cited <= SEEDS  # every source is a real seed file
    assert seeds <= cited
    assert all(source.place for source in derivation.sources)


@pytest.mark.parametrize(("name", "relations"), [
    ("gradient-descent", {"<=", ">="}),
    ("neuron", {"<", ">"}),
    ("lagrange-multipliers", {"<="}),
])
def test_the_inequalities_are_stated_as_inequalities(name: str, relations: set[str], all_derivations: dict) -> None:
    assert relations <= {s.relation for s in all_derivations[name].all_steps()}


def test_the_lagrange_partials_are_recorded_rule_by_rule(all_derivations: dict) -> None:
    derivation = all_derivations["lagrange-multipliers"]
    rules = {s.rule for s in derivation.all_steps()}
    assert {"sum rule", "constant multiple", "identity"} <= rules


def test_interpolation_with_other_points_is_exact() -> None:
    derivation = build("interpolation-with-n-units", data="0:1, 1:0, 2:1, 3:0, 4:5/2")
    assert derivation.proved
    assert derivation.result.before.shape == (5, 1)
    assert len(derivation.result.substeps) == 5


@pytest.mark.parametrize("text", ["1:2,1:3", "1-2", "a:1"])
def test_interpolation_rejects_bad_points(text: str) -> None:
    with pytest.raises(ValueError):
        distinct_points(text)
