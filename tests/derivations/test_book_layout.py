"""The level of detail: which steps the main text shows, which it folds, and that nothing unproved is ever folded."""

from __future__ import annotations

import re

import sympy as sp

from dlmath.derivations.core import ORDER, Derivation
from dlmath.derivations.notation import NOTATION
from dlmath.derivations.render import html, outline, tex, text
from dlmath.derivations.render.htmlbook import inline_svg
from dlmath.symbolic.calculus.steps import checked, differentiate

x = sp.Symbol("x", real=True)


def _derivation(result: object, name: str = "d") -> Derivation:
    return Derivation(name=name, title=name, summary="", steps=(), result=result, sources=())


def test_routine_and_deep_substeps_fold_and_the_counts_still_see_them() -> None:
    _, step = differentiate(sp.exp(x**2 + 3 * x), x)
    d = _derivation(step)
    every, two = outline.outline(d), outline.outline(d, 2)
    assert [n.label for n in every] == [n.label for n in two] and all(n.shown for n in every)
    shown = [n for n in two if n.shown]
    assert all(n.depth < 2 and (n.depth == 0 or n.step.rule not in outline.FOLDED_RULES) for n in shown)
    folds = outline.folds(two)
    assert sum(len(f.steps) for f in folds.values()) == len(two) - len(shown)
    assert 0 < len(shown) < len(two)
    out = text.render(d, 2)
    assert sum(int(k) for k in re.findall(r"(\d+) substeps folded", out)) == len(two) - len(shown)
    assert out.splitlines()[-1].startswith(f"All {len(every)} steps proved; {len(shown)} shown")


def test_an_unproved_step_is_never_folded() -> None:
    wrong = checked("constant", "wrong on purpose", x, x + 1)
    inner = checked("sum rule", "split", x, x, substeps=(wrong,))
    d = _derivation(checked("result", "the lot", x, x, substeps=(inner,)))
    numbered = {n.label: n for n in outline.outline(d, 1)}
    assert numbered["R.1.1"].shown and numbered["R.1"].shown  # the failure and the chain to it
    assert "wrong on purpose" in tex.render(d, 1).split("Detailed steps")[0]
    assert "wrong on purpose" in html.render(d, 1).split("<details")[0]


def test_folded_rules_are_names_of_the_rule_table() -> None:
    _, step = differentiate(3 * x + sp.Integer(2) + x * sp.Symbol("c"), x)
    seen = {s.rule for s in _derivation(step).all_steps()}
    assert outline.FOLDED_RULES <= seen | {"identity"}
    _, identity = differentiate(x, x)
    assert identity.rule == "identity"


def test_every_chapter_of_the_book_has_its_notation() -> None:
    assert set(NOTATION) == set(ORDER)
    assert all(rows and all(symbol and meaning for symbol, meaning in rows) for rows in NOTATION.values())


def test_a_matrix_too_wide_for_the_line_is_set_entry_by_entry() -> None:
    a, b = sp.symbols("a b")
    step = checked("matrix", "two rows", sp.Matrix([a + b, a]), sp.Matrix([b + a, a]))
    latex = tex.equation(step)
    assert "entry $1$:" in latex and "entry $2$:" in latex


def test_inline_svg_drops_the_prolog_and_makes_its_ids_unique() -> None:
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/x.dtd">\n'
           '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><metadata>'
           '<a href="http://example.org"/></metadata><defs><path id="m1"/></defs>'
           '<use xlink:href="#m1"/><g clip-path="url(#m1)"/></svg>')
    out = inline_svg(svg, "fig-2")
    assert "http" not in out and "<?xml" not in out and "<metadata" not in out
    assert 'id="fig-2-m1"' in out and 'href="#fig-2-m1"' in out and "url(#fig-2-m1)" in out
