"""`dlmath bench --peers`: peers in their own processes, the ones not found named in one line, wrong gradients refused.

The peers here are small modules written into a temporary directory that follow the peer protocol
(numeric/peers/__init__.py), so the tests mean the same with or without torch and jax installed.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

from dlmath.derivations.cli import main
from dlmath.derivations.cli.bench import missing_line
from dlmath.numeric.peers import runner
from dlmath.numeric.peers.cases import Case

TINY = Case("mlp", (3, 4, 2), 8)
PEER = '''
from dlmath.numeric.peers import hand_written
REQUIRES = {requires}


def prepare(case, problem):
    prepared = hand_written.prepare(case, problem)
    scale = {scale}
    return type(prepared)(prepared.step, lambda: {{k: scale * v for k, v in prepared.gradient().items()}})
'''


@pytest.fixture
def peers_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Three peer modules on the workers' path: one that works, one whose package is missing, one that is wrong."""
    for name, requires, scale in (("fake_peer", "()", 1.0), ("absent_peer", "('dlmath_no_such_package',)", 1.0),
                                  ("wrong_peer", "()", 1.5)):
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(PEER.format(requires=requires, scale=scale)))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    return {"fake": "fake_peer", "absent": "absent_peer", "wrong": "wrong_peer"}


def test_peers_run_in_their_own_processes_and_are_checked(peers_on_path: dict[str, str]) -> None:
    run = runner.run_peers([TINY], {"dlmath": "fake_peer"} | peers_on_path, rounds=2)  # fake as the baseline too
    (result,) = run.results
    assert set(result.ms) == {"dlmath", "fake"} and all(ms > 0 for ms in result.ms.values())
    assert result.ratio("dlmath") == 1.0 and result.ratio("fake") == result.ms["fake"] / result.ms["dlmath"]
    assert result.errors == {"dlmath": 0.0, "fake": 0.0}  # fake IS the hand-written gradient
    assert result.matmul_ms is not None and result.matmul_ms > 0 and result.fraction is not None
    assert result.case.flops == 2 * 8 * (4 * 3 + 2 * 4) * 2 + 2 * 8 * 2 * 4  # forward, weight gradients, one δ
    assert run.missing == {"absent": ("dlmath_no_such_package",)}
    (why,) = run.failed.values()
    assert list(run.failed) == [f"wrong, {TINY.name}"] and "its gradient differs from the hand-written one by" in why
    row = result.as_dict()
    assert row["ratio"] == {"dlmath": 1.0, "fake": round(result.ratio("fake"), 3)}
    assert 0 < row["fraction_of_matmul_rate"] and row["matmul_gflops"] > 0  # type: ignore[operator]


def test_bench_peers_prints_a_column_per_peer_found_and_one_line_for_those_not_found(
        peers_on_path: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(runner, "CASES", (TINY,))
    monkeypatch.setattr(runner, "PEERS", {"dlmath": runner.PEERS["dlmath"], "torch": "fake_peer", "jax": "absent_peer"})
    assert main(["bench", "--peers", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    header, row = out.splitlines()[:2]
    assert header.split()[:4] == ["case", "dlmath", "ms", "torch"] and "jax" not in header
    assert row.split()[:3] == ["mlp", "3-4-2", "(8)"] and row.count("×") == 1 and row.endswith("%")
    assert "OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=MKL_NUM_THREADS=1" in out
    not_found = [line for line in out.splitlines() if line.startswith("peers not found")]
    assert not_found == ["peers not found: jax (needs dlmath_no_such_package); they are not dependencies of dlmath: "
                         "install them to add their columns"]


def test_the_real_torch_and_jax_peers_are_found_exactly_when_installed() -> None:
    for name, package in (("torch", "torch"), ("jax", "jax")):
        installed = importlib.util.find_spec(package) is not None
        assert runner.missing_packages(runner.PEERS[name]) == (() if installed else (package,))
    run = runner.PeerRun((), {name: runner.missing_packages(runner.PEERS[name]) for name in ("torch", "jax")
                              if runner.missing_packages(runner.PEERS[name])})
    line = missing_line(run)
    assert (line is None) == (not run.missing)
    assert line is None or line.startswith("peers not found: ") and "\n" not in line


def test_every_process_gets_the_same_thread_count() -> None:
    env = runner.thread_environment(1)
    assert env["OPENBLAS_NUM_THREADS"] == env["OMP_NUM_THREADS"] == env["MKL_NUM_THREADS"] == "1"
    assert "--xla_cpu_multi_thread_eigen=false" in env["XLA_FLAGS"]
    assert runner.thread_environment(2)["OMP_NUM_THREADS"] == "2"
