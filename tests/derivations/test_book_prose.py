r"""The book's prose reads like a textbook's: every formula in it is typeset math, and plain text shows none of the TeX.

Prose is every string a reader sees as sentences: a derivation's titles (its own and the catalog's), summary,
remarks, sources, notation meanings, parameter help and step justifications; an experiment's title, table
cells and notes; the preface. In it a formula is inline math, `$…$`, which the LaTeX book sets as math and
the HTML book as MathML; outside math there is no `_` or `^` script, no TeX command, no formula character
(σ, ∂, ‖, ≤, ², ₁ …) and no straight quote: ' reads as a prime, so an apostrophe is ’. Each failure names the
derivation or experiment and the string at fault, so that a new chapter's author sees what to rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dlmath.derivations.core import catalog
from dlmath.derivations.experiment import Config, experiments
from dlmath.derivations.notation import NOTATION
from dlmath.derivations.render import htmlbook, outline, plain, preface, texbook

# One worker builds the whole catalog once for every test that needs it (pytest-xdist).
pytestmark = pytest.mark.xdist_group("catalog")

GREEK = "".join(chr(c) for c in range(0x391, 0x3CA) if chr(c).isalpha())
SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵀᵢⱼₖₜₙₘₓᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁᵂ"
FORMULA_CHARS = GREEK + SCRIPTS + "∂∇‖≤≥≠≈±∓⊙⊗∑∏∫√∞→←⇒⇔×·−½⅓′″ℓ∈"
# (what is wrong, the pattern that finds it in prose outside $…$ and `code`)
OUTSIDE_MATH = (
    ("a straight quote (an apostrophe is ’; a prime belongs in $…$)", re.compile(r"'")),
    ("a _ or ^ script outside $…$", re.compile(r"[_^]")),
    ("a TeX command outside $…$", re.compile(r"\\[A-Za-z]+")),
    ("a formula character outside $…$ (write the formula as $…$)", re.compile(f"[{re.escape(FORMULA_CHARS)}]")),
)


def problems(text: str) -> list[str]:
    """What is wrong with one prose string: each fault once, with the piece of text that shows it."""
    found = []
    if re.sub(r"`[^`]*`", "", text).replace(r"\$", "").count("$") % 2:
        found.append("an unbalanced $")
    for kind, content in outline.inline(text):
        if kind in ("sub", "sup"):
            found.append(f"a _ or ^ script outside $…$: {content!r}")
        elif kind == "math" and "%" in content:  # the LaTeX writer escapes it: \% in the source sets a line break
            found.append(f"a % inside $…$ (write a percentage in the text, as 50 %): {content!r}")
        elif kind == "text":
            found += [f"{what}: …{content[max(0, m.start() - 25):m.end() + 25]}…"
                      for what, pattern in OUTSIDE_MATH for m in [pattern.search(content)] if m]
    return found


def _derivation_prose(name: str, d) -> Iterator[tuple[str, str]]:  # noqa: ANN001 - a Derivation
    entry = catalog()[name]
    yield "catalog title (register)", entry.title
    yield from ((f"--param {key} help", text) for key, text in entry.parameters.items())
    yield "title", d.title
    yield "summary", d.summary
    yield from ((f"remark {k}", r) for k, r in enumerate(d.remarks, start=1))
    yield from ((f"source {k} place", s.place) for k, s in enumerate(d.sources, start=1))
    yield from ((f"notation row {k} (for ${symbol}$)", meaning) for k, (symbol, meaning) in
                enumerate(d.notation, start=1))
    yield from ((f"step {n.label} ({n.step.rule}) justification", n.step.justification) for n in outline.outline(d))


def _faults(where: str, strings: Iterator[tuple[str, str]]) -> list[str]:
    return [f"{where}, {what}: {problem}\n    in {text!r}" for what, text in strings for problem in problems(text)]


@pytest.fixture(scope="module")
def every_findings(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every experiment run in its reduced configuration (seconds each): their cells and notes are prose too."""
    out = tmp_path_factory.mktemp("experiments")
    return {name: entry.run(Config(out=out / name, reduced=True, progress=False))
            for name, entry in experiments().items()}


# ---------------------------------------------------------------- the check itself
@pytest.mark.parametrize("text, fault", [
    ("the derivative σ'(x) = σ(x)(1 − σ(x))", "straight quote"),
    ("the neuron's output", "straight quote"),
    ("the weights z^f_kij", "script"),
    ("the output weights w_nkpq", "script"),
    ("the entry m_12 of the matrix", "script"),
    ("the weights W_hy", "script"),
    ("the quotient rule (u/v)' = …", "straight quote"),
    ("a raw \\sigma in prose", "TeX command"),
    ("the factor ‖W‖₂ = 0.9", "formula character"),
    ("half of $x^2", "unbalanced"),
    (r"about $60\%$ of them", "% inside"),
])
def test_the_check_finds_a_formula_outside_math(text: str, fault: str) -> None:
    assert any(fault in p for p in problems(text)), problems(text)


@pytest.mark.parametrize("text", [
    r"the derivative $\sigma'(x) = \sigma(x)(1 - \sigma(x))$ of the neuron’s output",
    r"the weights $z^{F}_{kij}$, one filter for each $k$ (`dlmath derive convolution --param size=6,3,3,3`)",
    "seed 002’s notation, “quoted” and 1-2-1 sized, 50 % of 3,000 steps …",
])
def test_the_check_passes_prose_with_its_formulas_in_math(text: str) -> None:
    assert problems(text) == []


# ---------------------------------------------------------------- the catalog, the experiments, the preface
def test_every_formula_in_the_catalog_prose_is_inline_math(all_derivations: dict) -> None:
    faults = [f for name, d in all_derivations.items() for f in _faults(f"derivation {name!r}",
                                                                          _derivation_prose(name, d))]
    assert not faults, "\n".join(faults)


def test_every_notation_row_is_inline_math() -> None:
    faults = _faults("notation.py", ((f"NOTATION[{name!r}] row for ${symbol}$", meaning)
                                     for name, rows in NOTATION.items() for symbol, meaning in rows))
    assert not faults, "\n".join(faults)


def test_every_formula_in_the_experiments_prose_is_inline_math(every_findings: dict) -> None:
    faults = []
    for name, entry in experiments().items():
        findings = every_findings[name]
        strings = [("title", entry.title), *((f"note {k}", note) for k, note in enumerate(findings.notes, start=1)),
                   *((f"table row {k} {column}", cell) for k, row in enumerate(findings.table, start=1)
                     for column, cell in (("quantity", row.quantity), ("seed", row.seed), ("ours", row.ours)))]
        faults += _faults(f"experiment {name!r}", iter(strings))
    assert not faults, "\n".join(faults)


def test_the_preface_is_inline_math_too() -> None:
    strings = [(f"{s.heading!r}", text) for s in preface.sections() for text in (s.heading, *s.paragraphs, *s.items)]
    faults = _faults("preface", iter(strings))
    assert not faults, "\n".join(faults)


def test_the_books_prose_has_no_raw_scripts_outside_math(all_derivations: dict) -> None:
    derivations = list(all_derivations.values())
    latex = re.sub(r"\\texttt\{(?:[^{}]|\{\})*\}", "", texbook.book(derivations))
    # A heading's second \texorpdfstring argument is the PDF bookmark, plain ASCII that is never typeset (h\_k).
    latex = re.sub(r"(\\texorpdfstring\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})\{(?:[^{}]|\{\})*\}", r"\1", latex)
    assert r"\texorpdfstring" in latex
    raw = re.compile(r"\\_|\\textasciicircum|\\textsubscript|\\textsuperscript|\\text\{'\}\\text\{'\}")
    assert not [latex[max(0, m.start() - 60):m.end() + 20] for m in raw.finditer(latex)]
    page = htmlbook.book(derivations)
    set_apart = re.compile(r"<(math|code|svg|style)\b.*?</\1>", re.DOTALL)
    text = re.sub(r"<[^>]*>", "", set_apart.sub("", page))
    assert page.count("<math") > 200 and not re.findall(r".{0,60}[_^$].{0,20}", text)
    assert "<sub>" not in set_apart.sub("", page) and "<sup>" not in set_apart.sub("", page)


# ---------------------------------------------------------------- plain text shows no TeX
@pytest.mark.parametrize("latex, shown", [
    (r"\sigma'(x) = \sigma(x)(1 - \sigma(x))", "σ′(x) = σ(x)(1 - σ(x))"),
    (r"I + J + \dots + J^{2}, \dot{x}", "I + J + … + J², x\u0307"),  # \dots is not \dot s
    (r"h_k = A^k h_0 + \sum_{t=1}^{k} A^{k-t} B x_t", "hₖ = Aᵏ h₀ + ∑ₜ₌₁ᵏ Aᵏ⁻ᵗ B xₜ"),
    (r"\frac{\partial C}{\partial w^{O}_{nkpq}}", "∂C/(∂wᴼ_nkpq)"),
    (r"(AB)^{T} = B^\top A^{T}", "(AB)ᵀ = Bᵀ Aᵀ"),
    (r"(\|U\|/4)^{T-1}", "(‖U‖/4)^(T-1)"),  # a raised T alone is a transpose; T − 1 stays an exponent
    (r"\delta^{l} = \delta^{l+1} \odot g'(z^{l})", "δˡ = δˡ⁺¹ ⊙ g′(zˡ)"),
    (r"\tfrac12 \lVert a - y \rVert^2", "1/2 ‖a - y‖²"),
    (r"\sqrt{d},\ \mathbf{x},\ \theta^{(2)}_1,\ m_{12},\ W_{hy}", "√d, x, θ⁽²⁾₁, m₁₂, W_hy"),
    (r"\lVert U \rVert_2 < 4,\ \Delta x = -\eta \nabla f", "‖U‖₂ < 4, Δx = -η ∇f"),
    (r"\bar h_t = \partial C / \partial h_t", "h\u0304ₜ = ∂C / ∂hₜ"),
    (r"\tanh''(s) \to u^2", "tanh″(s) → u²"),
])
def test_plain_text_shows_tex_as_unicode(latex: str, shown: str) -> None:
    assert plain.plain(latex) == shown
    assert plain.prose(f"where ${latex}$ holds") == f"where {shown} holds"


def test_dlmath_list_shows_no_tex(capsys: pytest.CaptureFixture[str]) -> None:
    from dlmath.derivations.cli import main

    shown = {}
    for command in ("list", "experiment list"):
        assert main(command.split()) == 0
        shown[command] = capsys.readouterr().out
        leaked = [line for line in shown[command].splitlines() if "$" in line or re.search(r"\\[A-Za-z]|[_^]\{", line)]
        assert not leaked, f"dlmath {command} shows TeX:\n" + "\n".join(leaked)
    assert "The derivative of the sigmoid: σ′(x) = σ(x)(1 - σ(x))" in shown["list"]


def test_a_derivations_repr_shows_no_tex(all_derivations: dict) -> None:
    for d in all_derivations.values():
        line = repr(d)
        assert "$" not in line and not re.search(r"\\[A-Za-z]", line), line
