"""The case-split and Jensen certificates: each rule on its own, then claims with their false twins."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.calculus.activations import relu, softplus
from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.verify import verify
from dlmath.symbolic.verify.cases import PIECES, abstract_products, case_certificate, regions
from dlmath.symbolic.verify.certificate import nonnegativity_certificate
from dlmath.symbolic.verify.convexity import jensen_certificate

x, y, z, a, b, t = sp.symbols("x y z a b t", real=True)
lam = sp.Symbol("lambda", real=True)
HUBER = r"\begin{cases} \frac{x^2}{2} & |x| \le 1 \\ |x| - \frac12 & \text{otherwise} \end{cases}"


@pytest.mark.parametrize(("atom", "count"), [
    (relu(x), 2), (sp.Abs(x), 2), (sp.Max(x, y), 2), (sp.Min(x, y, z), 3), (sp.sign(x), 3),
    (sp.Heaviside(x), 3), (sp.Piecewise((x, x > 1), (0, True)), 2), (sp.Piecewise((x, x > 1)), 2),
])
def test_every_atom_has_pieces_that_cover_the_line(atom: sp.Expr, count: int) -> None:
    assert len(PIECES[type(atom)](atom)) == count


def test_regions_are_consistent_and_each_expression_is_kink_free() -> None:
    found = regions(sp.Abs(a) + sp.Abs(b) - sp.Abs(a + b))
    assert found is not None and len(found) == 6
    assert all(not r.expr.atoms(*PIECES) for r in found)


def test_a_contradictory_region_is_dropped() -> None:
    found = regions(sp.Max(z, 0) + sp.Abs(z))  # z ≥ 0 for one atom and z < 0 for the other never both hold
    assert found is not None and len(found) == 2


def test_a_product_becomes_one_variable_only_when_its_symbols_enter_through_it_alone() -> None:
    assert abstract_products(sp.Max(0, 1 - t * y), ())[2]
    assert not abstract_products(sp.Max(0, 1 - t * y) + t, ())[2]


def test_a_case_split_needs_every_region() -> None:
    prove = lambda e, c: nonnegativity_certificate(e, False, c)  # noqa: E731
    assert case_certificate(softplus(x) - relu(x), (), prove)
    assert case_certificate(relu(x) - softplus(x), (), prove) is None


def test_jensen_needs_weights_that_sum_to_one_and_the_right_curvature() -> None:
    mixed = sp.exp(lam * a + (1 - lam) * b)
    mean = lam * sp.exp(a) + (1 - lam) * sp.exp(b)
    unit = (lam >= 0, lam <= 1)
    assert "convex" in jensen_certificate(mixed, mean, False, unit)
    assert jensen_certificate(mean, mixed, False, unit) is None  # the concave direction is false
    assert jensen_certificate(mixed, mean, False, ()) is None  # weights of unknown sign
    kinked = (relu(lam * a + (1 - lam) * b), lam * relu(a) + (1 - lam) * relu(b))
    assert jensen_certificate(*reversed(kinked), False, unit) is None  # ReLU is not concave (f'' = 0 lies)
    assert jensen_certificate(sp.exp(lam * a + lam * b), lam * sp.exp(a) + lam * sp.exp(b), False, unit) is None


UNIT = [r"0 \le \lambda \le 1"]
PROVED = [
    (r"\operatorname{softplus}(x) \ge \operatorname{ReLU}(x)", []),
    (r"\max(z,0) - zy + \ln(1+e^{-|z|}) = -y\ln\sigma(z) - (1-y)\ln(1-\sigma(z))", []),
    (r"\max(0, 1 - y t) \ge \mathbb{1}[y t \le 0]", []),
    (HUBER + r" \le |x|", []),
    (HUBER + r" \le \frac{x^2}{2}", []),
    (r"\operatorname{softplus}(\lambda a + (1-\lambda) b) \le \lambda \operatorname{softplus}(a) "
     r"+ (1-\lambda)\operatorname{softplus}(b)", UNIT),
    (r"\ln(\lambda a + (1-\lambda) b) \ge \lambda \ln a + (1-\lambda)\ln b", [*UNIT, "a > 0", "b > 0"]),
    (r"e^{\frac{a+b+c}{3}} \le \frac{e^a+e^b+e^c}{3}", []),
]
REFUTED = [
    (r"\operatorname{softplus}(x) \le \operatorname{ReLU}(x)", []),
    (r"\max(z,0) - zy + \ln(1+e^{-z}) = -y\ln\sigma(z) - (1-y)\ln(1-\sigma(z))", []),
    (r"\max(0, 1 - y t) \le \mathbb{1}[y t \le 0]", []),
    (HUBER + r" \le \frac{|x|}{2}", []),
    (r"\operatorname{softplus}(\lambda a + (1-\lambda) b) \ge \lambda \operatorname{softplus}(a) "
     r"+ (1-\lambda)\operatorname{softplus}(b)", UNIT),
    (r"\ln(\lambda a + (1-\lambda) b) \le \lambda \ln a + (1-\lambda)\ln b", [*UNIT, "a > 0", "b > 0"]),
    (r"(\lambda a + (1-\lambda) b)^2 \le \lambda a^2 + (1-\lambda) b^2", []),
]


@pytest.mark.parametrize(("latex", "where"), PROVED)
def test_proved_with_a_sentence(latex: str, where: list[str]) -> None:
    verdict = verify(read_claim(latex, where))
    assert verdict.status == "proved", verdict
    assert "regions" in verdict.detail or "Jensen" in verdict.detail


@pytest.mark.parametrize(("latex", "where"), REFUTED)
def test_false_twins_are_refuted(latex: str, where: list[str]) -> None:
    assert verify(read_claim(latex, where)).status == "refuted"


def test_log_fold_needs_a_positive_argument_and_the_right_side_of_one() -> None:
    from dlmath.symbolic.verify.logfold import log_fold_certificate
    assert log_fold_certificate(sp.log(1 + sp.exp(x)) - x, True, ())
    assert log_fold_certificate(sp.log(1 + sp.exp(x)) - x - 1, False, ()) is None  # false at x = 0
    assert log_fold_certificate(sp.log(x) - x, False, ()) is None  # x > 0 is not known


@pytest.mark.parametrize(("latex", "status"), [
    (r"\operatorname{softplus}(x) > \operatorname{ReLU}(x)", "proved"),
    (r"\operatorname{softplus}(x) > \operatorname{ReLU}(x) + 1", "refuted"),
])
def test_strict_softplus_above_relu(latex: str, status: str) -> None:
    assert verify(read_claim(latex)).status == status


def test_a_quadratic_form_is_non_negative_only_with_a_semidefinite_matrix() -> None:
    from dlmath.symbolic.verify.forms import quadratic_form_certificate
    c = sp.Symbol("c", real=True)
    assert quadratic_form_certificate(3 * (a**2 + b**2 + c**2) - (a + b + c) ** 2, False, ())
    assert quadratic_form_certificate(2 * (a**2 + b**2 + c**2) - (a + b + c) ** 2, False, ()) is None
    assert quadratic_form_certificate(a**2 - 2 * a + 1, False, ())  # with the constant: (a − 1)²
    assert quadratic_form_certificate(a**2 - 2 * a, False, ()) is None


def test_an_even_expression_is_written_through_absolute_values_only_when_even() -> None:
    from dlmath.symbolic.verify.forms import through_absolute_values
    assert not through_absolute_values(a**2 - sp.Abs(a) * sp.Abs(b) + b**2).has(sp.Abs)
    assert through_absolute_values(a - sp.Abs(a)).has(sp.Abs)  # a is not even: |a| stays


NORMS = [r"\mathbf{x} \in \mathbb{R}^{3}"]


@pytest.mark.parametrize(("latex", "status"), [
    (r"\|\mathbf{x}\|_\infty \le \|\mathbf{x}\|_2", "proved"),
    (r"\|\mathbf{x}\|_2 \le \|\mathbf{x}\|_\infty", "refuted"),
    (r"\|\mathbf{x}\|_1 \le \sqrt{3}\, \|\mathbf{x}\|_2", "proved"),
    (r"\|\mathbf{x}\|_1 \le \sqrt{2}\, \|\mathbf{x}\|_2", "refuted"),
    (r"(x+y+z)^2 \le 3(x^2+y^2+z^2)", "proved"),
    (r"(x+y+z)^2 \le 2(x^2+y^2+z^2)", "refuted"),
])
def test_norm_bounds_and_the_power_mean_at_n_3(latex: str, status: str) -> None:
    # the vector's declaration only where the claim writes the vector: a plain x beside a declared \mathbf{x}
    # is refused (the vector unbolded, or a number?)
    assert verify(read_claim(latex, NORMS if r"\mathbf" in latex else [])).status == status
