"""The whole book: every derivation in one LaTeX document that pdflatex sets cleanly, and one self-contained HTML page.

The pdflatex log is the judge of the typesetting: no box more than 10 pt wider than the line (a formula run off
the page), no undefined reference (a broken link of the contents, the appendix or the checks).
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dlmath.derivations.experiment import Config, experiments
from dlmath.derivations.render import html, htmlbook, outline, texbook

# One worker builds the whole catalog once for every test that needs it (pytest-xdist).
pytestmark = pytest.mark.xdist_group("catalog")
OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", re.MULTILINE)
TOLERANCE = 10.0  # pt: what a reader does not see as running into the margin


@pytest.fixture(scope="module")
def one_experiment(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The quickest experiment, reduced, so that the experiments part and its figures are in the book tested."""
    entry = experiments()["test-scores-line"]
    out = tmp_path_factory.mktemp("book") / "experiments" / entry.name
    out.mkdir(parents=True)
    return [(entry, entry.run(Config(out=out, reduced=True, progress=False)))]


def _pdflatex_log(folder: Path) -> str:
    assert shutil.which("pdflatex"), "pdflatex is missing: .ci/run installs texlive-latex-base"
    for _ in range(2):  # twice: the contents and the page references of the appendix
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "book.tex"],
                             cwd=folder, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout[-2000:]
    return (folder / "book.log").read_text(encoding="utf-8", errors="replace")


def test_the_whole_book_sets_without_overflow_or_broken_links(all_derivations: dict, one_experiment: list) -> None:
    folder = one_experiment[0][1].files[0].parents[2]
    source = texbook.book(list(all_derivations.values()), experiments=one_experiment, base=folder)
    # a character the writer has no TeX for is set as a visible [U+XXXX]: a source's § once was
    assert "[U+" not in source, sorted(set(re.findall(r"\[U\+[0-9A-F]+\]", source)))
    (folder / "book.tex").write_text(source, encoding="utf-8")
    log = _pdflatex_log(folder)
    wide = [float(pt) for pt in OVERFULL.findall(log)]
    assert not [pt for pt in wide if pt > TOLERANCE], f"boxes too wide (pt): {wide}"
    assert "undefined" not in log.replace("\n", ""), [line for line in log.splitlines() if "undefined" in line]
    assert (folder / "book.pdf").stat().st_size > 100_000
    assert r"\includegraphics" in source and r"\part{Experiments}" in source and "Preface" in source
    assert r"\usepackage[bookmarks=true" in source and r"\chapter{" in source


def test_the_book_counts_every_step_and_says_how_many_are_shown(all_derivations: dict) -> None:
    derivations = list(all_derivations.values())
    total = sum(len(d.all_steps()) for d in derivations)
    shown = sum(n.shown for d in derivations for n in outline.outline(d, outline.DEFAULT_DEPTH))
    assert 0 < shown < total
    line = f"{len(derivations)} derivations, {total} steps, {total} proved, 0 not proved"
    note = f"{shown} of the {total} steps shown in the main text"
    for page in (texbook.book(derivations), htmlbook.book(derivations)):
        assert line in page and note in page
    deepest = max(n.depth for d in derivations for n in outline.outline(d, outline.DEFAULT_DEPTH) if n.shown)
    assert deepest < outline.DEFAULT_DEPTH  # no 9.1.4.1.2.1.2.1 in the main text


def test_the_whole_book_html_has_unique_ids_and_fetches_nothing(all_derivations: dict, one_experiment: list) -> None:
    page = htmlbook.book(list(all_derivations.values()), experiments=one_experiment)
    assert "<script" not in page.lower()
    # No reference that a browser follows outside the page: no http(s) src or href at all (no citation links
    # either: the seeds are files of the project, cited by title and file name), no xlink:href to another file.
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page)
    ids = collections.Counter(re.findall(r'\bid="([^"]+)"', page))
    assert not {k: v for k, v in ids.items() if v > 1}
    assert page.count("<math") > 200 and page.count("<svg") >= 1 and page.count("<details") > 10
    for derivation in all_derivations.values():
        assert html.prose(derivation.title) in page  # the title with its $…$ math as MathML
    assert re.search(r"<h2>1 The derivative of the sigmoid", page)  # numbered chapters
    fallback = sum(step.rule == "SymPy" for d in all_derivations.values() for step in d.all_steps())
    assert f", {fallback} by SymPy's fallback." in page  # counted in the book's totals
