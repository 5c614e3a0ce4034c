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
