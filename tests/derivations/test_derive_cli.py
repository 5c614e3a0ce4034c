"""`dlmath list`, `dlmath derive` and `dlmath book` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlmath.derivations.core import build


def dlmath(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *args], capture_output=True, text=True,
                          timeout=900, cwd=cwd)


def test_list_names_titles_and_sources() -> None:
    run = dlmath("list")
    assert run.returncode == 0
    assert "sigmoid-derivative" in run.stdout and "004_153ca892f3cbebf4.txt" in run.stdout


@pytest.mark.parametrize("fmt", ["text", "tex", "md", "html"])
def test_derive_each_format_with_check(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"sigmoid.{fmt}"
    run = dlmath("derive", "sigmoid-derivative", "--format", fmt, "-o", str(out), "--check")
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "sigma" in text or "σ" in text or "&#x003c3;" in text.lower()  # MathML writes σ as an entity


def test_derive_text_to_the_terminal_shows_the_checks() -> None:
    run = dlmath("derive", "two-layer-chain-rule", "--check")
    assert run.returncode == 0
    assert "proved" in run.stdout and "NOT PROVED" not in run.stdout


@pytest.mark.parametrize("args", [("derive", "no-such-thing"), ("derive", "least-squares-slope", "--param", "x=1"),
                                  ("derive", "least-squares-slope", "--param", "data=1:oops")])
def test_derive_bad_input_is_one_line_exit_3(args: tuple[str, ...]) -> None:
    run = dlmath(*args)
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_jupyter_displays_a_derivation() -> None:
    derivation = build("sigmoid-derivative")
    assert derivation._repr_latex_().startswith("$$") and r"\sigma" in derivation._repr_latex_()
    assert "<math" in derivation._repr_html_()


@pytest.mark.parametrize("name, opening", [("s.html", "<!DOCTYPE html>"), ("s.md", "# "), ("s.tex", r"\documentclass"),
                                           ("s.txt", "The derivative of the sigmoid\n=")])
def test_derive_takes_the_format_from_the_output_suffix(name: str, opening: str, tmp_path: Path) -> None:
    run = dlmath("derive", "sigmoid-derivative", "-o", str(tmp_path / name))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(opening)


def test_a_format_that_contradicts_the_suffix_is_one_line_exit_3(tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    run = dlmath("derive", "sigmoid-derivative", "--format", "md", "-o", str(out))
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "--format md contradicts" in run.stderr and "(html)" in run.stderr and not out.exists()


def test_an_explicit_format_names_the_format_of_an_unknown_suffix(tmp_path: Path) -> None:
    out = tmp_path / "s.out"
    run = dlmath("derive", "sigmoid-derivative", "--format", "md", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_an_unknown_suffix_is_one_line_exit_3(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    run = dlmath("derive", "sigmoid-derivative", "-o", str(out))
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert "'.pdf'" in run.stderr and "--format" in run.stderr and not out.exists()
