"""Small content fixes of issue 15: seeds by title, plurals, the filter index, math in the rules' prose."""

from __future__ import annotations

import sympy as sp

from dlmath.derivations.derivation import Source
from dlmath.derivations.render import tex
from dlmath.derivations.render.outline import inline
from dlmath.derivations.seeds import SEEDS
from dlmath.symbolic.calculus.steps import differentiate
from dlmath.symbolic.models.convolution import ConvSize


def test_a_seed_is_cited_by_author_and_title_not_by_its_file_name() -> None:
    source = Source("004_153ca892f3cbebf4.txt", "logistic regression")
    assert source.citation == "Bearden (UT Tyler), “The Mathematics of Deep Learning” (seed 004), logistic regression"
    assert "153ca892" not in tex.prose(source.citation)
    assert Source("notes.tex", "eq. 3").citation == "`notes.tex`, eq. 3"   # not a seed: its name, as code
    assert len(SEEDS) == 5 and all(s.file.startswith(s.number + "_") for s in SEEDS.values())


def test_sizes_read_as_english() -> None:
    assert "1 filter 2×2" in ConvSize(5, 2, 1, 2, 1).label and "1 output" in ConvSize(5, 2, 1, 2, 1).label
    assert "3 filters 3×3" in ConvSize(6, 3, 3, 2, 3).label and "3 outputs" in ConvSize(6, 3, 3, 2, 3).label


def test_the_rules_state_their_identities_as_math_not_as_text() -> None:
    x = sp.Symbol("x", real=True)
    _, step = differentiate(1 / (1 + sp.exp(-x)) * x**3 + sp.sin(x) ** 2, x)

    def walk(s):  # noqa: ANN001, ANN202 - a local helper over Steps
        yield s
        for sub in s.substeps:
            yield from walk(sub)
    for s in walk(step):
        for kind, content in inline(s.justification):
            assert kind in ("text", "math"), (s.rule, s.justification)
            assert not any(c in content for c in "_^'′²") or kind == "math", (s.rule, s.justification)
        assert r"\_" not in tex.prose(s.justification) and r"\textasciicircum" not in tex.prose(s.justification)


def test_a_bound_written_as_a_decimal_prints_as_one_and_is_still_exact() -> None:
    from dlmath.derivations.catalog.regression import least_squares_slope
    from dlmath.symbolic.notation.writer import Decimal, to_latex
    assert Decimal("0.000001") == sp.Rational(1, 10**6) and to_latex(Decimal("0.000001")) == "0.000001"
    assert to_latex(sp.Rational(1, 10**6)) == r"\frac{1}{1000000}"   # a fraction stays a fraction
    (bound,) = [s for s in least_squares_slope().steps if s.relation == "<" and s.rule == "convergence"
                and isinstance(s.after, Decimal)]
    assert bound.proved and bound.latex().endswith("< 0.000001") and "1000000" not in bound.latex()


def test_a_decimal_that_lost_its_type_in_arithmetic_still_prints_as_a_decimal() -> None:
    from dlmath.derivations.catalog.smooth_activations import smooth_activations
    from dlmath.symbolic.notation.writer import to_latex
    shown = " ".join(s.latex() for s in smooth_activations().all_steps())
    assert "0.044715" in shown and "0.134145" in shown          # 3 · 0.044715, from GELU's tanh slope
    assert "8943" not in shown and "26829" not in shown
    assert to_latex(sp.Rational(29, 14)) == r"\frac{29}{14}" and to_latex(sp.Rational(3, 16)) == r"\frac{3}{16}"


def test_a_step_shown_in_textbook_form_is_checked_on_its_written_out_sides() -> None:
    from dlmath.derivations.catalog.recurrent import _matrix_case
    from dlmath.symbolic.calculus.steps import check
    iterated, jacobian = _matrix_case()
    assert iterated.latex().endswith("= A^{3} h_0 + A^{2} B x_1 + A B x_2 + B x_3")
    assert jacobian.latex() == r"\frac{\partial h_3}{\partial h_0} = A^{3}"
    for step in (iterated, jacobian):   # the verdict is on the entries written out, not on the shown symbols
        assert step.proved and isinstance(step.before, sp.MatrixBase) and step.before.shape[0] == 2
        assert step.before.has(sp.Symbol("A_{11}", real=True))
        assert check(step.before, step.after).status == step.verdict.status


def test_a_wide_display_with_a_matrix_is_set_in_two_lines_or_entry_by_entry_in_html() -> None:
    from dlmath.derivations.catalog.interpolation import interpolation_with_n_units
    from dlmath.derivations.catalog.matrices import transpose_of_product
    from dlmath.derivations.render.html import equation
    wide = transpose_of_product().steps[0]          # A (2×3) times B (3×2) = the matrix of sums: too wide
    assert equation(wide).count('<div class="eq') == 2
    staircase = interpolation_with_n_units().steps[1]  # a 3×3 matrix of steps = the staircase: fits, one display
    assert equation(staircase).count('<div class="eq') == 1 and "entry" not in equation(staircase)
