"""Metamorphic tests of the reader: a formula's verdict must not depend on how it is spelled.

spelling_table.ROWS writes each identity of known truth in several equivalent spellings; every
spelling must get the same verdict or be refused ("error"), a false row is never proved and a
true row never refuted. The property test builds identities true by construction
(identity_grammar), mutates them, confirms with its own numeric evaluation that the mutation
is false, and requires that the verifier never proves it (nor refutes the original).
Each check runs in a worker process under a time limit (check_with_timeout runs
worker.check there), so a runaway simplification fails one case instead of hanging the run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from identity_grammar import ATOMS, STRUCTURED, TEMPLATES, mutate, scalar_identity_is_false, structured_is_false
from spelling_table import ROWS

from dlmath.symbolic.verify.worker import check_with_timeout

TIMEOUT = 20.0


def verdict(latex: str, where: tuple[str, ...] = ()) -> str:
    return check_with_timeout(latex, where, timeout=TIMEOUT).verdict.status


def test_the_table_is_large_and_balanced() -> None:
    assert len(ROWS) >= 60
    assert len({r.name for r in ROWS}) == len(ROWS)
    assert sum(r.truth for r in ROWS) >= 25 and sum(not r.truth for r in ROWS) >= 25
    assert all(len(r.spellings) >= 2 and len(set(r.spellings)) == len(r.spellings) for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_every_spelling_gets_one_verdict_and_the_truth_holds(row) -> None:
    verdicts = {spelling: verdict(spelling, row.where) for spelling in row.spellings}
    decided = {v for v in verdicts.values() if v != "error"}
    assert len(decided) <= 1, verdicts
    forbidden = "refuted" if row.truth else "proved"
    assert forbidden not in decided, verdicts


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), a=st.sampled_from(ATOMS), b=st.sampled_from(ATOMS),
       c=st.integers(2, 5), kind=st.sampled_from(["sign", "factor", "drop"]), index=st.integers(0, 2))
def test_mutated_scalar_identities_are_never_proved(template, a, b, c, kind, index) -> None:
    identity = template(a, b, c)
    assert not scalar_identity_is_false(identity)          # the grammar builds true identities
    mutant = mutate(identity, kind, index)
    assume(scalar_identity_is_false(mutant))
    assert verdict(mutant.latex()) != "proved", mutant.latex()
    assert verdict(identity.latex()) != "refuted", identity.latex()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.sampled_from(STRUCTURED), choice=st.integers(0, 2))
def test_indices_changed_and_transposes_dropped_are_never_proved(pair, choice) -> None:
    original, mutants = pair
    assert not structured_is_false(original)
    mutant = mutants[choice % len(mutants)]
    assume(structured_is_false(mutant))
    assert verdict(mutant.latex, mutant.where) != "proved", mutant.latex
    assert verdict(original.latex, original.where) != "refuted", original.latex
