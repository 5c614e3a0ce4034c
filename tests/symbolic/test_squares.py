"""The sum-of-squares certificate: found by the SDP solver, trusted only after the exact rational check."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.squares import _ldl_psd, sos_certificate, sum_of_squares

x, y, z = sp.symbols("x y z", real=True)
a = sp.symbols("a1:5", real=True)
b = sp.symbols("b1:5", real=True)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_lagrange_identity_is_found_for_cauchy_schwarz(n: int) -> None:
    gap = sum(ai**2 for ai in a[:n]) * sum(bi**2 for bi in b[:n]) - sum(ai * bi for ai, bi in zip(a[:n], b[:n]))**2
    squares = sum_of_squares(sp.Poly(sp.expand(gap)))
    assert squares is not None
    total = sum(sp.Rational(d.numerator, d.denominator) * form**2 for d, form in squares)
    assert sp.expand(total - gap) == 0 and all(d > 0 for d, _ in squares)


@pytest.mark.parametrize("gap", [
    x**4 + y**4 - x**3 * y - x * y**3,
    3 * (x**2 + y**2 + z**2) - (x + y + z)**2,
    (x**2 + 1)**2 - 4 * x**2 + x**2 * y**2,
])
def test_non_negative_polynomials_with_a_decomposition_are_proved(gap: sp.Expr) -> None:
    assert "sum of" in sos_certificate(gap, False, ()) or "perfect square" in sos_certificate(gap, False, ())


@pytest.mark.parametrize("gap", [
    x**2 - x * y,  # negative at x = 1, y = 2
    2 * (a[0] * b[0] + a[1] * b[1])**2 - (a[0]**2 + a[1]**2) * (b[0]**2 + b[1]**2),  # the reversed Cauchy–Schwarz
    x**4 - 3 * x**2 * y**2 + y**4,  # indefinite
    x**3 + y**2,  # odd degree
])
def test_polynomials_that_go_negative_get_no_certificate(gap: sp.Expr) -> None:
    assert sos_certificate(gap, False, ()) is None


def test_motzkin_is_non_negative_but_not_a_sum_of_squares_so_no_certificate() -> None:
    motzkin = x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1
    assert sos_certificate(motzkin, False, ()) is None  # honest: nothing is claimed that was not checked


def test_a_strict_inequality_is_not_proved_by_squares_that_may_vanish() -> None:
    assert sos_certificate((x - y)**2, True, ()) is None


def test_exact_elimination_rejects_a_matrix_that_is_not_semidefinite() -> None:
    half = Fraction(1, 2)
    assert _ldl_psd([[Fraction(1), Fraction(2)], [Fraction(2), Fraction(1)]]) is None
    assert _ldl_psd([[Fraction(0), half], [half, Fraction(1)]]) is None  # a zero pivot with a non-zero beside it
    factors = _ldl_psd([[Fraction(1), half], [half, Fraction(1)]])
    assert factors is not None and [d for d, _ in factors] == [1, Fraction(3, 4)]


def test_non_negative_variables_are_written_as_powers_of_their_roots() -> None:
    found = sos_certificate((x + y) / 2 - sp.sqrt(x * y), False, (x >= 0, y >= 0))
    assert found is not None and "roots" in found
    assert sos_certificate((x + y) / 2 - sp.sqrt(x * y), False, ()) is None  # without x, y ≥ 0 it is not claimed


CS3 = r"(a_1 b_1 + a_2 b_2 + a_3 b_3)^2 \le (a_1^2+a_2^2+a_3^2)(b_1^2+b_2^2+b_3^2)"
AMGM3 = r"\frac{x_1+x_2+x_3}{3} \ge \sqrt[3]{x_1 x_2 x_3}"
POSITIVE = [r"x_1 \ge 0", r"x_2 \ge 0", r"x_3 \ge 0"]


@pytest.mark.parametrize(("latex", "where", "status"), [
    (CS3, [], "squares"),
    (CS3.replace(r"\le", r"\ge"), [], "refuted"),
    (r"(a_1 b_1 + a_2 b_2 + a_3 b_3)^2 \le (a_1^2+a_2^2+a_3^2)(b_1+b_2+b_3)^2", [], "refuted"),  # a dropped square
    (AMGM3, POSITIVE, "squares"),
    (AMGM3.replace(r"\ge", r"\le"), POSITIVE, "refuted"),
    (r"x^4 + y^4 \ge x^3 y + x y^3", [], "squares"),
    (r"x^4 + y^4 \ge 2 x^2 y^2", [], "proved"),
    (r"x^4 + y^4 \ge 2 x^3 y", [], "refuted"),  # false: x = 1, y = 0.9
    (r"x^4 + y^4 \ge 3 x^3 y", [], "refuted"),
])
def test_claims_through_the_verifier(latex: str, where: list[str], status: str) -> None:
    """'squares': proved, and by this certificate (the others are proved or refuted by whatever applies)."""
    verdict = verify(read_claim(latex, where))
    assert verdict.status == ("proved" if status == "squares" else status)
    if status == "squares":
        assert "Clarabel" in verdict.detail and "checked exactly" in verdict.detail


MINKOWSKI = r"\sqrt{(a_1+b_1)^2+(a_2+b_2)^2+(a_3+b_3)^2} \le \sqrt{a_1^2+a_2^2+a_3^2}+\sqrt{b_1^2+b_2^2+b_3^2}"


@pytest.mark.parametrize(("latex", "status"), [
    (MINKOWSKI, "proved"),
    (MINKOWSKI.replace(r"\le", r"\ge"), "refuted"),
    (r"\sqrt{(a_1+b_1)^2+(a_2+b_2)^2} \le \sqrt{a_1^2+a_2^2}+\sqrt{b_1^2}", "refuted"),  # a term dropped
    (r"\sqrt{(a_1+b_1)^2+(a_2+b_2)^2} \le \sqrt{a_1^2+a_2^2}+\sqrt{b_1^2+b_2^2}", "proved"),
])
def test_minkowski_by_squaring_both_sides(latex: str, status: str) -> None:
    verdict = verify(read_claim(latex))
    assert verdict.status == status
    if status == "proved":
        assert "compare their squares" in verdict.detail
