"""Split LaTeX into tokens and drop what only affects spacing or sizing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import NotationError

# Commands that change how a formula looks, never what it means.
IGNORED_COMMANDS = frozenset({
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle",
    "quad", "qquad", ",", ";", ":", "!", " ", "limits", "nolimits",
})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<command>\\(?:[A-Za-z]+|.))
  | (?P<letter>[A-Za-z])
  | (?P<symbol>[-+*/^_()\[\]{}|'!,.=<>&;:])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One lexical unit: its kind ('number', 'command', 'letter', 'symbol', 'end'), text and offset."""

    kind: str
    text: str
    pos: int

    def is_(self, *texts: str) -> bool:
        return self.text in texts and self.kind != "end"


def tokenize(source: str) -> list[Token]:
    """Tokens of `source`, without spacing commands and sizing prefixes, ending with an 'end' token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise NotationError("unexpected character", source[pos : pos + 12])
        kind = match.lastgroup or "space"
        text = match.group()
        pos = match.end()
        if kind == "space":
            continue
        if kind == "command" and text[1:] in IGNORED_COMMANDS:
            # `\left.` and `\right.` are invisible delimiters: drop the dot too.
            if text in ("\\left", "\\right") and source.startswith(".", pos):
                pos += 1
            continue
        tokens.append(Token(kind, text, match.start()))
    tokens.append(Token("end", "", len(source)))
    return tokens
