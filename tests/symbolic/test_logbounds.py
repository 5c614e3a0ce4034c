"""Logarithms through their tangent bounds: Gibbs' inequality for Bernoulli and Gaussian KL, false twins refuted."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.certificate import nonnegativity_certificate
from dlmath.symbolic.verify.logbounds import log_tangent_certificate

BERNOULLI = r"p\ln\frac{p}{q} + (1-p)\ln\frac{1-p}{1-q} \ge 0"
GAUSSIAN = r"\ln\frac{s_2}{s_1} + \frac{s_1^2 + (m_1-m_2)^2}{2 s_2^2} - \frac{1}{2} \ge 0"
UNIT = [r"0 < p < 1", r"0 < q < 1"]
SCALES = [r"s_1 > 0", r"s_2 > 0"]


@pytest.mark.parametrize(("latex", "where", "status"), [
    (BERNOULLI, UNIT, "proved"),
    (BERNOULLI.replace(r"\ge 0", r"\ge \frac{1}{10}"), UNIT, "refuted"),
    (BERNOULLI.replace(r"\ge", r"\le"), UNIT, "refuted"),
    (GAUSSIAN, SCALES, "proved"),
    (GAUSSIAN.replace(r"\frac{1}{2} \ge", r"1 \ge"), SCALES, "refuted"),  # the −½ replaced by −1
    (GAUSSIAN.replace(r"\frac{s_2}{s_1}", r"\frac{s_1}{s_2}"), SCALES, "refuted"),  # the ratio inverted
])
def test_kl_divergences_and_their_false_twins(latex: str, where: list[str], status: str) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == status
    if status == "proved":
        assert "tangent" in verdict.detail


def test_a_logarithm_is_bounded_only_where_its_argument_is_positive_and_its_coefficient_signed() -> None:
    x, c = sp.symbols("x c", real=True)
    def prove(e, strict, conditions):
        return nonnegativity_certificate(e, strict, conditions)
    assert log_tangent_certificate(sp.log(x) - 1 + 1 / x, False, (x > 0,), prove)  # ln x ≥ 1 − 1/x
    assert log_tangent_certificate(sp.log(x) - 1 + 1 / x, False, (), prove) is None  # x may be negative
    assert log_tangent_certificate(c * sp.log(x), False, (x > 0,), prove) is None  # c of either sign
    assert log_tangent_certificate(sp.log(x) - 1 + 1 / x, True, (x > 0,), prove) is None  # equality at x = 1
