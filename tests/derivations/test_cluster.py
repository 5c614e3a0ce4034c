"""Audits on a Dask cluster: a LocalCluster of 2 worker processes gives the local pool's verdicts, keeps each
claim's time limit, and loses no claim when a worker is killed mid-audit; --scheduler's bad cases exit 3."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from dask.distributed import Client, LocalCluster

from dlmath.derivations import audit
from dlmath.derivations.cluster import DaskCluster
from dlmath.derivations.executor import LocalPool
from dlmath.derivations.sources import ClaimSource

pytestmark = pytest.mark.xdist_group("dask-cluster")  # one suite worker starts the one cluster of this module

CLAIMS = [ClaimSource(latex, where, f"c:{i + 1}") for i, (latex, where) in enumerate([
    (r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))", ()), (r"(a+b)^2 = a^2 + b^2", ()),
    (r"\ln(1+x) \le x", ("x > -1",)), (r"\frob{x} = 1", ()), (r"\tanh(0) = 0", ()),
    (r"\frac{d}{dx} \ln(1 + e^{x}) = \sigma(x)", ()), (r"\sigma(-x) = -\sigma(x)", ()),
    (r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", ())])]
RUNAWAY = ClaimSource(r"2^{2^{2^{2^{40}}}} = 1", (), "runaway")  # runs until the time limit stops it


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskCluster]:
    # The dashboard on any free port: 8787 may be another cluster's (Dask then warns, and warnings are errors here).
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        client = Client(local, set_as_default=False)
        yield DaskCluster(client)
        client.close()


def outcomes(results: list[audit.AuditResult]) -> list[tuple[str, str]]:
    return [(r.status, r.checked.verdict.method) for r in results]


def test_a_two_worker_cluster_gives_the_local_pools_verdicts(cluster: DaskCluster) -> None:
    local = audit.run_audit(CLAIMS, 2, 30, progress=False, executor=LocalPool(2))
    remote = audit.run_audit(CLAIMS, 2, 30, progress=False, executor=cluster)
    assert outcomes(remote) == outcomes(local)
    assert [r.status for r in remote] == ["proved", "refuted", "proved", "error", "proved", "proved", "refuted",
                                          "proved"]
    assert [r.checked.verdict.counterexample for r in remote] == [r.checked.verdict.counterexample for r in local]


def test_the_time_limit_holds_on_the_workers(cluster: DaskCluster) -> None:
    start = time.perf_counter()
    [result] = audit.run_audit([RUNAWAY], 1, 2, progress=False, executor=cluster)
    verdict = result.checked.verdict
    assert (verdict.status, verdict.method) == ("undecided", "timeout") and verdict.seconds < 4
    assert time.perf_counter() - start < 15


def test_a_worker_killed_mid_claim_loses_no_claim(cluster: DaskCluster) -> None:
    client = cluster.client
    pids = client.run(os.getpid)  # worker address -> its process
    killed: list[str] = []

    def kill_a_busy_worker(_: list[audit.AuditResult]) -> None:
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])

    claims = [ClaimSource(rf"\frac{{d}}{{d{v}}} \frac{{1}}{{1+e^{{-{v}}}}} = \frac{{e^{{-{v}}}}}{{(1+e^{{-{v}}})^2}}",
                          (), f"k:{i}") for i, v in enumerate("xyzuvwpq")]
    results = audit.run_audit(claims, 2, 20, progress=False, executor=cluster, checkpoint=kill_a_busy_worker,
                              checkpoint_seconds=0)
    assert killed, "no worker was busy when a claim finished"
    assert [r.claim.source for r in results] == [c.source for c in claims]
    assert [r.status for r in results] == ["proved"] * len(claims)
    client.wait_for_workers(2, timeout=30)  # the nanny restarts the worker: the next test has two again


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_scheduler_where_nothing_answers_is_one_line_and_exit_3_at_once(tmp_path) -> None:
    book = tmp_path / "book.jsonl"
    book.write_text('{"latex": "x = x"}\n')
    start = time.monotonic()
    run = run_cli("-m", "dlmath.derivations.cli", "audit", str(book), "--scheduler", "tcp://127.0.0.1:9")
    assert time.monotonic() - start < 20
    assert run.returncode == 3 and run.stderr.strip().splitlines() == [
        "dlmath audit: no Dask scheduler answers at tcp://127.0.0.1:9: Connection refused"]


def test_scheduler_without_dask_installed_says_what_to_install(tmp_path) -> None:
    book = tmp_path / "book.jsonl"
    book.write_text('{"latex": "x = x"}\n')
    hide = ("import sys; sys.modules['dask.distributed'] = sys.modules['distributed'] = None; "  # as if not installed
            "from dlmath.derivations.cli import main; sys.exit(main(sys.argv[1:]))")
    run = run_cli("-c", hide, "audit", str(book), "--scheduler", "tcp://127.0.0.1:8786")
    assert run.returncode == 3 and run.stderr.strip().splitlines() == [
        "dlmath audit: --scheduler needs Dask's distributed scheduler, which is not installed: "
        "pip install 'dlmath[cluster]'"]
