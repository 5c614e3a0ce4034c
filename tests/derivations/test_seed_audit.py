"""The built-in audit against the truth labels of the transcribed seed formulas."""

from __future__ import annotations

import json
from importlib import resources

from dlmath.derivations.audit import run_audit
from dlmath.derivations.sources import seed_claims


def test_every_seed_claim_gets_a_verdict_that_matches_its_truth() -> None:
    records = [json.loads(line) for line in
               resources.files("dlmath.derivations").joinpath("data", "seed_claims.jsonl").read_text().splitlines()
               if line.strip()]
    claims = seed_claims()
    assert len(claims) == len(records) >= 25
    assert {c.source[:3] for c in claims} == {"000", "001", "002", "003", "004"}
    results = run_audit(claims, jobs=2, timeout=20, progress=False)
    for record, result in zip(records, results):
        status = result.status
        assert status != "error", (record["latex"], result.checked.verdict.detail)
        if record["truth"]:
            assert status != "refuted", (record["source"], result.checked.verdict.counterexample)
        else:
            assert status == "refuted", (record["source"], result.checked.verdict.detail)
    refuted = {r["source"][:3] for r, res in zip(records, results) if res.status == "refuted"}
    assert "004" in refuted  # the chain-rule signs against J = c ln p + (1-c) ln(1-p)
