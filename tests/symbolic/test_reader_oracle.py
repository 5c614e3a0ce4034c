"""Differential test: on plain algebra (no DL notation) our reader must agree with latex2sympy2.

latex2sympy2 is the independent oracle here, as PyTorch is for micrograd. It
is not used for the DL notation it misreads (w^{l}_{jk} as a power, \\sigma as
an unknown function, a whole equation solved instead of read).
"""

from __future__ import annotations

import warnings

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.symbolic.notation import read_expression

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from latex2sympy2 import latex2sympy

atoms = st.sampled_from(["x", "y", "2", "3", "0.5", r"\frac{1}{3}", "x^{2}", "e^{x}"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda t: f"{t[0]} + {t[1]}"),
        pair.map(lambda t: f"{t[0]} - {t[1]}"),
        pair.map(lambda t: rf"\left({t[0]}\right) \cdot \left({t[1]}\right)"),
        pair.map(lambda t: rf"\frac{{{t[0]}}}{{{t[1]}}}"),
        children.map(lambda a: rf"\left({a}\right)^{{2}}"),
        children.map(lambda a: rf"\sqrt{{{a}}}"),
        children.map(lambda a: rf"\ln\left({a}\right)"),
        children.map(lambda a: rf"\sin\left({a}\right)"),
        children.map(lambda a: rf"e^{{{a}}}"),
    )


plain_latex = st.recursive(atoms, _combine, max_leaves=5)
POINTS = [{"x": sp.Rational(7, 10), "y": sp.Rational(13, 10)}, {"x": sp.Rational(21, 10), "y": sp.Rational(3, 10)}]


def _value(expr: sp.Expr, point: dict[str, sp.Rational]) -> complex | None:
    """The expression's value, or None where it is undefined (ln 0, 1/0): nothing to compare there."""
    try:
        value = complex(sp.N(expr.xreplace({s: point[s.name] for s in expr.free_symbols}), 30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None if value != value or abs(value) > 1e12 else value


@settings(max_examples=150, deadline=None)
@given(plain_latex)
def test_our_reader_agrees_with_latex2sympy2_on_plain_algebra(latex: str) -> None:
    ours = read_expression(latex)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = latex2sympy(latex)
    for point in POINTS:
        a, b = _value(ours, point), _value(theirs, point)
        if a is None or b is None:
            continue
        assert abs(a - b) <= 1e-9 * (1 + abs(a)), (latex, ours, theirs)


def _theirs(latex: str) -> sp.Expr:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return latex2sympy(latex)


def test_where_the_oracle_is_not_trusted_layer_indices() -> None:
    assert isinstance(_theirs(r"w^{l}_{jk}"), sp.Pow)  # a power of a symbol named w_{jk}
    assert isinstance(read_expression(r"w^{l}_{jk}"), sp.Indexed)


def test_where_the_oracle_is_not_trusted_indexed_sums() -> None:
    n = sp.Symbol("n", real=True)
    theirs = _theirs(r"\sum_{i=1}^{n} x_i y_i").subs(sp.Symbol("n"), 2).doit()
    ours = read_expression(r"\sum_{i=1}^{n} x_i y_i").subs(n, 2).doit()
    assert len(theirs.free_symbols) == 2  # 2·x_i·y_i: the index is lost
    assert len(ours.atoms(sp.Indexed)) == 4  # x_1 y_1 + x_2 y_2
