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


MACROS = r"""\newcommand{\R}{\mathbb{R}}
\newcommand{\vx}{\mathbf{x}}
\newcommand\vy{\mathbf{y}}
\newcommand{\norm}[1]{\left\lVert #1 \right\rVert}
\newcommand{\ip}[2]{\langle #1, #2 \rangle}
\def\T{\top}
\DeclareMathOperator{\Tr}{tr}
\renewcommand{\vec}[1]{\mathbf{#1}}
\newcommand{\opt}[1][x]{#1^2}
Let $\vx, \vy \in \R^{2}$ and $A, B \in \R^{2 \times 2}$.
\begin{align}
\norm{\vx}_2^2 &= \vx^\T \vx \\
\ip{\vx}{\vy} &= \vx^\T \vx \\
\Tr(AB) &= \Tr(BA) \\
\vec{x}^\T \vec{y} &= \vx^\T \vy \\
\opt &= x^2
\end{align}
"""


def test_a_files_macros_are_expanded_or_refused_never_read_as_symbols(tmp_path: Path) -> None:
    path = tmp_path / "macros.tex"
    path.write_text(MACROS)
    claims = tex_claims(path, MACROS)
    assert claims[0].latex.startswith("\\lVert \\mathbf{x}") and "\\top" in claims[0].latex
    assert "\\vec" not in claims[3].latex  # \renewcommand{\vec}: the file's meaning, not the reader's
    report = audit(path, jobs=1, timeout=20, cache=False)
    assert [str(r.status) for r in report.results] == ["proved", "refuted", "proved", "proved", "error"]
    assert "does not expand" in report.results[4].checked.verdict.detail


NOTES = """# Linear layers

For $W \\in \\mathbb{R}^{2 \\times 3}$ and $\\mathbf{x} \\in \\mathbb{R}^{3}$:

$$ \\nabla_{\\mathbf{x}} \\tfrac{1}{2} \\|W \\mathbf{x}\\|_2^2 = W^\\top W \\mathbf{x} $$

- a list item: $$ (W \\mathbf{x})_1 = W_{11} x_1 + W_{12} x_2 + W_{13} x_3 $$
- code is not math:

```latex
$$ 1 = 2 $$
```

and `$$ 2 = 3 $$` neither. Inline prose math $W^\\top W = W W^\\top$ is not audited.
"""


def test_a_markdown_file_is_audited_by_the_command_without_its_code(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(NOTES)
    claims = tex_claims(path, NOTES)
    assert [c.latex.split(" = ")[1][:6] for c in claims] == ["W^\\top", "W_{11}"]
    assert all(r"W \in \mathbb{R}^{2 \times 3}" in c.where for c in claims)
    report = audit(path, jobs=1, timeout=20, cache=False)
    assert [str(r.status) for r in report.results] == ["proved", "proved"]


LAYOUT = r"""\section{Displays}
\begin{align}
(a+b)^2 &= a^2 + 2ab + b^2 \label{eq:sq} \\
        &= b^2 + 2ab + a^2 \nonumber \\
(a-b)^2 &= a^2 - 2ab + b^2 \tag{$\ast$}
\intertext{and, for the record,}
e^{0} &= 1
\end{align}
% $$ 1 = 2 $$ in a comment
\begin{itemize}
\item in a list: \[ \begin{pmatrix} 1 & 2 \\
   3 & 4 \end{pmatrix}^T = \begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix} \]
\end{itemize}
\begin{multline}
(a + b)^3 = a^3 + 3a^2 b \\
 + 3 a b^2 + b^3
\end{multline}
"""


def test_a_displays_alignment_splits_its_relations_and_nothing_else(tmp_path: Path) -> None:
    claims = tex_claims(tmp_path / "layout.tex", LAYOUT)
    assert [c.latex for c in claims] == [
        "(a+b)^2 = a^2 + 2ab + b^2",
        "a^2 + 2ab + b^2 = b^2 + 2ab + a^2",
        "(a-b)^2 = a^2 - 2ab + b^2",
        "e^{0} = 1",
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}^T = \\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}",
        "(a + b)^3 = a^3 + 3a^2 b + 3 a b^2 + b^3",
    ]
    assert [int(c.source.rsplit(":", 1)[1]) for c in claims] == [3, 4, 5, 7, 12, 15]


def test_a_macro_keeps_every_line_number(tmp_path: Path) -> None:
    text = ("\\newcommand{\\norm}[1]{\\left\\lVert\n #1 \\right\\rVert}\n"
            "\\[ \\norm{x\n + y} \\le \\norm{x} + \\norm{y} \\]\n\\[ a + b = b + a \\]\n")
    claims = tex_claims(tmp_path / "lines.tex", text)
    assert [int(c.source.rsplit(":", 1)[1]) for c in claims] == [4, 5]
    assert claims[0].latex.startswith("\\lVert x + y \\right\\rVert \\le")
