"""The README's "From Python" section runs, and prints what its `# → …` comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
EXPECTED = re.compile(r"#\s*→\s*(.+?)\s*$")


def _blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## From Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, flags=re.DOTALL | re.MULTILINE)


def test_the_section_has_a_block_for_every_entry_point() -> None:
    code = "\n".join(_blocks())
    for name in ("read", "verify", "audit", "derive", "catalog", "compile_network", "check_gradients", "experiment"):
        assert f"dlmath.{name}(" in code, name


@pytest.mark.parametrize("number", range(len(_blocks())))
def test_readme_python_block_prints_what_it_says(number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    code = _blocks()[number]
    expected = [m.group(1) for line in code.splitlines() if (m := EXPECTED.search(line))]
    assert expected, "a block shows what it prints"
    monkeypatch.chdir(tmp_path)  # the blocks write notes.md and dlmath-out/ here
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README.md, From Python block {number + 1}", "exec"), {"__name__": "readme"})  # noqa: S102 - the README's own code
    lines = out.getvalue().splitlines()
    # In order: each `# → …` is found in a printed line at or after the previous one's.
    position = 0
    for text in expected:
        found = next((k for k in range(position, len(lines)) if text in lines[k]), None)
        assert found is not None, f"{text!r} is not printed (after line {position}); printed:\n{out.getvalue()}"
        position = found + 1
