"""The attention commands as a user runs them: derive, gradcheck for both models, train on the sequence tasks."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.image
import pytest

from dlmath.derivations.cli import main, names
from dlmath.numeric.sequences import SEQUENCE_TASKS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_and_derive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and "attention" in out
    code, out, _ = run(capsys, "derive", "attention", "--check", "--param", "mask=causal")
    assert code == 0 and "causal mask" in out and "steps proved" in out


def test_derive_with_a_bad_parameter_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "derive", "attention", "--param", "sequence=12")
    assert code == 3 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("args", [("--model", "attention"), ("--model", "attention", "--steps", "2", "--hidden", "2",
                                                             "--causal", "--seed", "3", "--batch", "7")])
def test_gradcheck_attention(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, "gradcheck", *args)
    assert code == 0, out
    assert "all three gradients agree" in out and re.search(r"^X: ok, \d+ entries", out, re.M)
    assert ("causal" in out) == ("--causal" in args)


def test_gradcheck_transformer_block(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gradcheck", "--model", "transformer-block", "--batch", "5", "--seed", "1")
    assert code == 0, out
    assert "all three gradients agree" in out and "Wout: ok" in out and "g1: ok" in out


@pytest.mark.parametrize(("args", "message"), [
    (("--model", "attention", "--steps", "9"), "--steps is T"),
    (("--model", "rnn", "--causal"), "--causal is for"),
])
def test_gradcheck_bad_sizes_are_one_line(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                          message: str) -> None:
    code, _, err = run(capsys, "gradcheck", *args)
    assert code == 3 and message in err and len(err.strip().splitlines()) == 1


def test_train_reversal_learns_and_plots(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "train", "--data", "reversal", "--epochs", "80", "-o", str(tmp_path), "--quiet")
    assert code == 0, out
    accuracy = float(re.search(r"token accuracy ([\d.]+) %", out).group(1))  # type: ignore[union-attr]
    assert accuracy == 100.0  # seed 0 has every token right from about epoch 45
    for name in ("training-curve.png", "attention.png"):
        image = matplotlib.image.imread(tmp_path / name)
        assert image.shape[0] > 100 and image.std() > 0.05, name
    assert (tmp_path / "params.npz").exists()


@pytest.mark.parametrize(("args", "message"), [(("--layers", "2,3"), "takes no --layers"),
                                               (("--dtype", "float32"), "in float64")])
def test_train_refuses_what_the_block_does_not_take(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                    message: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "train", "--data", "copy", *args, "-o", str(tmp_path))
    assert code == 3 and message in err and not list(tmp_path.iterdir())


def test_the_command_line_names_the_sequence_tasks_and_models() -> None:
    from dlmath.derivations.api import MODELS
    from dlmath.derivations.cli.networks import OTHER_MODELS

    assert names.SEQUENCE_TASKS == tuple(SEQUENCE_TASKS)
    assert names.MODELS == MODELS == ("mlp", *OTHER_MODELS)
