"""`dlmath exercise` as a student uses it: the real command in a pseudo-terminal (pexpect), and --answer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pexpect

DLMATH = str(Path(sys.executable).with_name("dlmath"))


def test_a_session_in_a_terminal_diagnoses_hints_and_ends_on_the_right_answer() -> None:
    child = pexpect.spawn(DLMATH, ["exercise", "neuron", "--seed", "11"], encoding="utf-8", timeout=60,
                          dimensions=(40, 200))
    try:
        child.expect("sigmoid activation")
        child.expect("> ")
        child.sendline("(a-y)x")
        child.expect("wrong: ")
        child.expect("sigmoid's derivative is wrong")
        child.expect("> ")
        child.sendline("hint")
        child.expect(r"hint 1/\d+: ")
        child.expect("> ")
        child.sendline(r"\frac{\partial C}{\partial w} = (a-y)\sigma'(z) x")   # a derivation: lines up to a blank
        child.expect("… ")
        child.sendline("= (a-y)a(1-a)x")
        child.expect("… ")
        child.sendline("")
        child.expect("correct: Every one of the 2 lines follows")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_end_of_input_ends_the_session_cleanly() -> None:
    run = subprocess.run([DLMATH, "exercise", "delta", "--seed", "2"], input="hint\n", capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0 and "hint 1/" in run.stdout and run.stderr == ""


def _answer(text: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DLMATH, "exercise", "neuron", "--seed", "11", "--answer", "-", *options], input=text,
                          capture_output=True, text=True, timeout=120)


def test_answer_exit_codes_and_json() -> None:
    assert _answer("(a-y)a(1-a)x").returncode == 0
    wrong = _answer("(a-y)x", "--json")
    assert wrong.returncode == 1
    graded = json.loads(wrong.stdout)
    assert graded["grade"]["status"] == "wrong" and graded["grade"]["report"]["repair"]["name"] == "sigmoid derivative"
    unreadable = _answer("\\foo")
    assert unreadable.returncode == 3 and len(unreadable.stderr.splitlines()) == 1


def test_usage_errors_are_one_line_and_exit_3() -> None:
    for argv in (["exercise", "nope"], ["exercise", "neuron", "--seed", "x"], ["exercise", "neuron", "--seed", "-2"],
                 ["exercise", "neuron", "--answer", "/no/such/file"], ["exercise"]):
        run = subprocess.run([DLMATH, *argv], capture_output=True, text=True, timeout=60)
        assert run.returncode == 3 and len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr, argv
