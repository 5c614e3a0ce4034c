"""Decisions about subscripts and superscripts, made on their tokens.

A superscript is a layer label (not a power) when parenthesised, as in
theta^{(2)}, or when the symbol also has a subscript and the superscript is a
letter or letter±number, as in w^{l}_{jk}. A subscript of letters or digits
is one index per character (w_{jk}: j, k; theta_{11}: 1, 1); with commas, one
index per comma-separated part; anything else is a single index expression.
"""

from __future__ import annotations

import re

from .names import GREEK, WORD_COMMANDS
from .tokens import Token

TRANSPOSE_MARKS = frozenset({"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\textsf{T}", "\\mathtt{T}"})

_UNBRACED_MARKS = frozenset(mark.replace("{", "").replace("}", "") for mark in TRANSPOSE_MARKS)


def text_of(tokens: list[Token]) -> str:
    """The tokens joined back into compact LaTeX (used in symbol names)."""
    out = ""
    for token in tokens:
        if out and re.search(r"\\[A-Za-z]+$", out) and token.text[:1].isalpha():
            out += " "  # keep `\\alpha x` from becoming `\\alphax`
        out += token.text
    return out


def is_transpose(tokens: list[Token]) -> bool:
    """^T, ^\\top, ^\\intercal, ^{\\mathsf{T}}, ^\\mathsf T, ^{\\mathrm{T}}: the transpose marks."""
    written = "".join(t.text for t in tokens)
    return written in TRANSPOSE_MARKS or written.replace("{", "").replace("}", "") in _UNBRACED_MARKS


def is_parenthesised(tokens: list[Token]) -> bool:
    """^{(2)}, ^{(l)}, and Ng's ^{[l]}: a label in parentheses or brackets."""
    return len(tokens) >= 3 and (tokens[0].text, tokens[-1].text) in (("(", ")"), ("[", "]"))


def is_letter_label(tokens: list[Token]) -> bool:
    """l, L, l-1, l+1, k: a letter, optionally plus or minus a number or letter."""
    if not tokens or not _is_name(tokens[0]):
        return False
    rest = tokens[1:]
    if not rest:
        return True
    return len(rest) == 2 and rest[0].text in "+-" and (rest[1].kind == "number" or _is_name(rest[1]))


def is_digit(tokens: list[Token]) -> bool:
    """2, 3: a single digit superscript (a layer in w^2_{jk} written superscript first, a power in x_i^2)."""
    return len(tokens) == 1 and tokens[0].kind == "number" and tokens[0].text.isdigit() and len(tokens[0].text) == 1


def _is_name(token: Token) -> bool:
    return token.kind == "letter" or (token.kind == "command" and token.text[1:] in GREEK)


def is_word(tokens: list[Token]) -> str | None:
    """The word of `\\text{max}` or `\\mathrm{max}`, else None."""
    if len(tokens) >= 3 and tokens[0].kind == "command" and tokens[0].text[1:] in WORD_COMMANDS:
        if tokens[1].text == "{" and tokens[-1].text == "}" and all(t.kind == "letter" for t in tokens[2:-1]):
            return "".join(t.text for t in tokens[2:-1])
    return None


def split_commas(tokens: list[Token]) -> list[list[Token]]:
    """The token lists between top-level commas."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        depth += token.text in "({[" and token.kind == "symbol"
        depth -= token.text in ")}]" and token.kind == "symbol"
        if token.text == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def split_indices(tokens: list[Token]) -> list[list[Token]]:
    """The token lists of each index in a subscript."""
    parts = split_commas(tokens)
    if len(parts) > 1:
        return parts
    if all(t.kind in ("letter", "number") or _is_name(t) for t in tokens):
        return [[Token(t.kind, ch, t.pos)] for t in tokens for ch in ([t.text] if t.kind == "command" else t.text)]
    return parts
