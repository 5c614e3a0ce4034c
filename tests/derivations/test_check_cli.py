"""`dlmath check`, as a user runs it: exit codes, the JSON shape, stdin, and bad input in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

WRONG = ("\\frac{\\partial}{\\partial w}\\frac{1}{2}(\\sigma(wx+b)-y)^2 = "
         "(\\sigma(wx+b)-y)\\frac{\\partial}{\\partial w}\\sigma(wx+b)\n"
         "= (\\sigma(wx+b)-y)x\n")


def dlmath(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "check", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_the_sigmoid_neuron_with_its_sigma_prime_missing_names_line_and_mistake(tmp_path: Path) -> None:
    path = tmp_path / "neuron.txt"
    path.write_text(WRONG)
    run = dlmath(str(path))
    assert run.returncode == 1, run.stderr
    assert "line 2 does not follow" in run.stdout and "counterexample:" in run.stdout
    assert "diagnosis: line 2: the sigmoid's derivative is wrong" in run.stdout


def test_json_from_stdin_has_the_documented_shape() -> None:
    run = dlmath("-", "--json", stdin=WRONG)
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {"lines", "first_wrong", "diagnosis"}
    keys = {"line", "latex", "verdict", "detail", "counterexample"}
    assert all(set(line) >= keys for line in data["lines"]) and len(data["lines"]) == 2
    assert [line["verdict"] for line in data["lines"]] == ["proved", "refuted"]
    assert data["first_wrong"] == 2 and data["diagnosis"].startswith("line 2: ")
    assert data["lines"][1]["counterexample"]["values"]


def test_a_derivation_that_follows_exits_0_and_where_is_repeatable() -> None:
    run = dlmath("-", "--where", "x > 0", "--where", "y > 0", stdin="\\sqrt{x^2 y^2} = x y\n= y x\n")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "every line follows" in run.stdout


def test_a_markdown_file_and_a_broken_chain_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "steps.md"
    path.write_text("We bound it.\n\n$$ x^2 + 1 \\ge 1 $$\n\nand then\n\n$$ \\le x^2 + 2 $$\n")
    run = dlmath(str(path), "--json")
    assert run.returncode == 2, run.stdout + run.stderr
    data = json.loads(run.stdout)
    assert [line["line"] for line in data["lines"]] == [3, 7] and data["first_wrong"] is None
    assert "does not compose" in data["broken"]


NETWORK_SLIPS = [  # (file name, its text, --where conditions, the teacher's sentence)
    ("layer.tex", "\\begin{align*}\n\\nabla_{\\mathbf{x}} \\frac{1}{2}\\|W\\mathbf{x} - \\mathbf{y}\\|^2 "
     "&= W^T(W\\mathbf{x} - \\mathbf{y}) \\\\\n&= W W^T\\mathbf{x} - W^T\\mathbf{y}\n\\end{align*}\n",
     ("W \\in \\mathbb{R}^{2 \\times 2}", "\\mathbf{x} \\in \\mathbb{R}^{2}", "\\mathbf{y} \\in \\mathbb{R}^{2}"),
     "diagnosis: line 3: the transpose is on the wrong factor: W W^{T} written for W^{T} W"),
    ("jacobian.txt", "\\frac{\\partial p_1}{\\partial z_2} = p_1(1 - p_2)\n",
     ("p_i = \\operatorname{softmax}(\\mathbf{z})_i", "\\mathbf{z} \\in \\mathbb{R}^{3}"),
     "diagnosis: line 1: the softmax Jacobian's Kronecker delta is wrong (δ_12 = 0 was written as 1)"),
    ("layers.txt", "h^{(1)} = \\tanh(w^{(1)}x)\nh^{(2)} = \\tanh(w^{(2)}h^{(1)})\n"
     "\\frac{\\partial h^{(2)}}{\\partial x} = (1-(h^{(2)})^2)w^{(2)}(1-(h^{(2)})^2)w^{(1)}\n", (),
     "diagnosis: line 3: the layer index is off by one (h^{(2)} written for h^{(1)} in one place)"),
    ("relu.txt", "\\frac{d}{dz}\\operatorname{ReLU}(z) = \\operatorname{ReLU}(z)\n", (),
     "diagnosis: line 1: the ReLU's derivative is wrong (ReLU′ written ReLU(z) instead of 1[z > 0])"),
    ("batch.txt", "\\frac{\\partial}{\\partial w}\\frac{1}{3}\\sum_{k=1}^{3}\\frac{1}{2}(wx_k - y_k)^2 "
     "= \\frac{1}{3}(wx_k-y_k)x_k\n", (), "diagnosis: line 1: the sum over k = 1…3 is missing"),
]


@pytest.mark.parametrize(("name", "text", "where", "sentence"), NETWORK_SLIPS, ids=[s[0] for s in NETWORK_SLIPS])
def test_network_slips_from_a_file_are_diagnosed_in_a_teachers_words(tmp_path: Path, name: str, text: str,
                                                                     where: tuple[str, ...], sentence: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    run = dlmath(str(path), *(arg for condition in where for arg in ("--where", condition)))
    assert run.returncode == 1, run.stdout + run.stderr
    assert sentence in run.stdout, run.stdout
    assert "repaired line:" in run.stdout


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("-",), "\\frac{d}{dx} x^2 = 2x\n= \\foo{x}\n", "dlmath check: line 2: unreadable"),
    (("-",), "no relation here\n", "dlmath check: no line with a relation"),
    (("/nonexistent/derivation.txt",), None, "dlmath check: cannot read"),
])
def test_bad_input_is_one_line_and_exit_3(args: tuple[str, ...], stdin: str | None, message: str) -> None:
    run = dlmath(*args, stdin=stdin)
    assert run.returncode == 3
    assert run.stderr.startswith(message) and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_a_tex_file_without_displays_is_refused_with_how_to_write_it(tmp_path: Path) -> None:
    lines = "\\frac{d}{dx} x^2 = 2x\n= 2 x\n"
    as_tex, as_text = tmp_path / "steps.tex", tmp_path / "steps.txt"
    as_tex.write_text(lines)
    as_text.write_text(lines)
    refused = dlmath(str(as_tex))
    assert refused.returncode == 3 and refused.stderr.strip() == (
        "dlmath check: no display math to check: a .tex or Markdown derivation is read from its displays "
        "($$…$$, \\[…\\], align); write one step a line in a plain-text file or on stdin instead")
    assert dlmath(str(as_text)).returncode == 0  # the same lines as plain text are a derivation
