"""The verifier's promises on the modern corpus: claims in the notation of current deep-learning texts.

modern_claims.jsonl writes formulas the way textbook and paper authors do (\\mathrm{d},
\\mathrm{e}, \\partial_{w_j}, f^{-1}, abstract g(z), \\Phi, x^{(i)}, \\beta_1^{t}, \\text{for all } x,
cases, sums without limits); its labels are held against independent oracles by
test_modern_oracles.py. Figures are printed by tests/corpus/report.py.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import mpmath as mp
import pytest
from audited import audited
from modern_oracles import ORACLES
from oracle_kit import _call, _relation_holds
from written_names import foreign_names

from dlmath.symbolic.verify.verdict import Counterexample, Verdict

CORPUS = Path(__file__).with_name("modern_claims.jsonl")
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
pytestmark = pytest.mark.xdist_group("modern-corpus")   # one worker runs the audit once for all five tests


@pytest.fixture(scope="module")
def verdicts() -> dict[str, Verdict]:
    return audited(CORPUS)


def test_no_false_claim_is_proved(verdicts: dict) -> None:
    proved = [r["id"] for r in RECORDS if not r["truth"] and verdicts[r["id"]].status == "proved"]
    assert proved == []


def test_no_true_claim_is_refuted(verdicts: dict) -> None:
    refuted = [r["id"] for r in RECORDS if r["truth"] and verdicts[r["id"]].status == "refuted"]
    assert refuted == []


def test_at_most_five_percent_unreadable(verdicts: dict) -> None:
    unreadable = [r["id"] for r in RECORDS if verdicts[r["id"]].status == "error"]
    assert len(unreadable) <= 0.05 * len(RECORDS), unreadable


def test_counterexamples_name_only_the_claims_own_symbols(verdicts: dict) -> None:
    wrong = {}
    for record in RECORDS:
        verdict = verdicts[record["id"]]
        if verdict.status != "refuted":
            continue
        assert isinstance(verdict.counterexample, Counterexample), record["id"]
        foreign = foreign_names(verdict.counterexample.values, record["latex"], record["where"])
        if foreign:
            wrong[record["id"]] = foreign
    assert wrong == {}


def test_every_undecided_outcome_says_why(verdicts: dict) -> None:
    silent = [r["id"] for r in RECORDS
              if verdicts[r["id"]].status == "undecided" and not verdicts[r["id"]].detail.strip()]
    assert silent == []


def test_refutations_hold_against_the_independent_oracles(verdicts: dict) -> None:
    """Each scalar counterexample, put into the claim as its hand-written oracle states it, violates it."""
    checked, wrong = 0, []
    for record in RECORDS:
        verdict, oracle = verdicts[record["id"]], ORACLES[record["id"]]
        if verdict.status != "refuted" or oracle.functions:
            continue
        values = {name.lstrip("\\"): value for name, value in verdict.counterexample.values.items()}
        if any("↦" in value for value in values.values()):
            continue  # refuted through a concrete function (every reading refuted): the oracle has no such input
        wanted = set(inspect.signature(oracle.lhs).parameters) | set(inspect.signature(oracle.rhs).parameters)
        if not wanted <= set(values):
            continue  # vectors, sizes or samples: the oracle takes them in another shape
        with mp.workdps(40):
            point = {name: mp.mpf(values[name]) for name in wanted}
            left, right = _call(oracle.lhs, point), _call(oracle.rhs, point)
        if isinstance(left, list) or isinstance(right, list):
            continue
        checked += 1
        if _relation_holds(oracle.relation, left, right):
            wrong.append(record["id"])
    assert checked >= 20, checked
    assert wrong == []
