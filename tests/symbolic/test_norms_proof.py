"""The normalisation proofs: the derived backward pass is proved, the classic slips are refuted with counterexamples."""

from __future__ import annotations

import pytest

from dlmath.symbolic.models.norms import GROUPS, NormRule, NormSize, prove_norm


@pytest.mark.parametrize("size", [NormSize("layer", 2, 2), NormSize("layer", 2, 3), NormSize("layer", 1, 3),
                                  NormSize("batch", 2, 2), NormSize("batch", 3, 2), NormSize("batch", 3, 1)])
def test_the_derived_backward_pass_is_proved(size: NormSize) -> None:
    proof = prove_norm(size)
    assert proof.verdict().status == "proved", proof.verdict().detail
    B, F, groups = size.batch, size.features, (size.batch if size.kind == "layer" else size.features)
    assert {g.name: g.entries for g in proof.groups} == {"dxhat": B * F, "dvar": groups, "dmu": groups,
                                                         "paths": B * F, "X": B * F, "gamma": F, "beta": F}
    assert all(o.certified for o in proof.result.outcomes)  # every entry has its symbolic certificate


@pytest.mark.parametrize("rule", [NormRule(mean_path=False),   # the −Σ ĝ term dropped
                                  NormRule(variance_path=False),  # the −x̂ Σ ĝ x̂ term dropped
                                  NormRule(scale="N")])           # N/σ̂ in place of 1/(N σ̂)
@pytest.mark.parametrize("size", [NormSize("batch", 2, 2), NormSize("batch", 3, 2), NormSize("layer", 2, 3)])
def test_wrong_compact_forms_are_refuted(rule: NormRule, size: NormSize) -> None:
    proof = prove_norm(size, rule=rule)
    verdict = proof.verdict()
    assert verdict.status == "refuted"
    assert verdict.counterexample is not None and verdict.counterexample.values  # confirmed at 60 digits
    assert float(verdict.counterexample.difference) != 0
    for group in GROUPS:  # only the compact form is wrong: the paths and the parameters' gradients still prove
        assert proof.verdict((group,)).status == ("refuted" if group == "X" else "proved"), group
    assert all(o.status == "refuted" for o in proof.result.outcomes if o.group == "X")  # every entry of ∂L/∂x


def test_sizes_too_large_or_unknown_are_refused() -> None:
    with pytest.raises(ValueError, match="expanded symbolically"):
        prove_norm(NormSize("batch", 5, 2))
    with pytest.raises(ValueError, match="expanded symbolically"):
        prove_norm(NormSize("layer", 2, 1))  # one feature: the statistics of one entry
    with pytest.raises(ValueError, match="kind must be"):
        prove_norm(NormSize("group", 2, 2))
    with pytest.raises(ValueError, match="scale must be"):
        prove_norm(rule=NormRule(scale="2"))
