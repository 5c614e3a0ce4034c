"""The convolution proof: the derived formulas are proved, wrong ones are not."""

from __future__ import annotations

import pytest

from dlmath.symbolic.models.convolution import GROUPS, ConvRule, ConvSize, prove_convolution


def test_derived_formulas_are_proved_at_the_small_size() -> None:
    proof = prove_convolution(ConvSize(5, 2, 1, 2, 2))
    assert proof.verdict().status == "proved"
    assert {g.name: g.entries for g in proof.groups} == {"deltaF": 16, "wF": 4, "bF": 1, "wO": 8, "bO": 2}
    assert proof.points == 3
    assert len(proof.pattern) == 4


def test_the_books_size_is_proved() -> None:
    assert prove_convolution(ConvSize(6, 3, 3, 2, 3)).verdict().status == "proved"


@pytest.mark.parametrize(("rule", "wrong_groups"), [
    (ConvRule(routing="neighbour"), ("deltaF", "wF", "bF")),           # gradient sent to a non-max position
    (ConvRule(activation_factor=False), ("deltaF", "wF", "bF")),       # σ'(zᶠ) missing
    (ConvRule(orientation="convolution"), ("wF",)),                    # flipped filter
])
def test_wrong_formulas_are_not_proved(rule: ConvRule, wrong_groups: tuple[str, ...]) -> None:
    proof = prove_convolution(ConvSize(5, 2, 1, 2, 2), rule=rule)
    assert proof.verdict().status == "refuted"
    assert proof.verdict().counterexample is not None  # confirmed at 60 digits
    for group in GROUPS:
        status = proof.verdict((group,)).status
        assert (status == "refuted") if group in wrong_groups else (status == "proved"), group


def test_sizes_that_do_not_pool_are_rejected() -> None:
    with pytest.raises(ValueError, match="pooling windows"):
        prove_convolution(ConvSize(4, 2, 1, 2, 2))
    with pytest.raises(ValueError, match="routing"):
        prove_convolution(rule=ConvRule(routing="anywhere"))
