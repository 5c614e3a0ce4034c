"""The lemma table for general n: each lemma matched to its claims, its false twins refuted, and each
lemma's statement re-proved at concrete n by the other certificates (not only cited)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.lemmas import LEMMAS
from dlmath.symbolic.verify.squares import sos_certificate
from dlmath.symbolic.verify.tactics import inequality_tactics

CS = r"\left(\sum_{i=1}^{n} a_i b_i\right)^2 \le \sum_{i=1}^{n} a_i^2 \sum_{i=1}^{n} b_i^2"
AMGM = r"\frac{1}{n}\sum_{i=1}^{n} x_i \ge \left(\prod_{i=1}^{n} x_i\right)^{1/n}"
LSE_LOW = r"\max_i z_i \le \ln\sum_{i=1}^{n} e^{z_i}"
LSE_HIGH = r"\ln\sum_{i=1}^{n} e^{z_i} \le \max_i z_i + \ln n"
P = r"\frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}}"
ENTROPY = rf"-\sum_{{i=1}}^{{n}} {P} \ln {P}"


@pytest.mark.parametrize(("latex", "where", "lemma"), [
    (CS, [], "Cauchy–Schwarz"),
    (r"\left(\sum_{k=1}^{n} a_k b_k\right)^2 \le \left(\sum_{i=1}^{n} a_i^2\right)"
     r"\left(\sum_{j=1}^{n} b_j^2\right)", [], "Cauchy–Schwarz"),
    (r"\left(\sum_{i=1}^{n} x_i\right)^2 \le n\sum_{i=1}^{n} x_i^2", [], "Cauchy–Schwarz"),
    (r"\left(\frac{1}{n}\sum_{i=1}^{n} x_i\right)^2 \le \frac{1}{n}\sum_{i=1}^{n} x_i^2", [], "Cauchy–Schwarz"),
    (AMGM, [r"x_i > 0"], "AM–GM"),
    (r"\left|\sum_{i=1}^{n} x_i\right| \le \sum_{i=1}^{n} |x_i|", [], "triangle"),
    (LSE_LOW, [], "log-sum-exp"),
    (LSE_HIGH, [], "log-sum-exp"),
    (r"\ln\sum_{k=1}^{n} e^{z_k} - \ln n \le \max_{1 \le j \le n} z_j", [], "log-sum-exp"),
    (ENTROPY + r" \le \ln n", [], "entropy"),
    (ENTROPY + r" \ge 0", [], "entropy"),
    (r"-\sum_{i=1}^{n} \operatorname{softmax}(z)_i \ln \operatorname{softmax}(z)_i \le \ln n", [], "entropy"),
    (r"\min_i z_i \le \frac{1}{n}\sum_{i=1}^{n} z_i", [], "smallest and the largest"),
    (r"\sum_{i=1}^{n} x_i^2 \le n \max_k x_k^2", [], "smallest and the largest"),
])
def test_general_n_claims_are_proved_by_a_named_lemma(latex: str, where: list[str], lemma: str) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == "proved" and lemma in verdict.detail and "general n" in verdict.detail


@pytest.mark.parametrize(("latex", "where"), [
    (CS.replace(r")^2 \le", r")^2 \ge"), []),  # reversed
    (r"\left(\sum_{i=1}^{n} a_i b_i\right)^2 \le \sum_{i=1}^{n} a_i^2 \sum_{i=1}^{n} b_i", []),  # a dropped square
    (r"\left(\sum_{i=1}^{n} x_i\right)^2 \le \sum_{i=1}^{n} x_i^2", []),  # the n dropped
    (r"\left(\sum_{i=1}^{n} x_i\right)^2 \le \frac{1}{n}\sum_{i=1}^{n} x_i^2", []),  # 1/n in place of n
    (AMGM.replace(r"\ge", r"\le"), [r"x_i > 0"]),
    (AMGM, []),  # AM–GM needs non-negative terms
    (r"\sum_{i=1}^{n} |x_i| \le \left|\sum_{i=1}^{n} x_i\right|", []),
    (LSE_HIGH.replace(r" + \ln n", ""), []),  # the ln n missing
    (LSE_LOW.replace(r"\le", r"\ge"), []),  # reversed
    (r"\ln\sum_{i=1}^{n} e^{z_i} \le \max_i z_i + \frac{1}{n}", []),  # 1/n in place of ln n
    (ENTROPY + r" \le \frac{1}{n}", []),
    (ENTROPY + r" \ge \ln n", []),  # reversed
    (r"\max_i z_i \le \frac{1}{n}\sum_{i=1}^{n} z_i", []),  # max and mean swapped
    (r"\sum_{i=1}^{n} x_i^2 \le \max_k x_k^2", []),  # the n dropped
])
def test_false_twins_are_refuted(latex: str, where: list[str]) -> None:
    assert verify(read_claim(latex, where)).status == "refuted"


def test_a_strict_claim_is_not_proved_by_a_lemma_that_holds_with_equality() -> None:
    verdict = verify(read_claim(r"\left(\sum_{i=1}^{n} x_i\right)^2 < n\sum_{i=1}^{n} x_i^2"))
    assert verdict.status != "proved"


@pytest.mark.parametrize("n", [2, 3, 4])
def test_each_lemma_holds_at_concrete_n_by_the_other_certificates(n: int) -> None:
    u, v = sp.symbols(f"u1:{n + 1}", real=True), sp.symbols(f"v1:{n + 1}", real=True)
    cauchy = sum(a**2 for a in u) * sum(b**2 for b in v) - sum(a * b for a, b in zip(u, v))**2
    assert sos_certificate(cauchy, False, ())
    positive = tuple(a >= 0 for a in u)  # AM–GM by squares in the roots of the terms
    assert sos_certificate(sum(u) / n - sp.Mul(*u) ** sp.Rational(1, n), False, positive)
    if n <= 3:  # the case split's regions grow as 3ⁿ: n = 4 is over its limit
        assert inequality_tactics(sp.Abs(sum(u)), sum(sp.Abs(a) for a in u), False, ())


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_the_log_sum_exp_and_entropy_bounds_hold_at_concrete_n_numerically(n: int) -> None:
    # The concrete instances are beyond the other certificates (the entropy's logarithms), so the statement
    # the lemmas cite is checked at random points, with large spreads, as a guard on the citation's form.
    rng = np.random.default_rng(n)
    z = rng.normal(scale=rng.choice([0.1, 1.0, 10.0], size=(2000, 1)), size=(2000, n))
    largest = z.max(axis=1)
    lse = largest + np.log(np.exp(z - largest[:, None]).sum(axis=1))
    p = np.exp(z - lse[:, None])
    entropy = -(p * np.log(np.where(p > 0, p, 1.0))).sum(axis=1)
    slack = 1e-9 * (1 + np.abs(largest))
    assert np.all(largest <= lse + slack) and np.all(lse <= largest + np.log(n) + slack)
    assert np.all(entropy >= -1e-12) and np.all(entropy <= np.log(n) + 1e-9)


def test_every_lemma_is_cited() -> None:
    assert all(lemma.citation and lemma.name for lemma in LEMMAS)
