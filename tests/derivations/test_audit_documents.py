r"""Whole chapters on linear algebra, audited: a matrix stays a matrix (declared in the prose, split over
lines, written out), \det(A) = … is a claim and not a definition of \det, and a true claim about
matrices is never refuted because the reader took a matrix for a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlmath import audit
from dlmath.derivations.sources import tex_claims

CHAPTER = r"""\documentclass{article}
\begin{document}
Let $A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}$, $B, C \in \mathbb{R}^{2 \times 2}$,
$\mathbf{x} \in \mathbb{R}^{2}$ and $M \in \mathbb{R}^{n \times n}$.
\begin{equation}
A^2 = \begin{pmatrix} 7 & 10 \\ 15 & 22 \end{pmatrix} \label{eq:square}
\end{equation}
\begin{equation*}
BC = CB
\end{equation*}
\begin{align}
(BC)^T &= C^T B^T \\
\mathbf{x}^T B \mathbf{x} &= \mathbf{x}^T B^T \mathbf{x} \nonumber \\
B I &= B \tag{id}
\end{align}
\[ M + M = 2M \]
% a commented formula $$ 1 = 2 $$ is skipped
\[ \det(B) = 1 \]
\[ \det\left(\begin{pmatrix} 0 & 1 \\ 1 & 0 \end{pmatrix}\right) = 1 \]
\begin{gather}
\begin{pmatrix} 1 & 0 \\
 0 & 1 \end{pmatrix} = \begin{pmatrix} 1 & 0 & 0 & 1 \end{pmatrix} \\
\begin{bmatrix} 1 & 2 \\
 3 & 4 \end{bmatrix} \begin{bmatrix} 1 \\ 1 \end{bmatrix} = \begin{bmatrix} 3 \\ 7 \end{bmatrix}
\end{gather}
\end{document}
"""

# (line, verdict): the claim on that line and what the audit must say about it.
EXPECTED = [
    (6, "undecided"),   # A is a written-out matrix in the prose: not substituted, so undecided (was: refuted)
    (9, "refuted"),     # B, C declared 2×2 in the prose: matrices do not commute (was: proved as numbers)
    (12, "proved"),
    (13, "proved"),
    (14, "proved"),     # I beside the matrix B is the identity
    (16, "undecided"),  # M's size is n: a declaration the verifier cannot use
    (18, "refuted"),    # det(B) = 1 is a claim about B (was: a definition of \det, never checked)
    (19, "refuted"),    # the swap has determinant -1
    (22, "refuted"),    # a matrix split over two lines stays 2×2 (it is not the row 1 0 0 1)
    (24, "proved"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    path = tmp_path_factory.mktemp("chapter") / "linear.tex"
    path.write_text(CHAPTER)
    report = audit(path, jobs=1, timeout=20, cache=False)
    return {int(r.claim.source.rsplit(":", 1)[1]): str(r.status) for r in report.results}


@pytest.mark.parametrize(("line", "verdict"), EXPECTED)
def test_each_claim_of_the_chapter_gets_its_verdict(results: dict[int, str], line: int, verdict: str) -> None:
    assert results.get(line) == verdict, results


def test_the_chapter_has_no_other_claims(results: dict[int, str]) -> None:
    assert sorted(results) == [line for line, _ in EXPECTED]


def test_prose_declarations_become_conditions_of_the_displays_that_use_them(tmp_path: Path) -> None:
    path = tmp_path / "c.tex"
    claims = {int(c.source.rsplit(":", 1)[1]): c for c in tex_claims(path, CHAPTER)}
    assert r"B \in \mathbb{R}^{2 \times 2}" in claims[9].where and r"C \in \mathbb{R}^{2 \times 2}" in claims[9].where
    assert claims[6].fixed is not None and "declared in the prose" in claims[6].fixed.verdict.detail
    assert claims[16].fixed is not None and "numeric sizes" in claims[16].fixed.verdict.detail
    assert claims[18].role == "claim"


def test_a_macro_is_refused_never_read_as_a_symbol(tmp_path: Path) -> None:
    text = "\\newcommand{\\vx}{\\mathbf{x}}\n\\[ \\vx = \\vx \\]\n\\[ \\vx + 1 = 1 + \\vx \\]\n"
    path = tmp_path / "m.tex"
    path.write_text(text)
    report = audit(path, jobs=1, timeout=20, cache=False)
    assert [str(r.status) for r in report.results] == ["error", "error"]
    assert all("unknown command" in r.checked.verdict.detail for r in report.results)
