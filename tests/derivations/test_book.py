"""The whole book: every derivation of the catalog in one LaTeX document that compiles, and one HTML page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dlmath.derivations.render import html, tex

# One worker builds the whole catalog once for every test that needs it (pytest-xdist).
pytestmark = pytest.mark.xdist_group("catalog")


def test_the_whole_book_compiles_with_pdflatex(tmp_path: Path, all_derivations: dict) -> None:
    assert shutil.which("pdflatex"), "pdflatex is missing: .ci/run installs texlive-latex-base"
    source = tmp_path / "book.tex"
    source.write_text(tex.book(list(all_derivations.values())), encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "book.pdf").stat().st_size > 50_000


def test_the_whole_book_html_is_self_contained_with_every_derivation(all_derivations: dict) -> None:
    page = html.book(list(all_derivations.values()))
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", page)
    assert page.count("<math") > 200
    for derivation in all_derivations.values():
        assert derivation.title in page
    fallback = sum(step.rule == "SymPy" for d in all_derivations.values() for step in d.all_steps())
    assert f", {fallback} by SymPy's fallback." in page  # counted in the book's totals
