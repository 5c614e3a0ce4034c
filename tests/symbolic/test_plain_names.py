"""The name of a declared vector's entries: the decoration goes, a layer label or a word subscript stays."""

from __future__ import annotations

import pytest

from dlmath.symbolic.notation.algebra import entry_of, plain_name
from dlmath.symbolic.notation.writer import to_latex


@pytest.mark.parametrize(("declared", "entries"), [
    ("\\mathbf{x}", "x"), ("\\boldsymbol{\\theta}", "theta"), ("\\vec{v}", "v"), ("W", "W"),
    ("\\mathbf{a}^{(1)}", "a^{(1)}"), ("\\boldsymbol{\\delta}^{(2)}", "delta^{(2)}"),
    ("\\mathbf{x}_{\\text{in}}", "x_{\\text{in}}"),
])
def test_a_vectors_entries_are_named_without_its_decoration(declared: str, entries: str) -> None:
    assert plain_name(declared) == entries


def test_the_entry_of_a_labelled_vector_is_written_with_its_label() -> None:
    assert to_latex(entry_of("\\mathbf{a}^{(1)}", (2, 1), 1, 0)) == "a^{(1)}_{2}"
