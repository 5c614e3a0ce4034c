"""The README's example outputs, regenerated from real runs and checked against them.

A ```console block right after the line `<!-- example output -->` is an example: each
`$ dlmath …` line (continued by a trailing backslash) is a command, and the lines up to
the next `$` are what it prints on stdout. A line `...` stands for any number of lines,
so a long output can show its head and its tail. Lines that change from run to run
(the `time:` line) are in VOLATILE and are never shown.

    python tests/readme_examples.py           # check: exit 1 and a diff when one differs
    python tests/readme_examples.py --write   # rewrite the outputs from fresh runs
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = "<!-- example output -->"
ELLIPSIS = "..."
VOLATILE = (re.compile(r"^\s*time:\s"),)  # printed lines whose value is the run's, not the claim's


@dataclass(frozen=True)
class Example:
    """One command of an example block and the output the README shows for it."""

    command: str          # as written after `$ `, continuation lines joined
    shown: tuple[str, ...]
    line: int             # index in README of the command's first line
    output: int           # index of the first line of its shown output


def examples(lines: list[str]) -> list[Example]:
    found = []
    for start, line in enumerate(lines):
        if line.strip() != MARKER:
            continue
        if not lines[start + 1].startswith("```console"):
            raise ValueError(f"README.md:{start + 2}: {MARKER} must be followed by a ```console block")
        index = start + 2
        while not lines[index].startswith("```"):
            if not lines[index].startswith("$ "):
                raise ValueError(f"README.md:{index + 1}: an example block must start with a `$ ` command")
            first = index
            command = lines[index][2:]
            while command.endswith("\\"):
                index += 1
                command = command[:-1] + lines[index].strip()
            index += 1
            output = index
            shown = []
            while not lines[index].startswith(("$ ", "```")):
                shown.append(lines[index])
                index += 1
            while shown and not shown[-1].strip():  # blank lines between two commands are layout
                shown.pop()
            found.append(Example(command, tuple(shown), first, output))
    return found


def run(command: str) -> list[str]:
    """The command's stdout lines, `dlmath` run as this Python's module, volatile lines dropped."""
    words = shlex.split(command)
    if words[0] != "dlmath":
        raise ValueError(f"an example runs dlmath, not {words[0]!r}")
    done = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", *words[1:]],
                          capture_output=True, text=True, timeout=300)
    return [line for line in done.stdout.splitlines() if not any(p.search(line) for p in VOLATILE)]


def matches(shown: tuple[str, ...], printed: list[str]) -> bool:
    if ELLIPSIS not in shown:
        return list(shown) == printed
    cut = shown.index(ELLIPSIS)
    head, tail = list(shown[:cut]), list(shown[cut + 1:])
    return (len(head) + len(tail) <= len(printed) and printed[:len(head)] == head
            and (not tail or printed[-len(tail):] == tail))


def regenerated(shown: tuple[str, ...], printed: list[str]) -> list[str]:
    """The fresh output, elided where the README elides: as many head and tail lines as before."""
    if ELLIPSIS not in shown:
        return printed
    cut = shown.index(ELLIPSIS)
    tail = len(shown) - cut - 1
    return printed[:cut] + [ELLIPSIS] + (printed[-tail:] if tail else [])


def main(argv: list[str]) -> int:
    lines = README.read_text(encoding="utf-8").splitlines()
    stale = 0
    for example in reversed(examples(lines)):  # from the end, so earlier line numbers stay valid
        printed = run(example.command)
        if matches(example.shown, printed):
            continue
        stale += 1
        if "--write" in argv:
            end = example.output + len(example.shown)
            lines[example.output:end] = regenerated(example.shown, printed)
        else:
            print(f"README.md:{example.line + 1}: `{example.command}` prints", *printed, sep="\n    ")
    if "--write" in argv:
        README.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{stale} example output(s) rewritten")
        return 0
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
