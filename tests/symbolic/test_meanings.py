"""The meaning table: every construct the reader dispatches on is documented once, and the doc is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlmath.symbolic.notation import NotationError, read_expression
from dlmath.symbolic.notation.commands import CommandsMixin
from dlmath.symbolic.notation.meanings import HANDLERS, markdown, table

DOC = Path(__file__).parents[2] / "docs" / "notation.md"


def test_every_command_handler_has_one_documented_meaning() -> None:
    handlers = {name.removeprefix("command_") for name in dir(CommandsMixin) if name.startswith("command_")}
    assert handlers == set(HANDLERS), handlers ^ set(HANDLERS)
    written = [m.written for m in table()]
    for name, row in HANDLERS.items():
        assert sum(row in w for w in written) >= 1, (name, row)


def test_every_row_has_a_meaning_and_no_row_is_repeated() -> None:
    rows = table()
    assert all(m.written and m.meaning for m in rows)
    keys = [(m.section, m.written) for m in rows]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]


def test_the_notation_doc_is_generated_from_the_table() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), \
        "regenerate it: python -m dlmath.symbolic.notation.meanings > docs/notation.md"


@pytest.mark.parametrize("latex", [r"\oint x", r"\int x \, dx", r"\lim_{x \to 0} x", r"\sup_x f", r"\binom{n}{k}",
                                   r"\mathfrak{g}", r"\Re(z)", r"\foo", r"\arg\max_x x", r"\overline{a + b}",
                                   r"|\mathbf{v}|", r"\mathrm{d} x", r"\text{hello} x"])
def test_constructs_outside_the_table_are_refused(latex: str) -> None:
    with pytest.raises(NotationError):
        read_expression(latex, {r"\mathbf{v}": (3, 1)})
