"""The writer lays sums and products out as a textbook does (symbolic/notation/term_order.py), and what it
prints still reads back to the same expression."""

from __future__ import annotations

import pytest
import sympy as sp

from dlmath.symbolic.notation import read_expression, to_latex

# (what the author wrote, what the writer prints after SymPy has put it in its own order), one row per rule.
TEXTBOOK_FORMS = [
    (r"-y + a", r"a - y"),  # rule 3: positive terms before negative ones
    (r"-m x_i + y_i - b", r"y_{i} - m x_{i} - b"),
    (r"x^2 - x + 1", r"x^{2} - x + 1"),  # rule 2: a polynomial by falling degree, the constant last
    (r"1 + 2x + x^2", r"x^{2} + 2 x + 1"),
    (r"1 - \sigma(z)", r"1 - \sigma\left(z\right)"),  # rule 3: numbers first outside a polynomial
    (r"\frac{1}{1 + e^{-z}}", r"\frac{1}{1 + e^{- z}}"),
    (r"x_{1+k}", r"x_{k + 1}"),  # rule 4: inside an index the number goes last
    (r"-2y + 2a", r"2 \left(a - y\right)"),  # rule 6: the common integer factor out
    (r"2w - 6", r"2 w - 6"),  # ... but not with a number term
    (r"x(2a - 2y)", r"2 x \cdot \left(a - y\right)"),  # ... and it joins a product's coefficient
    (r"S_{xx} n - S_x^2", r"n S_{xx} - S_{x}^{2}"),  # rule 7: bare letters before subscripted names
    (r"(1 - \sigma(z)) \sigma(z)", r"\sigma\left(z\right) \left(1 - \sigma\left(z\right)\right)"),
    (r"-\eta f_x", r"- \eta f_{x}"),
]


@pytest.mark.parametrize(("written", "printed"), TEXTBOOK_FORMS)
def test_the_writer_prints_the_textbook_form(written: str, printed: str) -> None:
    assert to_latex(read_expression(written)) == printed


@pytest.mark.parametrize(("written", "printed"), TEXTBOOK_FORMS)
def test_the_textbook_form_reads_back_to_the_same_expression(written: str, printed: str) -> None:
    assert sp.expand(read_expression(printed) - read_expression(written)) == 0


def test_a_sum_written_by_hand_keeps_its_order_but_does_not_start_with_a_minus() -> None:
    a, b, c = sp.symbols("a b c")
    assert to_latex(sp.Add(c, a, b, evaluate=False)) == "c + a + b"  # a derivation step's order, as built
    assert to_latex(sp.Add(-c, a, b, evaluate=False)) == "a - c + b"
    assert to_latex(sp.Mul(b, a, evaluate=False)) == "b a"


def test_a_bound_index_reused_inside_its_own_sum_is_renamed() -> None:
    # \sum_i a_i^2 \sum_i b_i^2 reads as one sum inside the other over the same i: printed, the inner one is j.
    from dlmath.symbolic.notation import claim_to_latex, read_claim

    claim = read_claim(r"\left(\sum_{i=1}^{n} a_i b_i\right)^2 \le \sum_{i=1}^{n} a_i^2 \sum_{i=1}^{n} b_i^2")
    printed = claim_to_latex(claim)
    assert printed.endswith(r"\sum_{i=1}^{n} \left(a_{i}^{2} \sum_{j=1}^{n} \left(b_{j}^{2}\right)\right)")
    again = read_claim(printed)
    names = {str(s): s for s in again.rhs.atoms(sp.Symbol)}
    i = next(s for s in claim.rhs.atoms(sp.Symbol) if str(s) == "i")
    assert again.rhs.xreplace({names["j"]: i}) == claim.rhs  # the same sum, its inner index renamed


@pytest.mark.parametrize(("written", "members"), [
    (r"\max_i z_i", "n"),
    (r"\max_{i=1}^{n} z_i", "n"),
    (r"\max_{1 \le j \le n} z_j", "n"),
    (r"\min_k (z_k - 1)", "n"),
])
def test_the_maximum_of_a_family_reads_prints_and_reads_back(written: str, members: str) -> None:
    from dlmath.symbolic.calculus.families import MaxOver, MinOver

    value = read_expression(written)
    assert isinstance(value, (MaxOver, MinOver)) and str(value.limits[0][2]) == members
    assert read_expression(to_latex(value)) == value
    three = value.xreplace({value.limits[0][2]: 3}).doit()  # a number of members: SymPy's Max of them
    assert isinstance(three, (sp.Max, sp.Min)) and len(three.args) == 3


def test_a_maximum_over_a_real_variable_is_refused_with_how_to_write_a_family() -> None:
    from dlmath.symbolic.notation import NotationError

    with pytest.raises(NotationError, match=r"family indexed by x"):
        read_expression(r"\max_x f(x)")
