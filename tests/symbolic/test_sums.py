"""General-n identities: sums closed exactly, their piecewise cases settled only by what is known."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.sums import decide, known_ranges, settle

beta = sp.Symbol("beta", real=True)
i, j, n = sp.symbols("i j n", integer=True)
z = sp.IndexedBase("z")


def test_a_case_is_settled_by_the_bounds_and_by_a_stated_inequality() -> None:
    assert decide(sp.Eq(1 / beta, 1), (beta > 0, beta < 1)) is sp.false
    assert decide(sp.Eq(beta, 1), (sp.Ne(beta, 1),)) is sp.false
    assert decide(sp.Eq(beta, 1), (beta > 0,)) == sp.Eq(beta, 1)  # β = 1 is still possible: not settled


def test_a_summation_index_lies_in_its_own_range() -> None:
    body = sp.Piecewise((z[i], (i >= 1) & (i <= n)), (0, True))
    assert settle(sp.Sum(body, (i, 1, n)), (sp.Ge(n, 1),)) == sp.Sum(z[i], (i, 1, n))
    from_zero = sp.Piecewise((z[i], i >= 1), (0, True))  # i ≤ n is settled by the range, i ≥ 1 is not
    assert settle(sp.Sum(body, (i, 0, n)), (sp.Ge(n, 1),)) == sp.Sum(from_zero, (i, 0, n))


def test_a_sum_that_may_run_backwards_settles_nothing() -> None:
    body = sp.Piecewise((z[i], (i >= 1) & (i <= n)), (0, True))
    assert settle(sp.Sum(body, (i, 1, n - 3)), (sp.Ge(n, 1),)) == sp.Sum(body, (i, 1, n - 3))
    assert settle(sp.Sum(body, (i, 1, n - 1)), (sp.Ge(n, 1),)) != sp.Sum(body, (i, 1, n - 1))


def test_a_free_index_takes_its_familys_range() -> None:
    facts, said = known_ranges(frozenset({n}), frozenset({j}), sp.Tuple(z[j], sp.Sum(z[i], (i, 1, n))))
    assert sp.Ge(j, 1, evaluate=False) in facts and any("j in 1…n" in s for s in said)


PROVED = [
    (r"\sum_{i=1}^{t}(1-\beta)\beta^{t-i} = 1-\beta^{t}", [r"0 < \beta < 1"]),
    (r"\sum_{k=0}^{n-1} r^k = \frac{1-r^n}{1-r}", [r"r \ne 1"]),
    (r"\sum_{i=1}^{n} \frac{\partial}{\partial z_i}\ln\sum_{k=1}^{n} e^{z_k} = 1", []),
    (r"\frac{\partial}{\partial z_j}\sum_{k=1}^{n} e^{z_k} = e^{z_j}", []),
    # no r ≠ 1 stated: the claim's own denominator 1 − r says it (SymPy's case r = 1 is settled by it)
    (r"\sum_{k=0}^{n-1} r^k = \frac{1-r^n}{1-r}", []),
    (r"\sum_{t=1}^{T} \gamma^{t-1} = \frac{1 - \gamma^T}{1 - \gamma}", []),  # ^T beside \sum^{T}: a power
]
REFUTED = [
    (r"\sum_{t=1}^{T} \gamma^{t-1} = \frac{1 - \gamma^{T+1}}{1 - \gamma}", []),
    (r"\sum_{i=1}^{t}(1-\beta)\beta^{t-i} = 1-\beta^{t+1}", [r"0 < \beta < 1"]),
    (r"\sum_{i=1}^{t}(1-\beta)\beta^{i} = 1-\beta^{t}", [r"0 < \beta < 1"]),
    (r"\sum_{k=0}^{n-1} r^k = \frac{1-r^{n+1}}{1-r}", [r"r \ne 1"]),
    (r"\sum_{i=1}^{n} \frac{\partial}{\partial z_i}\ln\sum_{k=1}^{n} e^{z_k} = n", []),
    (r"\frac{\partial}{\partial z_j}\sum_{k=1}^{n} e^{z_k} = \sum_{k=1}^{n} e^{z_k}", []),
]


@pytest.mark.parametrize(("latex", "where"), PROVED)
def test_proved_for_general_n(latex: str, where: list[str]) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == "proved", verdict
    assert verdict.detail.startswith(("For general ", "For sums of every length")), verdict.detail


@pytest.mark.parametrize(("latex", "where"), REFUTED)
def test_false_twins_are_refuted(latex: str, where: list[str]) -> None:
    assert verify(read_claim(latex, where)).status == "refuted"
