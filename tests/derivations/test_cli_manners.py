"""The command line's manners: one-line usage errors (exit 3), --version and --help, a cheap parser,
outputs checked before the work, progress on a non-terminal stderr, divergence and empty audits."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

import dlmath
from dlmath.derivations.cli import HelpFormatter, build_parser, main, names


def dlmath_run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process (stderr is a pipe, not a terminal)."""
    return subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *args], capture_output=True, text=True,
                          timeout=240)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str, *parts: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dlmath"), err
    assert all(part in lines[0] for part in parts), err


# ── every usage error: exit 3, one line naming the option and what it accepts ──

@pytest.mark.parametrize(("args", "parts"), [
    (("verify", "x = x", "--timeout", "0"), ("dlmath verify: --timeout must be a positive number of seconds", "'0'")),
    (("verify", "x = x", "--timeout", "soon"), ("--timeout must be a positive number", "'soon'")),
    (("verify", "x = x", "--timeout"), ("--timeout needs a value",)),
    (("derive", "sigmoid-derivative", "--format", "pdf"), ("--format must be one of html, md, tex, text", "'pdf'")),
    (("audit", "--jobs", "0"), ("dlmath audit: --jobs must be a positive integer", "'0'")),
    (("train", "--epochs", "-5"), ("dlmath train: --epochs must be a positive integer", "'-5'")),
    (("train", "--data", "xor", "--lr", "0"), ("--lr must be a positive number", "'0'")),
    (("train", "--data", "mnist"), ("--data must be one of wakui-digits, bearden-ring, xor", "'mnist'")),
    (("train",), ("dlmath train: missing --data",)),
    (("gradcheck", "--activation", "softsign"), ("--activation must be one of sigmoid", "'softsign'")),
    (("verify",), ("dlmath verify: missing latex",)),
    (("verify", "x = x", "--bogus"), ("dlmath verify: unknown argument '--bogus'", "dlmath verify --help")),
    (("frobnicate",), ("dlmath: unknown command 'frobnicate'", "verify, audit")),
    ((), ("dlmath: choose a command:", "verify, audit")),
    # bad input found by the API the command calls (one check for train, gradcheck and the Python API)
    (("train", "--data", "xor", "--layers", "2,100000,100000,1"), ("dlmath train: 2-100000-100000-1 has",
                                                                    "at most 20,000,000")),
    (("derive", "sigmoid"), ("dlmath derive: no derivation named 'sigmoid'", "sigmoid-derivative")),
    (("experiment", "nope"), ("dlmath experiment: no experiment named 'nope'", "relu-gate")),
])
def test_a_usage_error_is_one_line_and_exit_3(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                              parts: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 3 and out == ""
    assert_one_line(err, *parts)


def test_the_real_command_exits_3_for_a_bad_option_not_argparses_2() -> None:
    done = dlmath_run("verify", "x = x", "--timeout", "0")
    assert done.returncode == 3
    assert done.stderr == "dlmath verify: --timeout must be a positive number of seconds, not '0'\n"


def test_help_exits_0_with_examples_exit_codes_and_the_notation_doc(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert "examples:" in out and "dlmath verify '" in out
    assert "exit codes:" in out and "2  undecided (verify, check)" in out and "3  bad input" in out
    assert "docs/notation.md" in out


def test_version_prints_the_package_version() -> None:
    done = dlmath_run("--version")
    assert done.returncode == 0 and done.stdout == f"dlmath {dlmath.__version__}\n"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_option_has_help_and_shows_its_default(command: str) -> None:
    parser = _subcommands()[command]
    formatter = HelpFormatter(prog=parser.prog)
    for action in parser._actions:
        assert action.help, f"dlmath {command} {action.dest} has no help text"
        unset = action.default is None or action.default is False or action.default in ([], argparse.SUPPRESS)
        if action.option_strings and not unset:
            assert "default" in formatter._get_help_string(action), f"dlmath {command} {action.dest}"


def test_derive_format_and_train_epochs_say_their_defaults() -> None:
    commands = _subcommands()
    derive = commands["derive"].format_help()
    train = " ".join(commands["train"].format_help().split())
    assert "else text" in derive and ".html html" in derive
    assert "--epochs EPOCHS passes over the data (default: the dataset's, 600 for wakui-digits" in train


# ── start-up: building the parser imports no SymPy, numpy or matplotlib ──

def test_building_the_parser_imports_nothing_heavy() -> None:
    code = ("import sys\nfrom dlmath.derivations.cli import build_parser\nbuild_parser().format_help()\n"
            "print(sorted(m for m in ('sympy', 'numpy', 'matplotlib', 'tqdm', 'mpmath') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_verifys_parent_process_imports_only_the_worker() -> None:
    # The handler's own imports, as `dlmath verify` runs them before forking the worker.
    code = ("import sys\nfrom dlmath.derivations.cli import verify\nfrom dlmath.symbolic.verify import worker\n"
            "from dlmath.derivations import audit\n"
            "print(sorted(m for m in ('sympy', 'numpy', 'matplotlib', 'mpmath') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_light_name_tables_match_the_tables_that_define_the_names() -> None:
    from dlmath.derivations.cli.networks import OTHER_MODELS
    from dlmath.derivations.render.formats import DEFAULT, RENDERERS
    from dlmath.derivations.render.outline import DEFAULT_DEPTH
    from dlmath.numeric.compiled.mlp import DTYPES
    from dlmath.numeric.datasets import DATASETS
    from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS

    assert names.ACTIVATIONS == ACTIVATIONS and names.COSTS == COSTS  # add a new one to derivations/cli/names.py
    assert names.DATASETS == tuple(DATASETS)
    assert names.SUFFIXES == {name: renderer.suffix for name, renderer in RENDERERS.items()}
    assert names.DEFAULT_FORMAT == DEFAULT and names.MODELS == ("mlp", *OTHER_MODELS)
    assert names.DTYPES == DTYPES
    assert names.DEFAULT_DEPTH == DEFAULT_DEPTH


# ── outputs are checked before any work ──

def test_book_onto_an_existing_file_fails_before_building_anything(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "book.txt"
    target.write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "book", "-o", str(target))
    assert code == 3 and out == ""
    assert_one_line(err, f"{target} is a file")  # and so no "[1/N] name … steps proved" progress line
    assert target.read_text(encoding="utf-8") == "mine"


def test_book_inside_a_file_fails_before_building_anything(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "book", "-o", str(tmp_path / "f" / "book"))
    assert code == 3
    assert_one_line(err, "is a file, so the book's directory")


def test_derive_into_a_missing_directory_is_exit_3_and_creates_nothing(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    code, _, err = run(capsys, "derive", "sigmoid-derivative", "-o", str(missing / "x.tex"))
    assert code == 3
    assert_one_line(err, f"dlmath derive: directory {missing} does not exist")
    assert not (tmp_path / "no").exists()


def test_derive_takes_html_from_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "derive", "sigmoid-derivative", "-o", str(tmp_path / "s.html"))
    assert code == 0, err
    assert (tmp_path / "s.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_derive_an_unknown_suffix_names_the_accepted_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "derive", "sigmoid-derivative", "-o", str(tmp_path / "s.docx"))
    assert code == 3
    assert_one_line(err, "'.docx'", ".txt text, .tex tex, .md md, .html html", "give --format")


# ── train: divergence is exit 1 with one line ──

def test_training_that_diverges_stops_with_exit_1_and_says_so(tmp_path: Path) -> None:
    done = dlmath_run("train", "--data", "xor", "--lr", "1e6", "--quiet", "-o", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("dlmath train: training diverged at epoch ") and done.stderr.count("\n") == 1
    assert "(mean cost " in done.stderr and "try a smaller --lr" in done.stderr
    assert not (tmp_path / "out").exists()  # nothing written for a run that blew up


# ── audit: no claims is an error; progress on a non-terminal stderr ──

@pytest.mark.parametrize(("name", "text", "hint"), [
    ("prose.tex", "Only words here, and $x = 1$ inline.\n", "no displayed equation"),
    ("empty.jsonl", "", "one JSON object per line"),
    ("blank.jsonl", "\n\n", "one JSON object per line"),
])
def test_audit_of_a_file_without_claims_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                                  text: str, hint: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "audit", str(path))
    assert code == 3 and out == ""
    assert_one_line(err, f"dlmath audit: {path}: no claims found", hint)


CLAIMS = '{"latex": "x + x = 2 x"}\n{"latex": "(a+b)^2 = a^2 + b^2"}\n'


def test_audit_prints_a_progress_line_per_claim_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text(CLAIMS, encoding="utf-8")
    done = dlmath_run("audit", str(path), "--jobs", "1")
    assert done.returncode == 1, done.stderr  # the second claim is false
    progress = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert progress == [f"[1/2] {path}:1 proved ({progress[0].rsplit('(', 1)[1]}",
                        f"[2/2] {path}:2 refuted ({progress[1].rsplit('(', 1)[1]}"]


def test_audit_quiet_prints_no_progress(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text(CLAIMS, encoding="utf-8")
    done = dlmath_run("audit", str(path), "--quiet")
    assert done.returncode == 1 and done.stderr == ""
