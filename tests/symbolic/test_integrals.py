"""Integrals checked by differentiation: indefinite claims, the fundamental theorem, numeric evidence only."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.notation import NotationError, read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.verdict import Status

PROVED = [
    (r"\int x^2 \, dx = \frac{x^3}{3} + C", []),
    (r"\int \cos(2x) \, \mathrm{d}x = \frac{1}{2}\sin(2x) + K", []),
    (r"\int \frac{1}{x} \, dx = \ln|x| + C", []),
    (r"\int \frac{1}{x} \, dx = \ln x + C", ["x > 0"]),  # the stated domain makes ln x an antiderivative
    (r"\int e^{a x} dx = \frac{e^{a x}}{a} + c", [r"a \ne 0"]),
    (r"\int \sigma(x) \, dx = \ln(1 + e^{x}) + C", []),
    (r"\int \sin(x)\cos(x) \, dx = -\frac{1}{4}\cos(2x) + C", []),  # another antiderivative, another constant
    (r"\frac{x^3}{3} + C = \int x^2 \, dx", []),  # the integral on the right
    (r"\int 2x \, dx = x^2", []),  # the constant may be left out
    (r"\int_0^x t^2 \, \mathrm{d}t = \frac{x^3}{3}", []),
    (r"\int_1^x \frac{1}{t} \, \mathrm{d}t = \ln x", ["x > 0"]),
    (r"\int_0^1 e^{-t^2} \, \mathrm{d}t = \frac{\sqrt{\pi}}{2}\operatorname{erf}(1)", []),
]

REFUTED = [
    (r"\int x^2 \, dx = -\frac{x^3}{3} + C", []),                       # wrong sign
    (r"\int \cos(2x) \, dx = \sin(2x) + C", []),                         # missing chain factor
    (r"\int e^{a x} dx = e^{a x} + C", [r"a \ne 0"]),                    # missing 1/a
    (r"\int \frac{1}{x} \, dx = \ln x + C", []),                         # ln x is not real at x < 0
    (r"\int \sigma(x) \, dx = \ln(1 + e^{-x}) + C", []),
    (r"\int_0^x t^2 \, \mathrm{d}t = \frac{x^3}{2}", []),
    (r"\int_0^1 e^{-t^2} \, \mathrm{d}t = 0.7", []),                     # erf is a checked antiderivative
]

UNDECIDED = [
    (r"\int_0^1 \sin(t^2) \, \mathrm{d}t = 0.3", []),    # no elementary antiderivative: the value is evidence only
    (r"\int_0^1 \sin(t^2) \, \mathrm{d}t = 0.310268301723381", []),
    (r"\int_{-1}^{1} \frac{1}{t^2} \, \mathrm{d}t = -2", []),  # -1/t jumps at 0: no fundamental theorem
]


@pytest.mark.parametrize(("latex", "where"), PROVED)
def test_right_antiderivatives_are_proved(latex: str, where: list[str]) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == Status.PROVED, verdict


@pytest.mark.parametrize(("latex", "where"), REFUTED)
def test_wrong_antiderivatives_are_refuted_at_a_point_of_the_claims_own_symbols(latex: str, where: list[str]) -> None:
    claim = read_claim(latex, where)
    verdict = verify(claim)
    assert verdict.status == Status.REFUTED, verdict
    written = {str(s) for s in sp.Tuple(claim.lhs, claim.rhs).free_symbols}
    assert set(verdict.counterexample.values) <= written, verdict.counterexample


def test_a_wrong_derivative_is_refuted_where_derivative_and_integrand_differ() -> None:
    verdict = verify(read_claim(r"\int \cos(3x) \, dx = \sin(3x) + C"))
    found = verdict.counterexample
    x = sp.Rational(found.values["x"])
    assert float(found.lhs) == pytest.approx(float(3 * sp.cos(3 * x)), rel=1e-12)  # d/dx sin 3x at the point
    assert float(found.rhs) == pytest.approx(float(sp.cos(3 * x)), rel=1e-12)      # the integrand
    assert "C" not in found.values  # the constant of integration drops out


def test_ln_x_is_refuted_where_the_integrand_is_defined_and_the_candidate_is_not() -> None:
    verdict = verify(read_claim(r"\int \frac{1}{x} \, dx = \ln x + C"))
    assert verdict.method.startswith("domain of the antiderivative")
    assert sp.Rational(verdict.counterexample.values["x"]) < 0
    assert verdict.counterexample.rhs == "not a real number"


@pytest.mark.parametrize(("latex", "where"), UNDECIDED)
def test_integrals_without_a_continuous_antiderivative_are_numeric_evidence_only(latex: str, where: list[str]) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == Status.UNDECIDED, verdict
    assert verdict.method == "numeric integration (evidence only)"


def test_the_numeric_value_is_the_evidence() -> None:
    verdict = verify(read_claim(r"\int_0^1 \sin(t^2) \, \mathrm{d}t = 0.3"))
    assert "0.31026830172338" in verdict.evidence
    assert "differ numerically" in verdict.detail


@pytest.mark.parametrize(("latex", "says"), [
    (r"\int x^2 = \frac{x^3}{3} + C", "differential"),
    (r"1 + \int x \, dx = x", "whole side"),
    (r"\int x \, dx \le x^2", "one integral, one ="),
    (r"\int x \, dx = \int x \, dx", "one integral, one ="),
    (r"\int_0 x \, dx = 1", "both limits or none"),
])
def test_unreadable_integrals_are_refused_with_a_message(latex: str, says: str) -> None:
    with pytest.raises(NotationError, match=says):
        read_claim(latex)
