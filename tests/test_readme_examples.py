"""The README's example outputs are what the commands print (regenerate: python tests/readme_examples.py --write)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import readme_examples  # noqa: E402

EXAMPLES = readme_examples.examples(readme_examples.README.read_text(encoding="utf-8").splitlines())


def test_the_readme_has_checked_examples() -> None:
    assert any(e.command.startswith("dlmath verify") for e in EXAMPLES)
    assert any(e.command.startswith("dlmath gradcheck") for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command.split(" --")[0][:40] for e in EXAMPLES])
def test_readme_example_output_is_current(example: readme_examples.Example) -> None:
    printed = readme_examples.run(example.command)
    assert readme_examples.matches(example.shown, printed), "\n".join(printed)


def test_an_ellipsis_stands_for_any_lines_between_head_and_tail() -> None:
    shown = ("a", "...", "z")
    assert readme_examples.matches(shown, ["a", "b", "c", "z"])
    assert readme_examples.matches(shown, ["a", "z"])
    assert not readme_examples.matches(shown, ["a", "b"])
    assert not readme_examples.matches(("a", "b"), ["a", "b", "c"])
    assert readme_examples.regenerated(shown, ["a", "b", "c", "y"]) == ["a", "...", "y"]
