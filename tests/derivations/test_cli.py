"""The `dlmath verify` and `dlmath audit` commands, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlmath.derivations.sources import read_claims, seed_claims

TEX = r"""
\documentclass{article}
\begin{document}
% \begin{equation} \sigma(x) = 0 \end{equation}  (a comment: never audited)
\begin{equation}\label{eq:sig}
  \frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x)).
\end{equation}
\begin{align}
  (a+b)^2 &= a^2 + 2ab + b^2 \nonumber \\
          &= a^2 + b^2 ,
\end{align}
$$\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)$$
\[ x + 1 \]
\begin{gather*}
  e^{0} = 1 \\ \ln(1) = 0
\end{gather*}
\end{document}
"""


def dlmath(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *args], capture_output=True, text=True,
                          timeout=240)


def test_verify_proved_exit_0() -> None:
    run = dlmath("verify", r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)")
    assert run.returncode == 0 and run.stdout.startswith("PROVED")


def test_verify_refuted_exit_1_with_counterexample_table() -> None:
    run = dlmath("verify", r"\frac{d}{dx}\sigma(x) = \sigma(x)(1+\sigma(x))")
    assert run.returncode == 1
    assert "counterexample" in run.stdout and "lhs − rhs" in run.stdout and "x " in run.stdout


def test_verify_undecided_exit_2() -> None:
    assert dlmath("verify", r"\frac{\partial C}{\partial w} = 0").returncode == 2


def test_verify_unreadable_exit_3_one_line() -> None:
    run = dlmath("verify", r"\frac{1}{")
    assert run.returncode == 3 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_verify_json_fields_and_where() -> None:
    run = dlmath("verify", "--json", r"\ln(1+x) \ge x", "--where", "x > -1")
    data = json.loads(run.stdout)
    assert run.returncode == 1
    assert {"verdict", "method", "detail", "lhs", "rhs", "counterexample", "seconds"} <= set(data)
    assert data["verdict"] == "refuted" and float(data["counterexample"]["values"]["x"]) > -1


def test_verify_bad_timeout_is_a_usage_error() -> None:
    run = dlmath("verify", "x = x", "--timeout", "-1")
    assert run.returncode == 3
    assert run.stderr == "dlmath verify: --timeout must be a positive number of seconds, not '-1'\n"


def test_tex_extraction_chains_comments_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "notes.tex"
    path.write_text(TEX)
    claims = read_claims(path)
    texts = [c.latex for c in claims]
    assert len(claims) == 6
    assert texts[0] == r"\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))"
    assert texts[1].startswith("(a+b)^2") and texts[1].endswith("2ab + b^2")
    assert claims[0].source.endswith(":6")
    assert claims[1].source.endswith(":9") and claims[2].source.endswith(":10")  # the row of its relation
    assert "a^2 + b^2" in claims[2].latex and claims[2].latex.startswith("a^2 + 2ab")
    assert claims[3].source.endswith(":12")
    assert [c.latex for c in claims[4:]] == ["e^{0} = 1", r"\ln(1) = 0"]


def test_audit_tex_file_json_and_out(tmp_path: Path) -> None:
    path = tmp_path / "notes.tex"
    path.write_text(TEX)
    out = tmp_path / "report" / "audit.json"
    run = dlmath("audit", str(path), "--json", "--out", str(out), "--jobs", "2")
    assert run.returncode == 1  # (a+b)^2 = a^2 + b^2 is refuted
    data = json.loads(run.stdout)
    assert json.loads(out.read_text()) == data
    verdicts = [c["verdict"] for c in data["claims"]]
    assert verdicts == ["proved", "proved", "refuted", "proved", "proved", "proved"]
    assert data["summary"]["refuted"] == 1 and data["summary"]["proved"] == 5
    assert all({"latex", "source", "verdict", "method", "detail", "counterexample"} <= set(c) for c in data["claims"])


def test_audit_jsonl_table_and_summary(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    lines = [{"latex": r"\sigma(0) = \frac{1}{2}"}, {"latex": r"\ln x \le x - 1", "where": ["x > 0"]},
             {"latex": r"\frac{1}{"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    run = dlmath("audit", str(path), "--timeout", "20")
    assert run.returncode == 0
    assert run.stdout.strip().endswith("2 proved, 0 refuted, 0 undecided, 1 errors")
    assert f"{path}:3" in run.stdout


@pytest.mark.parametrize("content", ["not json\n", '{"where": []}\n', '{"latex": "x = x", "where": "x > 0"}\n'])
def test_audit_malformed_jsonl_exit_3(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    run = dlmath("audit", str(path))
    assert run.returncode == 3 and len(run.stderr.strip().splitlines()) == 1


def test_audit_missing_file_exit_3(tmp_path: Path) -> None:
    run = dlmath("audit", str(tmp_path / "nope.tex"))
    assert run.returncode == 3 and "cannot read" in run.stderr and "Traceback" not in run.stderr


def test_audit_timeout_is_reported_per_claim_and_audit_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    lines = [{"latex": "2^{2^{2^{2^{40}}}} = 1"}, {"latex": r"\sigma(0) = \frac{1}{2}"}]
    path.write_text("\n".join(json.dumps(line) for line in lines))
    data = json.loads(dlmath("audit", str(path), "--json", "--timeout", "2").stdout)
    assert [c["verdict"] for c in data["claims"]] == ["undecided", "proved"]
    assert data["claims"][0]["method"] == "timeout"


def test_built_in_seed_audit_has_sources_and_finds_the_004_sign_error() -> None:
    claims = seed_claims()
    assert len(claims) >= 25
    assert all(c.source.split(",")[0].endswith(".txt") for c in claims)
    run = dlmath("audit", "--json")
    data = json.loads(run.stdout)
    assert run.returncode == 1
    refuted = [c for c in data["claims"] if c["verdict"] == "refuted"]
    assert any(c["source"].startswith("004_") and "theta" in c["latex"] for c in refuted)
