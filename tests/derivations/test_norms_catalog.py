"""The normalisation derivations: every step proved, the paths named, their parameters read, bad ones refused."""

from __future__ import annotations

import pytest

from dlmath.derivations.core import ORDER, build
from dlmath.derivations.render import plain

PATHS = {"mean derivative", "variance derivative", "power rule", "chain rule", "the variance’s path",
         "the mean’s path", "algebra", "compact form", "parameter gradients"}


@pytest.mark.parametrize(("name", "parameters", "title"), [
    ("layer-norm", {}, "N = 3 features, batch 2"), ("layer-norm", {"features": "2", "batch": "1"}, "N = 2"),
    ("batch-norm", {}, "batch B = 3, 2 features"), ("batch-norm", {"batch": "2", "features": "1"}, "B = 2, 1 feature)"),
])
def test_every_step_is_proved(name: str, parameters: dict[str, str], title: str) -> None:
    derivation = build(name, **parameters)
    assert derivation.proved, [s.rule for s in derivation.unproved]
    assert PATHS <= {s.rule for s in derivation.steps}
    assert title in plain.prose(derivation.title)  # the title as the terminal shows it
    compact = next(s for s in derivation.steps if s.rule == "compact form")
    assert "expanded cost" == compact.verdict.method and compact.verdict.status == "proved"
    algebra = next(s for s in derivation.steps if s.rule == "algebra")  # the sum of the paths is the compact form
    assert algebra.after == compact.after and algebra.verdict.status == "proved"


def test_the_chapters_come_before_attention_in_the_book() -> None:
    assert ORDER.index("layer-norm") + 1 == ORDER.index("batch-norm") == ORDER.index("attention") - 1


@pytest.mark.parametrize(("name", "parameters", "message"), [
    ("layer-norm", {"features": "9"}, "expanded symbolically"), ("layer-norm", {"batch": "two"}, "whole numbers"),
    ("batch-norm", {"batch": "1"}, "expanded symbolically"), ("batch-norm", {"features": "4"}, "expanded symbolically"),
])
def test_bad_parameters_are_refused(name: str, parameters: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build(name, **parameters)


def test_a_hatted_greek_letter_reads_in_the_terminal() -> None:
    assert plain.prose(r"$1/\hat{\sigma}$ and $\hat{x}_i$") == "1/σ\u0302 and x\u0302ᵢ"
