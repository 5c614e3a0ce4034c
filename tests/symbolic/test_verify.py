"""The verifier: a table of claims and the verdict each must get, and the soundness promises."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import check_with_timeout, verify

PROVED = [
    (r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))", []),
    (r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", []),
    (r"\frac{d}{dx}\operatorname{softplus}(x) = \sigma(x)", []),
    (r"\frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1 - \sigma(x))", []),
    (r"\sigma(-x) = 1 - \sigma(x)", []),
    (r"\tanh(x) = 2\sigma(2x) - 1", []),
    (r"\operatorname{ReLU}(x) - \operatorname{ReLU}(-x) = x", []),
    (r"\frac{d}{dx}\operatorname{ReLU}(x) = \operatorname{step}(x)", []),
    (r"\ln(x y) = \ln x + \ln y", ["x > 0", "y > 0"]),
    (r"\frac{\partial J}{\partial \theta} = (c - p) a", [r"J = c \ln p + (1-c)\ln(1-p)", r"p = \sigma(\theta a + b)"]),
    (r"\sum_{i=1}^{n} (a x_i + b) = a\sum_{i=1}^{n} x_i + n b", []),
    (r"\frac{\partial}{\partial x_k}\sum_{i=1}^{n} x_i^2 = 2 x_k", [r"1 \le k \le n"]),
    (r"\frac{\partial}{\partial z_i}\frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}} = s_j(\delta_{ij} - s_i)",
     [r"s_j = \frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}}", r"1 \le i \le K", r"1 \le j \le K"]),
    (r"(AB)^T = B^T A^T", [r"A \in \mathbb{R}^{2 \times 3}", r"B \in \mathbb{R}^{3 \times 2}"]),
    (r"x^T x = \|x\|^2", [r"x \in \mathbb{R}^{3}"]),
    (r"\sigma'(x) \le \frac{1}{4}", []),
    (r"\ln(1 + x) \le x", ["x > -1"]),
    (r"(a + b)^2 \le 2a^2 + 2b^2", []),
    (r"\operatorname{ReLU}(x) \ge x", []),
    (r"\sum_{i=1}^{2} x_{i} = x_{1} + x_{2}", []),  # a finite sum is its terms, not a new variable
    (r"\sigma(z) \ge \frac{1}{2}", [r"z \ge 0"]),
    (r"\sigma(z) > \frac{1}{2}", [r"z > 0"]),  # strict: the infimum 0 is never attained
    (r"z(1 - z) > 0", [r"0 < z < 1"]),
    (r"a^{T} b \le \|a\| \|b\|", [r"a \in \mathbb{R}^{2}", r"b \in \mathbb{R}^{2}"]),
]

REFUTED = [
    (r"\frac{d}{dx}\sigma(x) = \sigma(x)(1+\sigma(x))", []),
    (r"\frac{d}{dx}\tanh(x) = 1 + \tanh^2(x)", []),
    (r"\frac{\partial J}{\partial \theta} = (p - c) a", [r"J = c \ln p + (1-c)\ln(1-p)", r"p = \sigma(\theta a + b)",
                                                        r"0 \le c \le 1"]),
    (r"\sum_{i=1}^{n} (a x_i + b) = a\sum_{i=1}^{n} x_i + b", []),
    (r"\frac{\partial}{\partial z_i}\frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}} = -s_j s_i",
     [r"s_j = \frac{e^{z_j}}{\sum_{k=1}^{K} e^{z_k}}", r"1 \le i \le K", r"1 \le j \le K"]),
    (r"(AB)^T = A^T B^T", [r"A \in \mathbb{R}^{2 \times 2}", r"B \in \mathbb{R}^{2 \times 2}"]),
    (r"(AB)^T = A^T B^T", [r"A \in \mathbb{R}^{2 \times 3}", r"B \in \mathbb{R}^{3 \times 2}"]),
    (r"\ln(1 + x) \ge x", ["x > -1"]),
    (r"\sigma'(x) \le \frac{1}{5}", []),
    (r"\operatorname{ReLU}(x) > x", []),
    (r"\frac{1}{n}\sum_{i=1}^{n} x_i^2 = \sum_{i=1}^{n} x_i^2", [r"n \ge 1"]),
    (r"\ln(p_1) + \ln(p_2) \le -1", [r"0 < p_i \le 1"]),
    (r"\sigma(z) > \frac{1}{2}", [r"z > -1"]),
    (r"z(1 - z) > 0", [r"0 \le z < 1"]),  # fails at z = 0 exactly
]

UNDECIDED = [
    (r"\ln(p_1) + \ln(p_2) \le 0", [r"0 < p_i \le 1"]),  # the condition holds for every i: never refuted
    (r"\frac{\partial C}{\partial w} = a \delta", []),  # C is not defined
    (r"\ln(x^2) = 2\ln(x)", []),                        # true where both sides are real, not provable as stated
]


@pytest.mark.parametrize(("latex", "where"), PROVED)
def test_true_claims_are_proved(latex: str, where: list[str]) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == "proved", verdict


@pytest.mark.parametrize(("latex", "where"), REFUTED)
def test_false_claims_are_refuted_with_a_real_counterexample(latex: str, where: list[str]) -> None:
    claim = read_claim(latex, where)
    verdict = verify(claim)
    assert verdict.status == "refuted", verdict
    assert verdict.counterexample is not None
    if verdict.method != "shape":
        assert_counterexample_fails(latex, where, verdict.counterexample.values)


@pytest.mark.parametrize(("latex", "where"), UNDECIDED)
def test_honestly_undecided(latex: str, where: list[str]) -> None:
    assert verify(read_claim(latex, where)).status == "undecided"


def assert_counterexample_fails(latex: str, where: list[str], values: dict[str, str]) -> None:
    """Independent check: put the reported values into the claim with plain SymPy, evaluate at 40 digits."""
    from dlmath.symbolic.notation.writer import to_latex
    from dlmath.symbolic.verify.prepare import prepare

    for problem in prepare(read_claim(latex, where)):
        sizes = {s: int(values[sp.latex(s)]) for s in problem.integers if sp.latex(s) in values}
        sides = [e.xreplace(sizes).doit() for e in (problem.lhs, problem.rhs)]
        atoms = set().union(*(e.atoms(sp.Symbol, sp.Indexed) for e in sides))
        point = {a: sp.Rational(values[to_latex(a)]) for a in atoms if to_latex(a) in values}
        left, right = (sp.N(e.xreplace(point).rewrite(sp.exp), 40) for e in sides)
        if not (left.is_number and right.is_number):
            continue
        for condition in problem.conditions:
            assert condition.xreplace(sizes).xreplace(point) in (sp.true, True)
        holds = {"=": abs(left - right) < 1e-25, "<=": left <= right, ">=": left >= right,
                 "<": left < right, ">": left > right}[problem.relation]
        if not holds:
            return
    raise AssertionError(f"the counterexample {values} does not refute {latex}")


def test_time_limit_kills_a_pathological_claim() -> None:
    verdict = check_with_timeout(r"2^{2^{2^{2^{40}}}} = 1", timeout=2).verdict
    assert verdict.status == "undecided" and verdict.method == "timeout"
    assert verdict.seconds < 6


def test_unreadable_claim_is_an_error_not_a_crash() -> None:
    checked = check_with_timeout(r"\frac{1}{", timeout=5)
    assert checked.unreadable and checked.verdict.status == "error" and "missing" in checked.verdict.detail


def test_same_seed_same_counterexample() -> None:
    claim = read_claim(r"\sigma(x) = \frac{1}{1 + e^{x}}")
    assert verify(claim, seed=3).counterexample == verify(claim, seed=3).counterexample


def test_symbol_sign_assumptions_bound_the_sampling() -> None:
    """A point outside a symbol's own assumption is no counterexample: v ≥ 0 by declaration, not by --where."""
    from dlmath.symbolic.calculus.activations import sigmoid
    from dlmath.symbolic.calculus.steps import check

    x, v, n = sp.Symbol("x", real=True), sp.Symbol("v", nonnegative=True), sp.Symbol("n", negative=True)
    assert check(sigmoid(x) * (1 - sigmoid(x)) * v, v / 4, "<=").status == "proved"
    wrong = check(sigmoid(x) * (1 - sigmoid(x)) * v, v / 5, "<=")
    assert wrong.status == "refuted" and float(wrong.counterexample.values["v"]) >= 0
    flipped = check(sp.sqrt(n**2), n)
    assert flipped.status == "refuted" and float(flipped.counterexample.values["n"]) < 0
