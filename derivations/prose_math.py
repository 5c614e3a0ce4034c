r"""Matrices and vectors declared in the prose of a .tex file: `Let $A \in \mathbb{R}^{2 \times 2}$`.

Inline math is not audited (a sentence's `$x = 0$` is rarely a claim), but what it declares holds for
the displays after it: read as numbers, a matrix A and B would make `AB = BA` true by a guess. A
declaration with numeric sizes becomes a --where entry of every later display that writes the name;
any other (`$A \in \mathbb{R}^{n \times n}$`, `$A = \begin{pmatrix}…\end{pmatrix}$`) makes those
displays undecided, saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.tokens import tokenize

from .macros import expanded
from .tex import _BLOCK, blank, strip_comments

_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(?P<dollar>[^$]+?)(?<!\\)\$|\\\((?P<paren>.+?)\\\)", re.DOTALL)
_SHAPE = re.compile(r"^(?P<names>.+?)\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*(?P<size>\{[^{}]*\}|\S)\s*$", re.DOTALL)
_MATRIX = re.compile(r"^(?P<names>[^=]+?)=\s*\\begin\{[pbBvV]?matrix\}", re.DOTALL)
_NUMERIC = re.compile(r"^\{?\s*\d+\s*(?:\\times\s*\d+\s*)?\}?$")


@dataclass(frozen=True)
class Declared:
    """A name the prose declares a vector or matrix, where, and the --where entry it gives ("" if none)."""

    name: tuple[str, ...]   # its tokens, as definitions.mentions compares them
    line: int
    latex: str
    where: str


def prose_declarations(text: str) -> list[Declared]:
    """Every vector or matrix declared in the inline math of the prose, in file order."""
    clean = _BLOCK.sub(blank, expanded(strip_comments(text)))
    found: list[Declared] = []
    for match in _INLINE.finditer(clean):
        math = " ".join((match.group("dollar") or match.group("paren")).split())
        line = clean.count("\n", 0, match.start()) + 1
        shape, matrix = _SHAPE.match(math), _MATRIX.match(math)
        if shape is None and matrix is None:
            continue
        names = (shape or matrix).group("names")  # type: ignore[union-attr]
        numeric = shape is not None and bool(_NUMERIC.match(shape.group("size")))
        for name in (n.strip() for n in names.split(",")):
            tokens = _tokens(name)
            if tokens:
                where = f"{name} \\in \\mathbb{{R}}^{shape.group('size')}" if numeric and shape else ""
                found.append(Declared(tokens, line, math, where))
    return found


def _tokens(name: str) -> tuple[str, ...]:
    """The name's tokens, or none for a name that does not tokenize (then it declares nothing)."""
    try:
        return tuple(t.text for t in tokenize(name)[:-1])
    except NotationError:
        return ()
