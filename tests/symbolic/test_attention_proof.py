"""The attention proof: the derived backward pass is proved, the classic slips are refuted with counterexamples."""

from __future__ import annotations

import pytest

from dlmath.symbolic.models.attention import GROUPS, AttentionRule, AttentionSize, prove_attention


@pytest.mark.parametrize("size", [AttentionSize(2, 2), AttentionSize(3, 2), AttentionSize(3, 2, causal=True)])
def test_the_derived_backward_pass_is_proved(size: AttentionSize) -> None:
    proof = prove_attention(size)
    assert proof.verdict().status == "proved", proof.verdict().detail
    T, d = size.sequence, size.dim
    assert {g.name: g.entries for g in proof.groups} == {"dS": T * T, "dQ": T * d, "dK": T * d, "dV": T * d,
                                                         "WQ": d * d, "WK": d * d, "WV": d * d, "X": T * d}
    assert all(o.certified for o in proof.result.outcomes)  # every entry has its symbolic certificate


WRONG_SCORES = ("dQ", "dK", "WQ", "WK", "X")  # everything downstream of δS through the scores


@pytest.mark.parametrize(("rule", "wrong_groups"), [
    (AttentionRule(scale_in_backward=False), WRONG_SCORES),                      # the 1/√d forgotten
    (AttentionRule(softmax_jacobian="no-diagonal"), ("dS", *WRONG_SCORES)),       # −p pᵀ without diag(p)
    (AttentionRule(softmax_jacobian="diagonal-only"), ("dS", *WRONG_SCORES)),     # diag(p) without −p pᵀ
])
def test_wrong_backward_passes_are_refuted(rule: AttentionRule, wrong_groups: tuple[str, ...]) -> None:
    proof = prove_attention(AttentionSize(3, 2), rule=rule)
    verdict = proof.verdict()
    assert verdict.status == "refuted"
    assert verdict.counterexample is not None and verdict.counterexample.values  # confirmed at 60 digits
    assert float(verdict.counterexample.difference) != 0
    for group in GROUPS:
        status = proof.verdict((group,)).status
        assert (status == "refuted") if group in wrong_groups else (status == "proved"), group


def test_sizes_too_large_to_expand_are_refused() -> None:
    with pytest.raises(ValueError, match="expanded symbolically"):
        prove_attention(AttentionSize(5, 2))
    with pytest.raises(ValueError, match="softmax_jacobian"):
        prove_attention(rule=AttentionRule(softmax_jacobian="half"))
