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
    (?P<space>\s+|~)
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
    return _primes(tokens)


def _primes(tokens: list[Token]) -> list[Token]:
    """f^{\\prime}(x), f^\\prime(x), f^{\\prime\\prime}(x) are f'(x), f''(x)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        texts = [t.text for t in tokens[k: k + 2]]
        if texts == ["^", "\\prime"]:
            out.append(Token("symbol", "'", tokens[k].pos))
            k += 2
            continue
        if texts == ["^", "{"]:
            close = k + 2
            while close < len(tokens) and tokens[close].text == "\\prime":
                close += 1
            if close > k + 2 and close < len(tokens) and tokens[close].text == "}":
                out += [Token("symbol", "'", tokens[j].pos) for j in range(k + 2, close)]
                k = close + 1
                continue
        out.append(tokens[k])
        k += 1
    return out
