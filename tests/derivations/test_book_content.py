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
