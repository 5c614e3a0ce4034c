"""`dlmath gradcheck`, `dlmath grad`, `dlmath bench` and `dlmath derive backprop` as a user runs them."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlmath.derivations.cli import main
from dlmath.numeric.compiled import mlp
from dlmath.numeric.compiled.mlp import Compiled, compile_network
from dlmath.numeric.params import init_params
from dlmath.symbolic.models.networks import Network

SIZES = (3, 4, 2)
LAYERS = "3,4,2"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str) -> None:
    assert code == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(("dlmath gradcheck: ", "dlmath grad: ", "dlmath derive: ")), err
    assert "Traceback" not in err


# ── gradcheck ──

def test_gradcheck_default_network_agrees_and_shows_the_worst_entry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "gradcheck", "--layers", "12,3,2")
    assert code == 0, out + err
    assert out.startswith("12-3-2 sigmoid, quadratic cost")
    worst = [line for line in out.splitlines() if line.startswith("∂C/∂")]
    assert len(worst) == 1
    assert all(method in worst[0] for method in ("compiled", "hand-written", "numerical"))
    for name in ("W1", "b1", "W2", "b2"):
        assert f"{name}: ok" in out
    assert "all three gradients agree" in out and "FAILED" not in out


@pytest.mark.parametrize(("activation", "cost"), [("relu", "quadratic"), ("sigmoid", "softmax-cross-entropy"),
                                                  ("relu", "softmax-cross-entropy")])
def test_gradcheck_relu_and_softmax_agree(capsys: pytest.CaptureFixture[str], activation: str, cost: str) -> None:
    code, out, err = run(capsys, "gradcheck", "--layers", "12,3,2", "--activation", activation, "--cost", cost,
                         "--batch", "16")
    assert code == 0, out + err
    assert f"{activation}, {cost} cost, batch 16" in out and "gradient check passed" in out


def test_gradcheck_show_code_prints_the_compiled_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gradcheck", "--layers", "4,3,2", "--show-code", "--batch", "4")
    assert code == 0
    assert "def gradient" in out and "np.dot(W2.T, D2, out=D1)\n    D1 *= A1\n    np.subtract(1, A1, out=T1)" in out
    assert out.index("def gradient") < out.index("gradient check passed")


def test_gradcheck_exits_1_when_the_compiled_gradient_is_wrong(capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(network: Network, dtype: str = "float64") -> Compiled:
        right = compile_network(network, dtype)
        scaled = lambda p, X, Y: {k: 1.5 * v for k, v in right.gradient(p, X, Y).items()}  # noqa: E731
        return dataclasses.replace(right, gradient=scaled)

    monkeypatch.setattr(mlp, "compile_network", broken)  # the handler imports it from there when it runs
    code, out, err = run(capsys, "gradcheck", "--layers", "4,3,2", "--batch", "4")
    assert code == 1
    assert "gradient check FAILED" in out and "disagree" in out + err


@pytest.mark.parametrize("args", [("--layers", "3,x"), ("--layers", "3"), ("--layers", "0,2"), ("--layers", ""),
                                  ("--layers", "3,,2")])
def test_gradcheck_bad_layers_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, _, err = run(capsys, "gradcheck", *args)
    assert_one_line_error(code, err)


# ── grad: a round trip through .npz files ──

@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    network = Network(SIZES)
    rng = np.random.default_rng(0)
    params = init_params(network, rng)
    params = {k: v + (rng.normal(0, 0.3, v.shape) if k.startswith("b") else 0.0) for k, v in params.items()}
    X, Y = rng.normal(size=(6, SIZES[0])), rng.uniform(size=(6, SIZES[-1]))
    paths = {name: tmp_path / f"{name}.npz" for name in ("P", "D", "noW2", "badW1", "wideX", "noY", "nanX")}
    np.savez(paths["P"], **params)
    np.savez(paths["D"], X=X, Y=Y)
    np.savez(paths["noW2"], **{k: v for k, v in params.items() if k != "W2"})
    np.savez(paths["badW1"], **{**params, "W1": np.zeros((SIZES[0], SIZES[1]))})
    np.savez(paths["wideX"], X=rng.normal(size=(6, SIZES[0] + 1)), Y=Y)
    np.savez(paths["noY"], X=X)
    np.savez(paths["nanX"], X=np.where(np.eye(6, SIZES[0]) > 0, np.nan, X), Y=Y)
    paths["text"] = tmp_path / "notes.npz"
    paths["text"].write_text("these are not arrays\n", encoding="utf-8")
    paths["npy"] = tmp_path / "X.npy"
    np.save(paths["npy"], X)
    paths["empty"] = tmp_path / "empty.npz"
    paths["empty"].write_bytes(b"")
    return paths


def grad(capsys: pytest.CaptureFixture[str], params: Path, data: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "grad", "--layers", LAYERS, "--params", str(params), "--data", str(data), "-o", str(out), *extra)


@pytest.mark.parametrize(("activation", "cost"), [("sigmoid", "quadratic"), ("tanh", "cross-entropy")])
def test_grad_round_trip_the_three_methods_agree(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                                                 tmp_path: Path, activation: str, cost: str) -> None:
    gradients = {}
    for method in ("symbolic", "backprop", "numeric"):
        out = tmp_path / method / "G.npz"  # a directory that does not exist yet
        code, _, err = grad(capsys, files["P"], files["D"], out, "--method", method, "--activation", activation,
                            "--cost", cost)
        assert code == 0, err
        assert err.startswith(f"wrote {out}")
        with np.load(out) as data:
            gradients[method] = {key: data[key] for key in data.files}
    expected = {"dW1": (4, 3), "db1": (4,), "dW2": (2, 4), "db2": (2,)}
    for method, gradient in gradients.items():
        assert {k: v.shape for k, v in gradient.items()} == expected, method
    for key in expected:
        np.testing.assert_allclose(gradients["symbolic"][key], gradients["backprop"][key], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(gradients["numeric"][key], gradients["backprop"][key], rtol=1e-5, atol=1e-7)
    assert any(np.abs(v).max() > 1e-3 for v in gradients["backprop"].values())  # not trivially zero


def test_grad_writes_the_keys_in_parameter_order_for_every_method(capsys: pytest.CaptureFixture[str],
                                                                   files: dict[str, Path], tmp_path: Path) -> None:
    for method in ("symbolic", "backprop", "numeric"):
        out = tmp_path / f"{method}.npz"
        assert grad(capsys, files["P"], files["D"], out, "--method", method)[0] == 0
        with np.load(out) as data:
            assert data.files == ["dW1", "db1", "dW2", "db2"], method


def test_grad_show_code(capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path) -> None:
    code, out, _ = grad(capsys, files["P"], files["D"], tmp_path / "G.npz", "--show-code")
    assert code == 0 and "def gradient" in out


@pytest.mark.parametrize(("params", "data", "says"), [
    ("noW2", "D", "W2"),              # a missing key
    ("badW1", "D", "W1"),             # a wrong shape
    ("missing", "D", "does not exist"),
    ("P", "missing", "does not exist"),
    ("text", "D", "--params"),        # a file that is not an npz
    ("P", "text", "--data"),
    ("P", "npy", "--data"),           # a .npy array, not an .npz archive
    ("npy", "D", "--params"),
    ("P", "empty", "--data"),         # an empty file
    ("P", "wideX", "X"),              # X of the wrong width
    ("P", "noY", "Y"),                # Y missing
    ("P", "nanX", "finite"),          # a non-finite value
])
def test_grad_bad_input_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path,
                                           params: str, data: str, says: str) -> None:
    out = tmp_path / "G.npz"
    code, stdout, err = grad(capsys, files.get(params, tmp_path / "missing.npz"),
                             files.get(data, tmp_path / "missing.npz"), out)
    assert_one_line_error(code, err)
    assert says in err
    assert not out.exists() and stdout == ""


def test_grad_bad_layers_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                                            tmp_path: Path) -> None:
    code, _, err = run(capsys, "grad", "--layers", "3,x", "--params", str(files["P"]), "--data", str(files["D"]),
                       "-o", str(tmp_path / "G.npz"))
    assert_one_line_error(code, err)
    assert "3,x" in err
    code, _, err = run(capsys, "grad", "--params", str(files["P"]), "--data", str(files["D"]),
                       "-o", str(tmp_path / "G.npz"))  # no --layers at all
    assert_one_line_error(code, err)


def test_grad_layers_that_do_not_fit_the_files_is_one_line_exit_3(capsys: pytest.CaptureFixture[str],
                                                                   files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = run(capsys, "grad", "--layers", "3,5,2", "--params", str(files["P"]), "--data", str(files["D"]),
                       "-o", str(tmp_path / "G.npz"))
    assert_one_line_error(code, err)


def test_grad_unknown_activation_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                                                    tmp_path: Path) -> None:
    code, _, err = grad(capsys, files["P"], files["D"], tmp_path / "G.npz", "--activation", "softsign")
    assert_one_line_error(code, err)
    assert "--activation must be one of sigmoid, tanh" in err and "not 'softsign'" in err


# ── derive backprop ──

def test_derive_backprop_small_network_is_proved(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "derive", "backprop", "--layers", "2,3,2", "--check")
    assert code == 0, err
    assert "2-3-2" in out and "NOT PROVED" not in out


@pytest.mark.parametrize("args", [("--layers", "784,128,10"), ("--layers", "2,x"),
                                  ("--layers", "2,2", "--param", "activation=softsign"),
                                  ("--layers", "2,2", "--param", "cost=hinge")])
def test_derive_backprop_bad_input_is_one_line_exit_3(capsys: pytest.CaptureFixture[str],
                                                      args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "derive", "backprop", *args)
    assert_one_line_error(code, err)
    assert out == ""


def test_derive_backprop_too_large_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "derive", "backprop", "--layers", "784,128,10")
    assert code == 3 and "784-128-10" in err and "too many weights" in err


# ── bench ──

def test_bench_json_lists_three_sizes() -> None:
    # a separate process: bench re-derives from scratch (it clears the derivation cache)
    run_ = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "bench", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert run_.returncode == 0, run_.stderr
    assert "Traceback" not in run_.stderr
    rows = json.loads(run_.stdout)
    assert isinstance(rows, list) and len(rows) == 3
    assert [row["size"] for row in rows] == ["12-3-2", "2-8-8-1", "784-128-64-10"]
    for row in rows:
        assert {"size", "symbolic_ms", "backprop_ms", "ratio", "derive_compile_s"} <= set(row)
        assert row["symbolic_ms"] > 0 and row["backprop_ms"] > 0 and row["derive_compile_s"] > 0
        assert row["ratio"] == pytest.approx(row["symbolic_ms"] / row["backprop_ms"], rel=5e-3, abs=1e-3)
