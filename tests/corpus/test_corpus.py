"""The textbook corpus: the verifier's promises measured on 137 claims with known truth.

Figures (rates, timings) are printed by tests/corpus/report.py; this test holds
the promises that must never break.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audited import audited

from dlmath.derivations.audit import run_audit
from dlmath.derivations.sources import ClaimSource
from dlmath.symbolic.notation import claim_to_latex, read_claim
from dlmath.symbolic.verify.verdict import Counterexample, Verdict

CORPUS = Path(__file__).with_name("textbook_claims.jsonl")
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
pytestmark = pytest.mark.xdist_group("textbook-corpus")  # one worker audits the corpus once


def test_corpus_shape() -> None:
    assert len(RECORDS) >= 80
    false = sum(not r["truth"] for r in RECORDS)
    assert 0.3 <= false / len(RECORDS) <= 0.55
    assert {r["kind"] for r in RECORDS} >= {"scalar", "indexed", "matrix", "inequality"}
    assert all(r["source"] and r["id"] for r in RECORDS)
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, Verdict]:
    return audited(CORPUS)


def test_no_false_claim_is_proved_and_no_true_claim_refuted(verdicts: dict) -> None:
    for record in RECORDS:
        verdict = verdicts[record["id"]].status
        if record["truth"]:
            assert verdict != "refuted", record["id"]
        else:
            assert verdict != "proved", record["id"]


def test_refutations_carry_a_counterexample_and_reading_goals_hold(verdicts: dict) -> None:
    for record in RECORDS:
        verdict = verdicts[record["id"]]
        if verdict.status == "refuted":
            assert isinstance(verdict.counterexample, Counterexample), record["id"]
    unreadable = sum(verdicts[r["id"]].status == "error" for r in RECORDS)
    assert unreadable <= 0.02 * len(RECORDS)
    refuted = sum(verdicts[r["id"]].status == "refuted" for r in RECORDS if not r["truth"])
    assert refuted >= 0.95 * sum(not r["truth"] for r in RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_every_corpus_claim_prints_back_to_itself(record: dict) -> None:
    claim = read_claim(record["latex"], record["where"])
    again = read_claim(claim_to_latex(claim), record["where"])
    assert (again.lhs, again.relation, again.rhs) == (claim.lhs, claim.relation, claim.rhs)


def _shifted(record: dict) -> ClaimSource:
    """The true claim L = R made false by construction: L = (R) + 1/7."""
    from dlmath.symbolic.notation.claim import split_relations
    from dlmath.symbolic.notation.tokens import tokenize

    latex = record["latex"]
    sides, _ = split_relations(latex, tokenize(latex))
    right = latex[sides[1][0].pos: sides[1][-1].pos + len(sides[1][-1].text)]
    left = latex[sides[0][0].pos: sides[0][-1].pos + len(sides[0][-1].text)]
    return ClaimSource(rf"{left} = \left({right}\right) + \frac{{1}}{{7}}", tuple(record["where"]), record["id"])


SHIFTABLE = [r for r in RECORDS if r["truth"] and r["kind"] != "matrix" and " = " in f" {r['latex']} "
             and "\\le" not in r["latex"] and "\\ge" not in r["latex"] and "<" not in r["latex"]
             and ">" not in r["latex"]]


def test_true_claims_shifted_by_a_seventh_are_never_proved_and_are_refuted() -> None:
    assert len(SHIFTABLE) >= 30
    results = run_audit([_shifted(r) for r in SHIFTABLE], jobs=2, timeout=20, progress=False)
    for record, result in zip(SHIFTABLE, results):
        assert result.status != "proved", record["id"]
    refuted = sum(r.status == "refuted" for r in results)
    assert refuted >= 0.95 * len(SHIFTABLE), [r.claim.source for r in results if r.status != "refuted"]
