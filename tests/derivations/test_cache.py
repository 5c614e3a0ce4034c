"""The verdict cache: the same verdicts again, only changed claims re-checked, another verifier's never
returned, a corrupt file reported and rebuilt, concurrent audits on one file, and --resume."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlmath.derivations import audit
from dlmath.derivations.cache import VerdictCache, spelling_key, time_limit
from dlmath.derivations.executor import LocalPool
from dlmath.derivations.sources import ClaimSource
from dlmath.symbolic.verify.verdict import Status, Verdict
from dlmath.symbolic.verify.worker import Checked, read_key

CLAIMS = [r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))", r"(a+b)^2 = a^2 + b^2", r"\ln(1+x) \le x",
          r"\frob{x} = 1", r"\tanh(0) = 0"]
WHERE = {2: ("x > -1",)}


def claims(texts: list[str] = CLAIMS) -> list[ClaimSource]:
    return [ClaimSource(t, WHERE.get(i, ()), f"c:{i + 1}") for i, t in enumerate(texts)]


def audited(texts: list[str], cache: VerdictCache | None) -> list[audit.AuditResult]:
    return audit.run_audit(claims(texts), 2, 20, progress=False, executor=LocalPool(2), cache=cache)


def records(results: list[audit.AuditResult]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.as_dict().items() if k != "cached"} for r in results]


def dlmath(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *args], capture_output=True, text=True,
                          timeout=240)


def test_a_warm_cache_gives_the_same_verdicts_and_an_edit_rechecks_only_the_changed_claims(tmp_path: Path) -> None:
    cache = VerdictCache(tmp_path / "v.sqlite")
    cold = audited(CLAIMS, cache)
    assert [r.status for r in cold] == ["proved", "refuted", "proved", "error", "proved"]
    assert not any(r.cached for r in cold)
    warm = audited(CLAIMS, cache)
    assert all(r.cached for r in warm) and records(warm) == records(cold)
    # Spacing and \left( change the spelling, not the reading: found by reading. The last claim is new.
    edited = [CLAIMS[0].replace("(1-", r" \left(1 - ").replace("))", r")\right)"), *CLAIMS[1:4], r"\tanh(0) = 1"]
    assert read_key(edited[0]).reading == read_key(CLAIMS[0]).reading != read_key(CLAIMS[1]).reading
    again = audited(edited, cache)
    assert [r.cached for r in again] == [True, True, True, True, False]
    assert [r.status for r in again] == ["proved", "refuted", "proved", "error", "refuted"]
    assert audit.summary_line(audit.summary(again, 0)).endswith("(4 from the verdict cache)")


def test_another_verifier_version_never_sees_the_verdicts(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    audited(CLAIMS[:2], VerdictCache(path))
    assert VerdictCache(path).by_spelling(CLAIMS[0], (), 0, 20) is not None
    other = VerdictCache(path, verifier="a-changed-verifier")
    assert other.by_spelling(CLAIMS[0], (), 0, 20) is None and not other.holds_any()
    assert not any(r.cached for r in audited(CLAIMS[:2], other))


def test_only_repeatable_outcomes_are_stored_and_an_undecided_only_for_its_time_limit(tmp_path: Path) -> None:
    def outcome(status: Status, method: str) -> Checked:
        return Checked(Verdict(status, method, "why"))

    assert time_limit(outcome(Status.PROVED, "symbolic"), 10) is None
    assert time_limit(outcome(Status.ERROR, "reader"), 10) is None
    assert time_limit(outcome(Status.UNDECIDED, "numeric sampling"), 10) == 10
    for stopped in (outcome(Status.UNDECIDED, "timeout"), outcome(Status.UNDECIDED, "memory"),
                    outcome(Status.ERROR, "crash")):
        assert time_limit(stopped, 10) is False
    cache = VerdictCache(tmp_path / "v.sqlite")
    assert not cache.store("x = x", (), 0, 10, "reading-1", outcome(Status.UNDECIDED, "timeout"))
    assert cache.by_spelling("x = x", (), 0, 10) is None
    assert cache.store("y = y", (), 0, 5, "reading-2", outcome(Status.UNDECIDED, "numeric sampling"))
    assert cache.by_spelling("y = y", (), 0, 5) is not None and cache.by_spelling("y = y", (), 0, 4) is not None
    assert cache.by_spelling("y = y", (), 0, 30) is None  # a longer limit might decide it
    assert cache.by_spelling("y = y", (), 1, 5) is None   # another seed is another check


def test_a_corrupt_cache_file_is_reported_moved_aside_and_rebuilt(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"this is not an SQLite database, but it is at the cache's path" * 100)
    cache = VerdictCache(path)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is corrupt" in err[0] and "rebuilding" in err[0]
    assert (tmp_path / "v.sqlite.corrupt").read_bytes().startswith(b"this is not")
    assert [r.status for r in audited(CLAIMS[:2], cache)] == ["proved", "refuted"]
    # A stored verdict that does not decode: the file is not trusted, the claim is checked again.
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE verdicts SET record = '{\"verdict\": \"proved\"'")
    assert VerdictCache(path).by_spelling(CLAIMS[1], (), 0, 20) is None
    assert "a stored verdict does not decode" in capsys.readouterr().err
    assert [(r.status, r.cached) for r in audited(CLAIMS[:2], VerdictCache(path))] == [("proved", False),
                                                                                     ("refuted", False)]


def test_another_programs_database_is_refused_not_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE notes (text TEXT)")
    run = dlmath("verify", "x = x", "--cache", str(path))
    assert run.returncode == 3 and run.stderr.strip() == (f"dlmath verify: {path} is another program's database, "
                                                         "not a dlmath verdict cache; give another --cache path")
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]


def test_two_concurrent_audits_on_one_cache_file_both_finish_right(tmp_path: Path) -> None:
    book = tmp_path / "book.jsonl"
    book.write_text("".join(json.dumps({"latex": t, "where": list(WHERE.get(i, ()))}) + "\n"
                            for i, t in enumerate(CLAIMS)))
    cache = tmp_path / "shared.sqlite"
    command = [sys.executable, "-m", "dlmath.derivations.cli", "audit", str(book), "--json", "--cache", str(cache),
               "--jobs", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=240) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]  # (a+b)^2 is refuted
    # Neither saw a busy or damaged file (the test's own directory name says "cache": the message is matched).
    assert all("verdict cache" not in err for _, err in outputs)
    for out, _ in outputs:
        assert [c["verdict"] for c in json.loads(out)["claims"]] == ["proved", "refuted", "proved", "error", "proved"]
    warm = json.loads(dlmath("audit", str(book), "--json", "--cache", str(cache)).stdout)
    assert warm["summary"]["cached"] == len(CLAIMS)


def test_verify_finds_a_claim_checked_before_and_no_cache_leaves_no_file(tmp_path: Path,
                                                                        own_verdict_cache: Path) -> None:
    cache = tmp_path / "v.sqlite"
    first = dlmath("verify", r"\tanh(0) = 0", "--cache", str(cache), "--json")
    second = dlmath("verify", r"\tanh(0) = 0", "--cache", str(cache), "--json")
    assert first.returncode == second.returncode == 0
    assert json.loads(first.stdout)["cached"] is False and json.loads(second.stdout)["cached"] is True
    assert {**json.loads(first.stdout), "cached": True} == json.loads(second.stdout)
    assert "from the verdict cache" in dlmath("verify", r"\tanh(0) = 0", "--cache", str(cache)).stdout
    assert dlmath("verify", r"\tanh(0) = 0", "--no-cache", "--cache", str(cache)).returncode == 3
    assert dlmath("verify", r"\tanh(0) = 0", "--no-cache").returncode == 0
    assert not (own_verdict_cache / "dlmath").exists()  # the default place ($XDG_CACHE_HOME/dlmath) is untouched
    assert dlmath("verify", r"\tanh(0) = 0").returncode == 0
    assert (own_verdict_cache / "dlmath" / "verdicts.sqlite").exists()
    assert spelling_key(r"\tanh(0) = 0", (), 0) != spelling_key(r"\tanh(0) = 0", ("x > 0",), 0)


def test_resume_takes_the_claims_of_the_report_and_checks_only_the_rest(tmp_path: Path) -> None:
    book = tmp_path / "book.jsonl"
    book.write_text("".join(json.dumps({"latex": t, "where": list(WHERE.get(i, ()))}) + "\n"
                            for i, t in enumerate(CLAIMS)))
    report = tmp_path / "report.json"
    assert dlmath("audit", str(book), "--out", str(report), "--no-cache").returncode == 1
    data = json.loads(report.read_text())
    # As an interrupted audit leaves it: two claims decided (one marked, to see it is taken, not re-run).
    data["claims"] = data["claims"][:2]
    data["claims"][0]["detail"] = "decided by the first run"
    data["summary"]["pending"] = 3
    report.write_text(json.dumps(data))
    run = dlmath("audit", str(book), "--resume", str(report), "--no-cache", "--json")
    resumed = json.loads(run.stdout)
    assert [c["verdict"] for c in resumed["claims"]] == ["proved", "refuted", "proved", "error", "proved"]
    assert resumed["claims"][0]["detail"] == "decided by the first run"
    assert json.loads(report.read_text()) == resumed and "pending" not in resumed["summary"]
    assert run.stderr.count("\n") == 3  # a progress line for each of the three claims checked
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    bad = dlmath("audit", str(book), "--resume", str(broken))
    assert bad.returncode == 3 and bad.stderr.strip().startswith(f"dlmath audit: {broken} is not a dlmath audit report")


def test_an_interrupted_audit_leaves_a_report_that_resume_completes(tmp_path: Path) -> None:
    book = tmp_path / "book.jsonl"
    # 40 claims of about 0.1 s each (a forked process apiece): the first checkpoint comes after a second,
    # so the interrupt lands mid-audit, not after it (with 10 claims it once came after the last one).
    claim = r"\frac{d}{dx_{k}} \frac{1}{1+e^{-x_{k}}} = \frac{e^{-x_{k}}}{(1+e^{-x_{k}})^2}"
    total = 40
    book.write_text("".join(json.dumps({"latex": claim.replace("k", str(k))}) + "\n" for k in range(1, total + 1)))
    report = tmp_path / "report.json"
    # The suite's xdist workers ignore SIGINT, and an ignored signal stays ignored in a child: restore it,
    # as a terminal's Ctrl-C finds it.
    run = subprocess.Popen([sys.executable, "-m", "dlmath.derivations.cli", "audit", str(book), "--out", str(report),
                            "--jobs", "1", "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not report.exists() and time.monotonic() < deadline:  # the first checkpoint
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and err.strip().splitlines()[-1] == (
        f"dlmath audit: interrupted; the claims decided so far are in {report} (--resume {report} continues)")
    partial = json.loads(report.read_text())
    assert 0 < len(partial["claims"]) < total and partial["summary"]["pending"] == total - len(partial["claims"])
    finished = dlmath("audit", str(book), "--resume", str(report), "--no-cache", "--json", "--quiet")
    data = json.loads(finished.stdout)
    assert [c["verdict"] for c in data["claims"]] == ["proved"] * total and data["summary"]["total"] == total


def test_the_api_keeps_the_cache_as_the_command_does(tmp_path: Path) -> None:
    import dlmath

    text = r"\[ \tanh(0) = 0 \] and \[ (a+b)^2 = a^2 + b^2 \]"
    first = dlmath.audit(text, cache=tmp_path / "v.sqlite", jobs=2)
    second = dlmath.audit(text, cache=tmp_path / "v.sqlite", jobs=2)
    assert first.summary["cached"] == 0 and second.summary["cached"] == 2
    assert second.summary_line == "1 proved, 1 refuted, 0 undecided, 0 errors (2 from the verdict cache)"
    assert dlmath.audit(text, cache=False, jobs=2).summary["cached"] == 0
    with pytest.raises(dlmath.ParameterError, match="cache must be True, False or a path"):
        dlmath.audit(text, cache=3)  # type: ignore[arg-type]
