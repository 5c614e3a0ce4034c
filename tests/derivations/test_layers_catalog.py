"""The layer and smooth-activation derivations: every step proved, their parameters read, bad ones refused."""

from __future__ import annotations

import pytest

from dlmath.derivations.core import ORDER, build

NAMES = ("smooth-activations", "softmax-layer", "residual-block", "dropout")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proved_and_in_the_book_before_attention(name: str) -> None:
    derivation = build(name)
    assert derivation.proved, [s.rule for s in derivation.unproved]
    assert ORDER.index("backprop") < ORDER.index(name) < ORDER.index("attention")
    assert derivation.notation  # the chapter opens with its symbols


@pytest.mark.parametrize(("name", "rules"), [
    ("smooth-activations", {"definition", "algebra", "activation derivative", "product rule", "derivative of erf"}),
    ("softmax-layer", {"shift invariance", "log-sum-exp", "softmax derivative", "softmax Jacobian",
                       "vector-Jacobian product", "log-softmax Jacobian"}),
    ("residual-block", {"sum rule", "Jacobian", "identity path", "matrix form"}),
    ("dropout", {"expectation", "constant multiple", "Jacobian", "backward pass"}),
])
def test_the_named_rules_are_there(name: str, rules: set[str]) -> None:
    used = {s.rule for s in build(name).all_steps()}
    assert rules <= used


@pytest.mark.parametrize("width", ["1", "2", "4"])
@pytest.mark.parametrize("name", NAMES[1:])
def test_every_width_is_proved(name: str, width: str) -> None:
    derivation = build(name, width=width)
    assert derivation.proved and f"n = {width}" in derivation.title


def test_the_measured_gap_is_reported() -> None:
    derivation = build("smooth-activations")
    assert r"4.73 \cdot 10^{-4}" in derivation.summary
    assert "0.000473" in derivation.remarks[0] and "measurement" in derivation.remarks[0]


def test_the_overflow_of_the_unshifted_softmax_is_measured() -> None:
    remark = build("softmax-layer").remarks[1]
    assert "NaN in every entry" in remark and "(0.665, 0.245, 0.090)" in remark


@pytest.mark.parametrize(("name", "width", "message"), [
    ("softmax-layer", "5", "1 ≤ n ≤ 4"), ("dropout", "three", "whole number"), ("residual-block", "0", "1 ≤ n ≤ 4"),
])
def test_bad_widths_are_refused(name: str, width: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build(name, width=width)
