"""The renderers: every format marks an unproved step loudly; the LaTeX compiles; the HTML is self-contained MathML."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import sympy as sp

from dlmath.derivations.core import Derivation, Source, build
from dlmath.derivations.render import html, htmlbook, markdown, outline, plain, tex, texbook, text
from dlmath.symbolic.calculus.activations import relu, sigmoid
from dlmath.symbolic.calculus.steps import Step, checked, differentiate
from dlmath.symbolic.notation import claim_to_latex, read_claim
from dlmath.symbolic.notation.writer import to_latex
from dlmath.symbolic.verify.verdict import Verdict

x = sp.Symbol("x", real=True)
# Every non-ASCII character in the catalog's texts today (titles, summaries, justifications, remarks, sources).
CATALOG_CHARS = "²·¹½×ȳʳx̄ΔΣΨβηθλσφᵀᵗᵢ–—‖“”…⁽⁾₁₂₃₋ₖₙℝ∂∇−≈≤≥ⱼ"


@pytest.fixture(scope="module")
def tiny() -> Derivation:
    """Two proved steps, one refuted on purpose, one undecided substep of the result; awkward characters."""
    good = checked("algebra", "expand the square: $(x+1)^2$ is 100% of it & # _ ~ {}; m_{k+1}, e^{−x}, "
                   "θ⁽¹⁾₁₁, x̄, a Python escape that ate a backslash: \a",
                   (x + 1) ** 2, x**2 + 2 * x + 1)
    wrong = checked("algebra", "wrong on purpose", x**2, x**2 + 1)
    assert good.verdict.status == "proved"
    assert wrong.verdict.status == "refuted" and wrong.verdict.counterexample is not None
    hunch = Step("hunch", "undecided by construction: σ′ and θ⁽¹⁾₁₁", x, x,
                 verdict=Verdict("undecided", "numeric sampling", "No certificate was found.", evidence="120 points"))
    result = checked("result", "the derivative of $x^2$", sp.Derivative(x**2, x), 2 * x, substeps=(hunch,))
    return Derivation(name="tiny", title="A tiny derivation: σ(x) − x̄, 50% off",
                      summary="With ȳ, θ⁽²⁾₁ and e^{−x}: a test_case & more.", steps=(good, wrong), result=result,
                      sources=(Source("seed_000.txt", "p. 3, m_{k+1} = m_k"),), assumptions=(r"x \in \mathbb{R}",),
                      remarks=("see `dlmath audit` — ok…", f"in text {CATALOG_CHARS}; in math ${CATALOG_CHARS}$"))


@pytest.fixture(scope="module")
def sigmoid_derivative() -> Derivation:
    return build("sigmoid-derivative")


# ---------------------------------------------------------------- the marks, in every format
# format -> (the proved mark, the refuted mark, the undecided mark)
MARKS: dict[ModuleType, tuple[str, str, str]] = {
    text: ("✓ proved", "✗ NOT PROVED (refuted: ", "✗ NOT PROVED (undecided: "),
    markdown: ("✓ proved", "**✗ NOT PROVED** (refuted)", "**✗ NOT PROVED** (undecided)"),
    tex: (r"\dlproved", r"\dlnotproved{refuted}", r"\dlnotproved{undecided}"),
    html: ("✓ proved", "✗ NOT PROVED (refuted)", "✗ NOT PROVED (undecided)"),
}

EATEN = {text: "\ufffd", markdown: "\ufffd", tex: r"\blacksquare", html: "\ufffd"}


@pytest.mark.parametrize("module", list(MARKS), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_unproved_steps_are_marked_in_every_format(module: ModuleType, tiny: Derivation) -> None:
    out = module.render(tiny)
    proved, refuted, undecided = MARKS[module]
    assert out.count(refuted) >= 1 and out.count(undecided) >= 1
    assert out.count(proved) >= 2  # the square and the result
    assert set(module.MARK) >= {"proved", "refuted", "undecided", "error", outline.UNCHECKED}
    assert "\a" not in out and EATEN[module] in out  # the backslash a Python escape ate shows; it does not vanish


def test_text_lists_the_unproved_steps_on_its_last_line(tiny: Derivation, sigmoid_derivative: Derivation) -> None:
    assert [n.label for n in outline.unproved(tiny)] == ["2", "R.1"]
    last = "NOT PROVED: 2 of 4 steps: 2 (algebra: refuted), R.1 (hunch: undecided)."
    assert text.render(tiny).splitlines()[-1] == last
    out = text.render(sigmoid_derivative)
    assert out.splitlines()[-1] == f"All {len(sigmoid_derivative.all_steps())} steps proved."
    assert "σ(x) = 1/(1 + e⁻ˣ)" in out and "σ′(x) = σ(x)(1 - σ(x))" in out  # LaTeX made readable


def test_outline_numbers_every_step_once(sigmoid_derivative: Derivation) -> None:
    numbered = outline.outline(sigmoid_derivative)
    assert [n.step for n in numbered] == sigmoid_derivative.all_steps()
    assert len({n.label for n in numbered}) == len(numbered)
    assert "2.2.3.1" in {n.label for n in numbered} and numbered[-1].label == "R"


def test_steps_by_sympys_fallback_are_counted(sigmoid_derivative: Derivation) -> None:
    """atan has no rule in the table: its step is SymPy's, proved, and counted wherever the checks are summed up."""
    _, fallback = differentiate(sp.atan(x) * x, x)
    d = Derivation(name="atan", title="atan", summary="A head without a rule.", steps=(), result=fallback, sources=())
    assert [n.label for n in outline.by_fallback(d)] == ["R.2"] and d.proved  # u = x, v = atan(x)
    assert text.render(d).splitlines()[-1] == f"All {len(d.all_steps())} steps proved (1 by SymPy's fallback)."
    assert outline.summary_line(sigmoid_derivative) == f"All {len(sigmoid_derivative.all_steps())} steps proved."
    steps = len(d.all_steps()) + len(sigmoid_derivative.all_steps())
    line = f"2 derivations, {steps} steps, {steps} proved, 0 not proved, 1 by SymPy's fallback"
    assert outline.totals([d, sigmoid_derivative]) == line
    assert line in htmlbook.book([d, sigmoid_derivative]) and line in texbook.book([d, sigmoid_derivative])
    assert "(1 by SymPy's fallback)" in markdown.render(d) and "(1 by SymPy's fallback)" in tex.render(d)


# ---------------------------------------------------------------- LaTeX
def _pdflatex(tmp_path: Path, name: str, source: str) -> Path:
    if shutil.which("pdflatex") is None:
        pytest.fail("pdflatex is not installed: apt-get install texlive-latex-base texlive-latex-recommended "
                    "(.ci/run does this)")
    path = tmp_path / f"{name}.tex"
    path.write_text(source, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name], cwd=tmp_path,
                         check=False, capture_output=True, text=True, timeout=120)
    log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    errors = "\n".join(line for line in log.splitlines() if line.startswith("!"))
    assert run.returncode == 0, f"pdflatex failed on {name}.tex:\n{errors or run.stdout[-2000:]}"
    assert (tmp_path / f"{name}.pdf").stat().st_size > 1000
    assert ".pk>" not in log.replace("\n", ""), "a bitmap (METAFONT) font was needed"
    return tmp_path / f"{name}.pdf"


def test_tex_render_compiles(tmp_path: Path, tiny: Derivation) -> None:
    source = tex.render(tiny)
    assert source.isascii() and r"\documentclass" in source and r"\usepackage{amsmath,amssymb}" in source
    _pdflatex(tmp_path, "tiny", source)


def test_tex_book_compiles(tmp_path: Path, tiny: Derivation, sigmoid_derivative: Derivation) -> None:
    source = texbook.book([tiny, sigmoid_derivative])
    assert source.isascii() and r"\tableofcontents" in source and source.count(r"\label{d:") == 2
    assert "Summary of the checks" in source and r"\begin{pmatrix}" not in source
    _pdflatex(tmp_path, "book", source)


@pytest.mark.parametrize("plain, expected", [
    ("50% & #1 test_case {x} ~ ^ $",
     r"50\% \& \#1 test\_case \{x\} \textasciitilde{} \textasciicircum{} \ensuremath{\$}"),
    ("σ′ − θ⁽¹⁾₁₁", (r"\ensuremath{\sigma}\ensuremath{{}^{\prime}} \ensuremath{-} \ensuremath{\theta}"
                    r"\ensuremath{{}^{(1)}}\ensuremath{{}_{11}}")),
    ("x̄ ȳ", r"\={x} \={y}"),
    ("e^{−x} m_k", r"e\textsuperscript{\ensuremath{-}x} m\textsubscript{k}"),
    ("`dlmath audit`", r"\texttt{dlmath audit}"),
])
def test_tex_prose_escapes_and_maps_unicode(plain: str, expected: str) -> None:
    assert tex.prose(plain) == expected


def test_tex_maps_every_character_of_the_catalog() -> None:
    for out in (tex.prose(CATALOG_CHARS), tex.math(CATALOG_CHARS)):
        assert out.isascii() and "[U+" not in out, out


def test_tex_math_keeps_the_writer_and_maps_unicode() -> None:
    assert tex.math(r"\frac{\partial}{\partial x} \left(\sigma\left(x\right)\right)") == \
        r"\frac{\partial}{\partial x} \left(\sigma\left(x\right)\right)"
    assert tex.math("x̄ − σ") == r"\bar{x} \ensuremath{-} \ensuremath{\sigma}"
    assert tex.breakable(r"\ln{\left(1 - p\right)}", r"\big") == r"\ln\bigl(1 - p\bigr)"


# ---------------------------------------------------------------- Markdown
def test_markdown(tiny: Derivation, sigmoid_derivative: Derivation) -> None:
    for d in (tiny, sigmoid_derivative):
        out = markdown.render(d)
        lines = out.splitlines()
        assert lines.count("$$") % 2 == 0 and lines.count("$$") == 2 * len(d.all_steps())
        for n in outline.outline(d):
            assert f"**{n.label}** · *{n.step.rule}*" in out
            assert " ".join(n.step.latex().split()) in out
        assert sum(line.startswith(("- [x] ", "- [ ] ")) for line in lines) == len(d.all_steps())
    out = markdown.render(tiny)
    assert "> [!CAUTION]" in out and sum(line.startswith("- [ ] ") for line in out.splitlines()) == 2
    assert r"test\_case" in out and "<sub>k+1</sub>" in out


# ---------------------------------------------------------------- HTML
WRITER = [  # what our writer emits, and a piece of the MathML it must become
    (relu(x), '<mi mathvariant="normal">R</mi>'),
    (sp.Derivative(sigmoid(x), x), "<mfrac>"),
    (sp.Subs(sp.Derivative(sigmoid(sp.Symbol("u")), sp.Symbol("u")), sp.Symbol("u"), x), "<mo>&#x02032;</mo>"),
    (sp.ImmutableMatrix([x, 1]), "<mtable>"),
    (sp.HadamardProduct(sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("B", 2, 2)), "&#x02299;"),
    (sp.log(1 - x) * x, "<mspace"),
    (sp.Derivative(1 / (1 + sp.exp(-x)), x), 'stretchy="true"'),  # a fence around a fraction stretches
    (sp.exp(-x) / (1 + sp.exp(-x)) ** 2, 'stretchy="false"'),  # … around one line it need not
]


@pytest.mark.parametrize("expr, piece", WRITER, ids=[str(i) for i in range(len(WRITER))])
def test_latex2mathml_reads_what_the_writer_emits(expr: sp.Basic, piece: str) -> None:
    out = html.mathml(to_latex(expr), display=True)
    assert out.startswith("<math") and piece in out, (to_latex(expr), out)
    assert 'class="tex"' not in out and "merror" not in out


@pytest.mark.parametrize("latex, present, absent", [
    (r"\operatorname{ReLU}\left(x\right)", '<mi mathvariant="normal">R</mi>', "<mo>ReLU</mo>"),
    (r"\sigma'\left(x\right)", "<mi>&#x003C3;</mi><mo>&#x02032;</mo>", "<msup>"),
    (r"\left(x\right)", 'stretchy="false"', 'stretchy="true"'),
    (r"\left(\frac{1}{x}\right)", 'stretchy="true"', 'stretchy="false"'),
    (r"\frac{\partial}{\partial x} \left(- x\right) = - 1", 'form="prefix">&#x02212;', "xmlns"),
])
def test_mathml_rewrites(latex: str, present: str, absent: str) -> None:
    out = html.mathml(latex)
    assert present in out and absent not in out, out


def test_long_equations_wrap_in_pieces() -> None:
    b, y = sp.symbols("b y", real=True)
    inner = sum(k * sigmoid(x * k + y * (k + 1) + b) for k in range(1, 5))
    step = Step("chain rule", "a long one", sp.Derivative(sp.log(sigmoid(inner)), x), x)
    out = html.equation(step)
    assert 'class="eq long"' in out and out.count("<math") >= 3 and "<wbr>" in out


def _assert_self_contained(page: str) -> None:
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert not re.search(r"https?://", page), re.search(r".{40}https?://.{40}", page)
    assert "<math" in page and 'class="tex"' not in page


def test_html_is_self_contained(tiny: Derivation, sigmoid_derivative: Derivation) -> None:
    page = html.render(tiny)
    _assert_self_contained(page)
    assert page.startswith("<!DOCTYPE html>") and page.count("✗ NOT PROVED") >= 3
    assert 'class="step unproved"' in page and "color:#c00000;font-weight:bold" in page
    book = htmlbook.book([tiny, sigmoid_derivative])
    _assert_self_contained(book)
    assert 'href="#d-tiny"' in book and 'href="#d-sigmoid-derivative"' in book and 'id="checks"' in book
    part = html.fragment(sigmoid_derivative)
    assert part.startswith('<div class="dlmath"><style>') and "<html" not in part and "<math" in part
    assert sigmoid_derivative._repr_html_() == part


def _read_png(path: Path) -> np.ndarray:
    """An 8-bit RGB(A) non-interlaced PNG as an (height, width, channels) array: zlib, struct and the 5 filters."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 8 + length])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = {2: 3, 6: 4}[colour]
    raw, stride = zlib.decompress(idat), width * bpp
    image = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1)
        if kind == 0:
            row = line.copy()
        elif kind == 1:
            row = np.cumsum(line.reshape(width, bpp), axis=0, dtype=np.uint8).reshape(stride)
        elif kind == 2:
            row = line + previous
        else:
            row = _unfilter_slow(kind, bytearray(line), previous.tobytes(), bpp)
        image[y], previous = row, row
    return image.reshape(height, width, bpp)


def _unfilter_slow(kind: int, line: bytearray, previous: bytes, bpp: int) -> np.ndarray:
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = previous[i], previous[i - bpp] if i >= bpp else 0
        if kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return np.frombuffer(bytes(line), np.uint8)


def test_html_screenshot_draws_math_and_red_marks(tmp_path: Path, tiny: Derivation,
                                                  sigmoid_derivative: Derivation) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("chromium is not installed: apt-get install chromium (.ci/run does this)")
    page, png = tmp_path / "book.html", tmp_path / "book.png"
    page.write_text(htmlbook.book([tiny, sigmoid_derivative]), encoding="utf-8")
    run = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1000,1400",
                          page.as_uri()], check=False, capture_output=True, text=True, timeout=90)
    assert png.exists(), f"no screenshot (exit {run.returncode}): {run.stderr[-2000:]}"
    image = _read_png(png)[:, :, :3].astype(int)
    assert image.shape[:2] == (1400, 1000)
    ink = (image < 235).any(axis=2).mean()
    colours = np.unique(image.reshape(-1, 3) @ np.array([65536, 256, 1])).size
    red = ((image[:, :, 0] > 150) & (image[:, :, 1] < 70) & (image[:, :, 2] < 70)).sum()
    assert 0.02 < ink < 0.6, f"{ink:.1%} of the pixels are not white"
    assert colours > 50, "the page is (nearly) one colour"
    assert red > 500, "the unproved steps are not drawn in red"


def test_a_prime_only_on_functions_textbooks_prime_else_d_du_at_the_point() -> None:
    u = sp.Dummy("u", real=True)
    at = lambda f: sp.Subs(sp.Derivative(f(u), u), u, -x)  # noqa: E731 - f'(−x) as the rules write it
    assert to_latex(at(sp.exp)) == r"\left.\frac{d}{du} e^{u}\right|_{u = - x}"
    assert to_latex(at(sp.log)).startswith(r"\left.\frac{d}{du} \ln")
    assert to_latex(at(sigmoid)) == r"\sigma'\left(- x\right)" and to_latex(at(sp.tanh)) == r"\tanh'\left(- x\right)"
    for f in (sp.exp, sp.log):
        shown = to_latex(at(f))
        assert "'" not in shown and "merror" not in html.mathml(shown, display=True)
        assert plain.plain(shown).startswith("d/du ") and "'" not in tex.prose(f"${shown}$").replace("''", "")
    claim = read_claim(r"\exp'(x) + \ln'(x) = e^{x} + \frac{1}{x}")   # what the reader reads is written back
    written = claim_to_latex(claim)
    assert r"\exp'" in written and claim_to_latex(read_claim(written)) == written
