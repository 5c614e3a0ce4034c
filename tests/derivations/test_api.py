"""The public Python API (`import dlmath`), called as a user calls it, and its displays in Jupyter."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import dlmath
from dlmath.derivations.cli import main as command
from dlmath.derivations.render.html import prose
from dlmath.symbolic.verify.verdict import Counterexample, Status, Verdict

SIGMOID = r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))"
# Seed 004's logistic gradient with the sign wrong: refuted, with a counterexample in a, b, c, θ.
WRONG_SIGN = r"\frac{\partial J}{\partial \theta} = (p - c) a"
WRONG_SIGN_WHERE = (r"J = c \ln p + (1-c)\ln(1-p)", r"p = \sigma(\theta a + b)", r"0 \le c \le 1")
UNREADABLE = [r"\frac{d}{dx} = ", r"x = = 1", r"\foo(x) = 1", ""]


def cli_stderr(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What `dlmath COMMAND ARGS` prints on stderr, without the leading 'dlmath COMMAND: '."""
    capsys.readouterr()
    command(list(args))
    err = capsys.readouterr().err.strip()
    prefix = f"dlmath {args[0]}: "
    assert err.startswith(prefix), err
    return err.removeprefix(prefix)


# ---------------------------------------------------------------- the package
def test_import_dlmath_imports_neither_sympy_nor_numpy() -> None:
    code = "import sys, dlmath; print(sorted(m for m in ('sympy', 'numpy', 'matplotlib') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.strip() == "[]"


def test_every_public_name_resolves_and_errors_share_one_base() -> None:
    for name in dlmath.__all__:
        assert getattr(dlmath, name) is not None, name
    for error in ("NotationError", "AmbiguousNotation", "UnknownNameError", "ParameterError", "NetworkError",
                  "SourceError"):
        assert issubclass(getattr(dlmath, error), dlmath.DlmathError), error
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        dlmath.nothing  # noqa: B018


# ---------------------------------------------------------------- read and verify
def test_verify_sigmoid_is_proved_and_shows_the_claim_as_read() -> None:
    verdict = dlmath.verify(SIGMOID)
    assert str(verdict.status) == "proved" and verdict.status is Status.PROVED
    assert verdict.claim.startswith(r"\frac{\partial}{\partial x}") and r"\sigma" in verdict.claim
    assert repr(verdict).splitlines()[0] == "PROVED — symbolic certificate + numeric agreement"
    assert f"claim:    {verdict.claim}" in repr(verdict)


def test_verify_refuted_has_the_counterexample_in_every_display() -> None:
    verdict = dlmath.verify(WRONG_SIGN, where=WRONG_SIGN_WHERE)
    assert verdict.status == Status.REFUTED
    example = verdict.counterexample
    assert example is not None and set(example.values) == {"a", "b", "c", r"\theta"}
    assert float(example.lhs) == pytest.approx(-float(example.rhs))  # the sign is the only error
    page = verdict._repr_html_()
    assert "REFUTED</span>" in page and "dlmath-counterexample" in page
    assert all(value in page for value in (*example.values.values(), example.lhs, example.rhs))
    latex = verdict._repr_latex_()
    assert latex.startswith(r"$$\begin{aligned}") and r"{\color{red}{\textbf{REFUTED}}}" in latex
    assert example.values["a"] in latex


@pytest.mark.parametrize("latex", UNREADABLE)
def test_unreadable_claim_raises_the_line_dlmath_verify_prints(latex: str, capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    with pytest.raises(dlmath.NotationError) as raised:
        dlmath.verify(latex)
    assert str(raised.value) == cli_stderr(capsys, "verify", latex)
    with pytest.raises(dlmath.NotationError) as read_error:
        dlmath.read(latex)
    assert str(raised.value) == f"unreadable: {read_error.value}"  # verify says what read says, and that it is unread


def test_read_then_verify_a_claim() -> None:
    claim = dlmath.read(r"\sigma(x) + \sigma(-x) = 1", where="x > 0")  # one condition may be a plain string
    assert claim.relation == "=" and len(claim.conditions) == 1
    assert repr(claim) == r"Claim(\sigma\left(x\right) + \sigma\left(- x\right) = 1\quad\text{where } x > 0)"
    assert claim._repr_latex_().startswith("$$") and "<math" in claim._repr_html_()
    verdict = dlmath.verify(claim)
    assert verdict.status == Status.PROVED and verdict.claim.endswith("= 1")
    with pytest.raises(dlmath.ParameterError, match="a Claim carries its own conditions"):
        dlmath.verify(claim, where=["x < 0"])


def test_a_claim_built_in_code_is_verified_in_the_worker_too() -> None:
    import sympy as sp

    x = sp.Symbol("x")
    verdict = dlmath.verify(dlmath.Claim(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", sp.Integer(2)))
    assert verdict.status == Status.REFUTED and verdict.counterexample is not None


@pytest.mark.parametrize("timeout", [0, -1.0, float("nan"), float("inf"), "10", True])
def test_verify_refuses_a_bad_timeout(timeout: object) -> None:
    with pytest.raises(dlmath.ParameterError, match="timeout must be a positive number of seconds"):
        dlmath.verify("x = x", timeout=timeout)  # type: ignore[arg-type]


def test_a_claim_that_runs_out_of_time_is_undecided() -> None:
    verdict = dlmath.verify(r"2^{2^{2^{2^{40}}}} = 1", timeout=0.5)  # a tower SymPy evaluates for ever
    assert verdict.status == Status.UNDECIDED and verdict.method == "timeout"


def test_displays_escape_user_text() -> None:
    verdict = Verdict(Status.UNDECIDED, "m<1>", "<script>alert(1)</script> & more", evidence="a<b",
                      counterexample=Counterexample({"x": "<i>1</i>"}, "<1", ">2", "&3"))
    page = verdict._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<i>1</i>" not in page and html.escape("<i>1</i>") in page and "m&lt;1&gt;" in page
    claim = dlmath.read(r"x < x + 1")
    assert "as written: <code>x &lt; x + 1</code>" in claim._repr_html_()


# ---------------------------------------------------------------- audit
DOCUMENT = r"""
# Notes on the binomial, in Markdown

$$ (a+b)^2 = a^2 + 2ab + b^2 $$

and a common mistake:

$$ (a+b)^2 = a^2 + b^2 $$
"""


def test_audit_markdown_text_and_file(tmp_path: Path) -> None:
    report = dlmath.audit(DOCUMENT, jobs=2)
    assert [r.status for r in report.results] == [Status.PROVED, Status.REFUTED]
    assert report.summary["proved"] == 1 and report.summary["refuted"] == 1 and report.summary["total"] == 2
    assert report.summary_line == "1 proved, 1 refuted, 0 undecided, 0 errors"
    assert [r.claim.source for r in report.refuted] == ["<text>:8"]
    assert repr(report).endswith(report.summary_line) and "counterexample:" in repr(report)
    page = report._repr_html_()
    assert "&lt;text&gt;:4" in page and "<text>" not in page  # the source label is escaped
    assert "PROVED</span>" in page and "REFUTED</span>" in page and "dlmath-counterexample" in page
    assert report.as_dict()["summary"] == report.summary
    path = tmp_path / "notes.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    assert [r.status for r in dlmath.audit(path, jobs=1).results] == [Status.PROVED, Status.REFUTED]


def test_audit_says_how_to_audit_a_file_given_as_a_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    with pytest.raises(dlmath.SourceError, match="to audit a file, pass a pathlib.Path"):
        dlmath.audit("chapter1.tex")
    empty = tmp_path / "empty.tex"
    empty.write_text("no displays here, only $x = 1$ inline\n", encoding="utf-8")
    with pytest.raises(dlmath.SourceError) as raised:
        dlmath.audit(empty)
    assert str(raised.value) == cli_stderr(capsys, "audit", str(empty))
    with pytest.raises(dlmath.ParameterError, match="jobs must be a positive integer"):
        dlmath.audit(DOCUMENT, jobs=0)


# ---------------------------------------------------------------- derive and catalog
def _balanced(latex: str) -> bool:
    depth = 0
    for char in re.sub(r"\\[{}]", "", latex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    begins = re.findall(r"\\begin\{(\w+)\}", latex)
    return depth == 0 and begins == re.findall(r"\\end\{(\w+)\}", latex)[::-1]


def test_derive_sigmoid_shows_numbered_named_checked_steps() -> None:
    d = dlmath.derive("sigmoid-derivative")
    assert isinstance(d, dlmath.Derivation) and d.proved and len(d.all_steps()) == 14
    assert repr(d) == "<Derivation sigmoid-derivative: The derivative of the sigmoid — All 14 steps proved.>"
    latex = d._repr_latex_()
    assert latex.startswith("$$\\begin{aligned}\n") and latex.endswith("\n\\end{aligned}$$") and _balanced(latex)
    rows = latex.split("\\\\\n")
    assert len(rows) == 14 + 1  # a row per step and substep, then the summary
    assert r"\text{(2.1) constant}\ {\color{green}{\checkmark}}" in rows[2]
    assert "&= " in rows[0] and rows[-1].startswith(r"&&& \text{All 14 steps proved.}")
    page = d._repr_html_()
    assert all(f'<span class="rule">{s.rule}</span>' in page for s in d.all_steps()) and "✓ proved" in page


def test_derivation_latex_compiles(tmp_path: Path) -> None:
    if shutil.which("pdflatex") is None:
        pytest.fail("pdflatex is not installed: apt-get install texlive-latex-base texlive-latex-recommended")
    body = dlmath.derive("sigmoid-derivative")._repr_latex_()
    source = ("\\documentclass{article}\\usepackage{amsmath,amssymb,xcolor}\\begin{document}\n"
              f"{body}\n\\end{{document}}\n")
    (tmp_path / "d.tex").write_text(source, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "d.tex"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


def test_derive_with_parameters_and_a_long_display_in_blocks_mathjax_takes() -> None:
    d = dlmath.derive("backprop", layers=(2, 3, 1), activation="tanh")
    assert d.proved and "2-3-1" in d.title
    blocks = d._repr_latex_().split("\n$$")
    assert len(blocks) > 1 and all(len(block) < 5 * 1024 for block in blocks)  # MathJax's default maxBuffer
    assert all(block.lstrip("$").startswith("\\begin{aligned}") and _balanced(block) for block in blocks)
    assert sum(block.count("\\text{(") for block in blocks) == len(d.all_steps())


def test_a_step_not_proved_is_marked_in_words_in_the_latex_display() -> None:
    import sympy as sp

    from dlmath.symbolic.calculus.steps import checked

    x = sp.Symbol("x")
    wrong = checked("my_rule & more", "a wrong step", sp.diff(x**2, x, evaluate=False), 3 * x)
    d = dlmath.Derivation("wrong", "A wrong step", "", (wrong,), wrong, ())
    assert not d.proved
    latex = d._repr_latex_()
    assert r"\text{(1) my\_rule \& more}\ {\color{red}{\boldsymbol{\times}\ \text{not proved (refuted)}}}" in latex
    assert r"\text{NOT PROVED: 2 of 2 steps" in latex and _balanced(latex)


def test_derive_errors_are_the_lines_dlmath_derive_prints(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(dlmath.UnknownNameError) as unknown:
        dlmath.derive("sigmoid")
    assert str(unknown.value) == cli_stderr(capsys, "derive", "sigmoid")
    with pytest.raises(dlmath.ParameterError) as bad_value:
        dlmath.derive("backprop", layers="1")
    assert str(bad_value.value) == cli_stderr(capsys, "derive", "backprop", "--param", "layers=1")
    with pytest.raises(dlmath.ParameterError, match=r"bad parameter 'layer' for backprop \(its parameters: layers"):
        dlmath.derive("backprop", layer="2,2")
    with pytest.raises(dlmath.ParameterError, match="must be text"):
        dlmath.derive("backprop", layers=2.5)


def test_catalog_lists_every_entry_with_its_parameters_and_sources() -> None:
    entries = dlmath.catalog()
    names = [e.name for e in entries]
    assert names[0] == "sigmoid-derivative" and "backprop" in names and len(names) == len(set(names)) >= 16
    backprop = entries[names.index("backprop")]
    assert set(backprop.parameters) == {"layers", "activation", "cost"}
    assert all(e.sources and e.title for e in entries)


# ---------------------------------------------------------------- networks
def test_compile_network_gives_the_gradient_backprop_gives() -> None:
    from dlmath.numeric.backprop import mlp as backprop
    from dlmath.numeric.params import init_params

    compiled = dlmath.compile_network((3, 4, 2), activation="tanh", cost="cross-entropy")
    rng = np.random.default_rng(1)
    params = init_params(compiled.network, rng)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(0.1, 0.9, size=(5, 2))
    gradient = compiled.gradient(params, X, Y)
    assert gradient["W1"].shape == (4, 3) and gradient["b2"].shape == (2,)
    expected = backprop.gradient(compiled.network, params, X, Y)
    assert all(np.allclose(gradient[k], expected[k], atol=1e-12) for k in expected)
    assert repr(compiled).startswith("<Compiled 3-4-2 tanh, cross-entropy cost: gradient, loss, predict; .source is")
    with pytest.raises(dlmath.NetworkError, match="unknown activation 'mish'"):
        dlmath.compile_network("2,2", activation="mish")
    narrow = dlmath.compile_network((3, 4, 2), activation="tanh", cost="cross-entropy", dtype="float32")
    assert all(g.dtype == np.float32 and np.allclose(g, expected[k], rtol=1e-4, atol=1e-6)
               for k, g in narrow.gradient(params, X, Y).items())
    with pytest.raises(dlmath.NetworkError, match="dtype must be one of float64, float32, not 'float16'"):
        dlmath.compile_network("2,2", dtype="float16")


def test_check_gradients_per_parameter_table() -> None:
    result = dlmath.check_gradients(layers=(4, 3, 2), batch=8, seed=2)
    assert result.passed and [c.parameter for c in result.checks] == ["W1", "b1", "W2", "b2"]
    assert repr(result) == result.report()
    page = result._repr_html_()
    assert "AGREE</span>" in page and page.count("<tr>") == 1 + 4 and "∂C/∂W1[" in page
    assert dlmath.check_gradients("rnn", hidden=2, steps=3).passed
    with pytest.raises(dlmath.UnknownNameError,
                       match="no model named 'gru'; choose one of mlp, softmax, log-softmax, residual, dropout, rnn"):
        dlmath.check_gradients("gru")
    with pytest.raises(dlmath.ParameterError, match="hidden ≤ 8"):
        dlmath.check_gradients("lstm", hidden=9)


def test_check_gradients_matches_dlmath_gradcheck(capsys: pytest.CaptureFixture[str]) -> None:
    result = dlmath.check_gradients(layers="5,3,2", activation="relu", batch=16, seed=4)
    capsys.readouterr()
    assert command(["gradcheck", "--layers", "5,3,2", "--activation", "relu", "--batch", "16", "--seed", "4"]) == 0
    assert result.report() in capsys.readouterr().out


# ---------------------------------------------------------------- experiments
def test_experiment_reduced_writes_its_plots_where_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = dlmath.experiment("linear-rnn-norms", reduced=True, out=tmp_path / "norms")
    assert isinstance(findings, dlmath.Findings) and findings.name == "linear-rnn-norms"
    assert findings.table and all(f.exists() and tmp_path in f.parents for f in findings.files)
    assert repr(findings).startswith("<Findings linear-rnn-norms>\nquantity")
    page = findings._repr_html_()
    # the cell as the book shows prose: text escaped, $…$ as MathML
    assert page.count("<tr>") == 1 + len(findings.table) and prose(findings.table[0].quantity) in page
    with pytest.raises(dlmath.UnknownNameError) as unknown:
        dlmath.experiment("linear-rnn")
    assert str(unknown.value) == cli_stderr(capsys, "experiment", "linear-rnn")
    with pytest.raises(dlmath.ParameterError, match="bad setting 'epochs' for experiment relu-gate"):
        dlmath.experiment("relu-gate", epochs=3)
    with pytest.raises(dlmath.ParameterError, match="seed must be a whole number: '1'"):
        dlmath.experiment("relu-gate", seed="1")
