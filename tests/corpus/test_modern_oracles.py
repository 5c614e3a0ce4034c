"""The modern corpus's truth labels, held against independent hand-written oracles.

Every claim of modern_claims.jsonl has an oracle in modern_oracles.py (mpmath, 40 digits,
random points inside the conditions, abstract functions instantiated with several smooth
functions); a label the oracle disagrees with is a wrong label, whatever the verifier says.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from modern_oracles import ORACLES
from oracle_kit import holds

CORPUS = Path(__file__).with_name("modern_claims.jsonl")
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_claim_has_an_oracle_and_every_oracle_a_claim() -> None:
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(ORACLES)


def test_corpus_shape() -> None:
    assert len(RECORDS) >= 100
    false = sum(not r["truth"] for r in RECORDS)
    assert 0.35 <= false / len(RECORDS) <= 0.5
    assert {r["kind"] for r in RECORDS} == {"scalar", "indexed", "matrix", "inequality", "function"}
    for record in RECORDS:
        assert set(record) == {"id", "latex", "where", "truth", "kind", "source", "error"}
        assert record["source"] and isinstance(record["where"], list)
        assert (record["error"] is None) == record["truth"], record["id"]


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_the_oracle_agrees_with_the_truth_label(record: dict) -> None:
    assert holds(ORACLES[record["id"]], seed=len(record["id"])) == record["truth"]
