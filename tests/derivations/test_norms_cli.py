"""The normalisation commands as a user runs them: derive --check, gradcheck for both models, the API's check."""

from __future__ import annotations

import re

import pytest

from dlmath.derivations import api
from dlmath.derivations.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("name", "title"), [("layer-norm", "Layer normalisation"),
                                             ("batch-norm", "Batch normalisation")])
def test_list_and_derive_check(capsys: pytest.CaptureFixture[str], name: str, title: str) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and name in out
    code, out, _ = run(capsys, "derive", name, "--check")
    assert code == 0 and title in out and re.search(r"All \d+ steps proved", out)


@pytest.mark.parametrize("args", [
    ("--model", "layernorm"), ("--model", "layernorm", "--hidden", "6", "--batch", "5", "--seed", "3"),
    ("--model", "batchnorm"), ("--model", "batchnorm", "--hidden", "2", "--batch", "7", "--seed", "4"),
])
def test_gradcheck(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, "gradcheck", *args)
    assert code == 0, out
    assert "all three gradients agree" in out and "gamma: ok" in out and "beta: ok" in out
    default = "64" if "layernorm" in args else "16"  # batch norm's compiled gradient expands the batch whole
    batch = args[args.index("--batch") + 1] if "--batch" in args else default
    features = int(args[args.index("--hidden") + 1]) if "--hidden" in args else 3
    assert f"batch {batch}" in out and re.search(rf"^X: ok, {int(batch) * features} entries", out, re.M)


@pytest.mark.parametrize(("args", "message"), [
    (("--model", "batchnorm", "--batch", "40"), "2 ≤ batch ≤ 32"),
    (("--model", "layernorm", "--hidden", "1"), "2 ≤ features"),
    (("--model", "layernorm", "--causal"), "--causal is for"),
])
def test_gradcheck_bad_sizes_are_one_line(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                          message: str) -> None:
    code, _, err = run(capsys, "gradcheck", *args)
    assert code == 3 and message in err and len(err.strip().splitlines()) == 1


def test_the_api_checks_both_models() -> None:
    layer = api.check_gradients("layernorm", hidden=4, batch=3, seed=1)
    batch = api.check_gradients("batchnorm", seed=2)
    assert layer.passed and batch.passed
    assert [c.checked for c in layer.checks] == [4, 4, 12] and batch.checks[-1].checked == 16 * 3
    with pytest.raises(api.ParameterError, match="hidden is the features"):
        api.check_gradients("batchnorm", batch=100)
