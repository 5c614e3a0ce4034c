"""The attention derivation: every step proved, its parameters read, bad ones refused with one line."""

from __future__ import annotations

import pytest

from dlmath.derivations.core import build


@pytest.mark.parametrize("parameters", [{}, {"sequence": "2", "mask": "causal"}])
def test_every_step_is_proved(parameters: dict[str, str]) -> None:
    derivation = build("attention", **parameters)
    assert derivation.proved, [s.rule for s in derivation.unproved]
    rules = [s.rule for s in derivation.steps]
    assert {"softmax derivative", "softmax backward", "chain rule", "matrix form"} <= set(rules)
    assert ("causal" in derivation.title) == ("mask" in parameters)


@pytest.mark.parametrize(("parameters", "message"), [
    ({"sequence": "9"}, "expanded symbolically"), ({"dim": "two"}, "whole numbers"),
    ({"mask": "future"}, "mask must be"),
])
def test_bad_parameters_are_refused(parameters: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build("attention", **parameters)
