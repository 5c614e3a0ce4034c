"""One test over the whole registry: every derivation's every step is proved, and each cites a seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlmath.derivations.core import ORDER, Derivation, build, catalog

# One worker builds the whole catalog once for every test that needs it (pytest-xdist).
pytestmark = pytest.mark.xdist_group("catalog")

SEEDS = {p.name for p in (Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("*.txt")} or {
    "000_c0bdae25d982a9c0.txt", "001_f4e3cb575dde6e58.txt", "002_cf0eb5ed628efded.txt",
    "003_2ef027bd369c874d.txt", "004_153ca892f3cbebf4.txt"}


@pytest.mark.parametrize("name", list(catalog()))
def test_every_step_of_every_derivation_is_proved(name: str, all_derivations: dict[str, Derivation]) -> None:
    derivation = all_derivations[name]
    assert derivation.name == name
    unproved = [(s.rule, s.latex()[:120], s.verdict.detail if s.verdict else None) for s in derivation.unproved]
    assert not unproved
    assert derivation.steps and derivation.result.verdict is not None
    assert {s.document for s in derivation.sources} & SEEDS


def test_the_catalog_has_the_issue_s_ten_derivations_in_book_order() -> None:
    names = list(catalog())
    assert set(ORDER) <= set(names), set(ORDER) - set(names)
    assert names[: len(ORDER)] == list(ORDER)


def test_least_squares_iteration_converges_on_other_data() -> None:
    derivation = build("least-squares-slope", data="1:1,2:2,3:3.5")
    assert derivation.proved
    assert "closed form" in derivation.remarks[0]


def test_no_control_characters_in_what_a_reader_sees(all_derivations: dict[str, Derivation]) -> None:
    # A non-raw string with \a or \b in it (\approx, \beta) silently becomes a control character.
    for derivation in all_derivations.values():
        texts = [derivation.title, derivation.summary, *derivation.remarks, *derivation.assumptions,
                 *(s.justification for s in derivation.all_steps())]
        assert not [t for t in texts if any(ord(ch) < 32 and ch not in "\n\t" for ch in t)], derivation.name
