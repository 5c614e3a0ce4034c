"""The layer models and the smooth activations as a user runs them: derive --check and gradcheck."""

from __future__ import annotations

import re

import pytest

from dlmath.derivations.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["smooth-activations", "softmax-layer", "residual-block", "dropout"])
def test_derive_check(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "derive", name, "--check")
    assert code == 0 and "steps proved" in out


@pytest.mark.parametrize("model", ["softmax", "log-softmax", "residual", "dropout"])
@pytest.mark.parametrize(("seed", "hidden", "batch"), [("0", "3", "64"), ("1", "1", "5"), ("7", "4", "9")])
def test_gradcheck_layer_models(capsys: pytest.CaptureFixture[str], model: str, seed: str, hidden: str,
                                batch: str) -> None:
    code, out, _ = run(capsys, "gradcheck", "--model", model, "--seed", seed, "--hidden", hidden, "--batch", batch)
    assert code == 0, out
    assert out.startswith(f"{model}, n {hidden}, batch {batch}") and "float64" in out
    assert "all three gradients agree" in out
    for name, entries in (("W", int(hidden) ** 2), ("b", int(hidden)), ("X", int(hidden) * int(batch))):
        assert re.search(rf"^{name}: ok, {entries} entries", out, re.M), out


@pytest.mark.parametrize("activation", ["gelu", "gelu-tanh", "silu", "softplus"])
@pytest.mark.parametrize(("layers", "cost", "seed"), [("4,3,2", "quadratic", "0"),
                                                      ("3,5,4,2", "softmax-cross-entropy", "2"),
                                                      ("2,3,1", "cross-entropy", "5")])
def test_gradcheck_mlp_with_a_smooth_activation(capsys: pytest.CaptureFixture[str], activation: str, layers: str,
                                                cost: str, seed: str) -> None:
    code, out, _ = run(capsys, "gradcheck", "--layers", layers, "--activation", activation, "--cost", cost,
                       "--seed", seed, "--batch", "16")
    assert code == 0 and "all three gradients agree" in out and activation in out.splitlines()[0]


def test_the_generated_gelu_code_uses_the_derived_slope(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gradcheck", "--layers", "2,3,1", "--activation", "gelu", "--show-code")
    assert code == 0 and "from dlmath.numeric.kernels import erf" in out and "erf(sqrt(2)*Z1/2)" in out


@pytest.mark.parametrize(("args", "message"), [(("--model", "softmax", "--hidden", "5"), "1 ≤ n ≤ 4"),
                                               (("--model", "dropout", "--causal"), "--causal is for")])
def test_bad_sizes_are_one_line(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, "gradcheck", *args)
    assert code == 3 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
