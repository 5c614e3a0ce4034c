"""`dlmath audit FILE.tex` reads a chapter as its author means it: matrices whole, every kind of
display, definitions reported and used by the claims after them, the right line for every row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dlmath.derivations.sources import ClaimSource, tex_claims


def audit(path: Path) -> tuple[int, dict, str]:
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "audit", str(path), "--json", "--jobs", "2"],
                         capture_output=True, text=True, timeout=240)
    return run.returncode, (json.loads(run.stdout) if run.stdout else {}), run.stderr


def claims_of(tmp_path: Path, body: str) -> list[ClaimSource]:
    path = tmp_path / "chapter.tex"
    path.write_text(body)
    return tex_claims(path, body)


def lines(claims: list[ClaimSource]) -> list[int]:
    return [int(c.source.rsplit(":", 1)[1]) for c in claims]


MATRICES = r"""\section{Matrices}
\[ \begin{pmatrix} a & b \\ c & d \end{pmatrix} = \begin{pmatrix} d & c \\ b & a \end{pmatrix} \]
\[ \begin{pmatrix} 1 \\ 2 \end{pmatrix} \begin{pmatrix} 3 & 4 \end{pmatrix}
   = \begin{pmatrix} 3 & 4 \\ 6 & 8 \end{pmatrix} \]
\[ \begin{pmatrix} 1 \\ 2 \end{pmatrix} \begin{pmatrix} 3 & 4 \end{pmatrix} = 11 \]
"""


def test_matrices_are_compared_as_matrices(tmp_path: Path) -> None:
    path = tmp_path / "matrices.tex"
    path.write_text(MATRICES)
    code, data, _ = audit(path)
    verdicts = [c["verdict"] for c in data["claims"]]
    assert code == 1
    assert verdicts[0] == "refuted"      # the swapped matrix is not the matrix
    assert verdicts[1] == "proved"       # a column times a row is their outer product
    assert verdicts[2] != "proved"       # ... not the scalar 1·3 + 2·4
    assert [c["source"].rsplit(":", 1)[1] for c in data["claims"]] == ["2", "4", "5"]


def test_align_rows_keep_their_matrices_and_lines(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, r"""Text.
\begin{align}
  A^T &= \begin{bmatrix} 1 & 3 \\ 2 & 4 \end{bmatrix}^T \label{eq:a} \\
      &= \begin{bmatrix} 1 & 2 \\
                         3 & 4 \end{bmatrix} \nonumber \\[2pt]
  \det \begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix} &= -2 && \text{(by the rule)}
\end{align}
""")
    assert [c.latex for c in claims] == [
        r"A^T = \begin{bmatrix} 1 & 3 \\ 2 & 4 \end{bmatrix}^T",
        r"\begin{bmatrix} 1 & 3 \\ 2 & 4 \end{bmatrix}^T = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
        r"\det \begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix} = -2"]
    assert lines(claims) == [3, 4, 6]


def test_eqnarray_chain_gives_one_claim_per_link(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, r"""\begin{eqnarray*}
(a+b)^2 &=& (a+b)(a+b) \\
        &=& a^2 + 2ab + b^2 \\
        &\le& 2a^2 + 2b^2
\end{eqnarray*}
""")
    assert [c.latex for c in claims] == ["(a+b)^2 = (a+b)(a+b)", "(a+b)(a+b) = a^2 + 2ab + b^2",
                                         r"a^2 + 2ab + b^2 \le 2a^2 + 2b^2"]
    assert lines(claims) == [2, 3, 4]


def test_every_kind_of_display_is_read(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, r"""\begin{equation}\begin{split}
  (x+1)^2 &= x^2 + 2x \\
          &\quad + 1
\end{split}\end{equation}
\begin{gather*} e^{0} = 1 \\ \ln(1) = 0 \end{gather*}
\begin{multline*} a + b \\ + c = c + b + a \end{multline*}
$$ |x| = \begin{cases} x & x > 0 \\ -x & x \le 0 \end{cases} $$
\[ \begin{aligned} \tanh(0) &= 0 \\ &= \sin(0) \end{aligned} \]
\begin{alignat}{2} u &= u & v &= v \end{alignat}
""")
    assert [c.latex for c in claims] == [
        r"(x+1)^2 = x^2 + 2x \quad + 1", "e^{0} = 1", r"\ln(1) = 0", "a + b + c = c + b + a",
        r"|x| = \begin{cases} x & x > 0 \\ -x & x \le 0 \end{cases}", r"\tanh(0) = 0", r"0 = \sin(0)",
        "u = u", "v = v"]
    assert lines(claims) == [2, 5, 5, 6, 7, 8, 8, 9, 9]


def test_what_makes_a_display_a_definition(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, r"""\section{Sigmoid}
\[ z = w x + b \]
\[ p_k = \frac{e^{z_k}}{e^{z_1} + e^{z_2}} \]
\[ z = w x + b \]
\[ \sigma(z) = \frac{1}{1+e^{-z}} \]
Define the squashing function
\[ \sigma(z) = \frac{1}{1+e^{-z}} \]
\[ q := 1 - p_1 \] \[ r \coloneqq 2 \] \[ s \stackrel{\text{def}}{=} 3 \]
Let
\[ x = 2 \]
\[ y = y^2 \]
\[ (a+b)^2 := a^2 + b^2 \]
""")
    roles = [(c.latex, c.role) for c in claims]
    assert roles == [
        ("z = w x + b", "definition"),                                  # a new name
        (r"p_k = \frac{e^{z_k}}{e^{z_1} + e^{z_2}}", "definition"),     # a new indexed name
        ("z = w x + b", "claim"),                                       # z is known by now: a claim
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", "claim"),                   # sigma is the reader's own ...
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", "definition"),              # ... unless the text defines it
        ("q = 1 - p_1", "definition"), ("r = 2", "definition"), ("s = 3", "definition"),
        ("x = 2", "definition"),                                        # "Let" before the display
        ("y = y^2", "claim"),                                           # y occurs on its right side
        ("(a+b)^2 = a^2 + b^2", "claim")]
    assert claims[10].fixed is not None and claims[10].fixed.unreadable  # := needs a name on its left
    assert claims[2].where == ("z = w x + b",)
    assert claims[5].fixed is not None and claims[5].fixed.verdict.method == "definition"


def test_definitions_are_used_by_the_claims_after_them(tmp_path: Path) -> None:
    path = tmp_path / "cost.tex"
    path.write_text(r"""The quadratic cost of one example is
\begin{equation} J = (y - p)^2 \end{equation}
so that
\begin{align}
  \frac{\partial J}{\partial p} &= 2(p - y) \\
  \frac{\partial J}{\partial y} &= 2(p - y)
\end{align}
Define the squashing function as
\[ \sigma(z) = \tanh(z) \]
\[ \sigma(0) = \frac{1}{2} \]
\[ f(x) = x^2 \]
\[ f(3) = 9 \]
""")
    code, data, _ = audit(path)
    got = [(c["source"].rsplit(":", 1)[1], c["verdict"]) for c in data["claims"]]
    assert got == [("2", "definition"), ("5", "proved"), ("6", "refuted"), ("9", "definition"), ("10", "undecided"),
                   ("11", "definition"), ("12", "undecided")]
    assert data["claims"][1]["where"] == ["J = (y - p)^2"]
    assert "differs from the reader" in data["claims"][3]["detail"]   # \sigma here is not the reader's sigmoid
    summary = data["summary"]
    assert (summary["proved"], summary["refuted"], summary["undecided"], summary["definitions"]) == (1, 1, 2, 3)
    assert code == 1


def test_definition_never_counts_as_proved_in_the_table(tmp_path: Path) -> None:
    path = tmp_path / "one.tex"
    path.write_text("\\[ J = (y - p)^2 \\]\n\\[ \\frac{\\partial J}{\\partial p} = 2(p - y) \\]\n")
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "audit", str(path), "--jobs", "1"],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0
    rows = [line.split(None, 2) for line in run.stdout.splitlines()[2:4]]
    assert [row[1:] for row in rows] == [["definition", "J = (y - p)^2"],
                                         ["proved", r"\frac{\partial J}{\partial p} = 2(p - y)"]]
    assert run.stdout.strip().splitlines()[-1] == "1 proved, 0 refuted, 0 undecided, 0 errors, 1 definitions"


def test_a_file_with_only_inline_math_exits_3_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "prose.tex"
    path.write_text("The sigmoid $\\sigma(z) = 1/(1+e^{-z})$ squashes $z$; so $x^2 \\ge 0$.\n")
    code, data, stderr = audit(path)
    assert code == 3 and data == {}
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert "no displayed equation" in stderr


def test_conditions_beside_a_claim_and_two_claims_on_one_line(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, "\\[ |x| = x , \\quad x > 0 \\]\n"
                                 "\\[ \\sigma(0) = \\frac{1}{2}, \\qquad \\sigma'(0) = \\frac{1}{4} . \\]\n")
    assert [(c.latex, c.where) for c in claims] == [("|x| = x", ("x > 0",)), (r"\sigma(0) = \frac{1}{2}", ()),
                                                    (r"\sigma'(0) = \frac{1}{4}", ())]


def test_a_course_note_on_logistic_regression() -> None:
    path = Path(__file__).parent / "data" / "logistic_regression.tex"
    code, data, _ = audit(path)
    summary = data["summary"]
    assert (summary["proved"], summary["refuted"], summary["undecided"], summary["errors"],
            summary["definitions"]) == (14, 1, 0, 0, 5)
    refuted = [c for c in data["claims"] if c["verdict"] == "refuted"]
    assert [c["source"].rsplit(":", 1)[1] for c in refuted] == ["40"]   # the forgotten sign
    derivative = next(c for c in data["claims"] if c["latex"] == r"\frac{\partial J}{\partial z} = p - y")
    assert derivative["verdict"] == "proved" and derivative["where"] == [r"p = \sigma(z)",
                                                                        r"J = -y \ln p - (1 - y) \ln(1 - p)"]
    assert code == 1
