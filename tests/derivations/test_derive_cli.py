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
    assert "sigma" in text or "σ" in text


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
