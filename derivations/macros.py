r"""A chapter's own macros, expanded before its displays are read: `\newcommand{\vx}{\mathbf{x}}`.

\newcommand, \renewcommand, \providecommand (with [n] arguments), \def (with #1…#9) and
\DeclareMathOperator are expanded wherever they are used, so `\vx^\top \vx` reads as
`\mathbf{x}^\top \mathbf{x}`. A definition this module cannot follow (an optional argument's default,
\let, a body that does not close) is not guessed at: its uses become `\unexpandedmacro`, which the
reader refuses as an unknown command, even when the name is one the reader knows (a \renewcommand of
\vec). Line breaks are never added or removed, so every line number stays right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 10  # macros that expand to macros; a recursive one stops here, refused
REFUSED = "\\unexpandedmacro"

_NEW = re.compile(r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*(?P<a>\\[A-Za-z]+)\s*\}|(?P<b>\\[A-Za-z]+))"
                  r"\s*(?:\[(?P<n>\d)\])?\s*(?P<default>\[)?")
_DEF = re.compile(r"\\def\s*(?P<name>\\[A-Za-z]+)(?P<params>(?:#\d)*)\s*(?=\{)")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*(?P<name>\\[A-Za-z]+)\s*\}\s*\{(?P<word>[A-Za-z]+)\}")
_LET = re.compile(r"\\let\s*(?P<name>\\[A-Za-z]+)")


@dataclass(frozen=True)
class Macro:
    name: str       # \vx
    arguments: int
    body: str       # with #1 … #9; "" when refused
    refused: bool = False


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The braced group at text[start] (which must be '{'): its inside and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "\\":
            continue
        if text[k] == "{" and text[k - 1] != "\\":
            depth += 1
        elif text[k] == "}" and text[k - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:k], k + 1
    return None


def definitions(text: str) -> dict[str, Macro]:
    """Every macro the text defines (the last definition of a name wins, as in TeX)."""
    found: list[tuple[int, Macro]] = []
    for match in _NEW.finditer(text):
        name = match.group("a") or match.group("b")
        group = None if match.group("default") else _group(text, match.end())
        found.append((match.start(), Macro(name, int(match.group("n") or 0), group[0] if group else "",
                                           refused=group is None)))
    for match in _DEF.finditer(text):
        group = _group(text, match.end())
        params = len(match.group("params")) // 2
        found.append((match.start(), Macro(match.group("name"), params, group[0] if group else "",
                                           refused=group is None)))
    for match in _OPERATOR.finditer(text):
        found.append((match.start(), Macro(match.group("name"), 0, f"\\operatorname{{{match.group('word')}}}")))
    for match in _LET.finditer(text):
        found.append((match.start(), Macro(match.group("name"), 0, "", refused=True)))
    return {macro.name: macro for _, macro in sorted(found, key=lambda pair: pair[0])}


def expand(text: str, macros: dict[str, Macro]) -> str:
    """The text with every use of the macros expanded (line breaks kept)."""
    if not macros:
        return text
    pattern = re.compile("|".join(re.escape(name) + r"(?![A-Za-z])" for name in sorted(macros, key=len, reverse=True)))
    for _ in range(MAX_DEPTH):
        out, changed, k = [], False, 0
        for match in pattern.finditer(text):
            if match.start() < k:
                continue
            macro = macros[match.group()]
            out.append(text[k:match.start()])
            replacement, k = _use(text, match.end(), macro)
            out.append(replacement)
            changed = True
        out.append(text[k:])
        text = "".join(out)
        if not changed:
            return text
    return pattern.sub(lambda m: REFUSED, text)


def _use(text: str, at: int, macro: Macro) -> tuple[str, int]:
    """The expansion of one use whose name ends at `at`, and where the use ends."""
    if macro.refused:
        return REFUSED, at
    body, k = macro.body.replace("\n", " "), at  # the definition's line breaks are not the display's
    for n in range(1, macro.arguments + 1):
        while k < len(text) and text[k] in " \t":
            k += 1
        group = _group(text, k)
        if group is not None:
            argument, k = group
        elif k < len(text) and text[k] == "\\":
            word = re.match(r"\\[A-Za-z]+|\\.", text[k:])
            argument, k = (word.group(), k + len(word.group())) if word else ("", k)
        elif k < len(text):
            argument, k = text[k], k + 1
        else:
            return REFUSED, at
        body = body.replace(f"#{n}", argument)
    return body + (" " if re.search(r"\\[A-Za-z]+$", body) else ""), k  # an argument's line breaks stay


def without_definitions(text: str) -> str:
    """The text with its macro definitions blanked (so that a display inside one is not read)."""
    def blank(start: int, end: int) -> None:
        chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
    chars = list(text)
    for regex in (_NEW, _DEF):
        for match in regex.finditer(text):
            group = _group(text, match.end())
            blank(match.start(), group[1] if group else match.end())
    for match in _OPERATOR.finditer(text):
        blank(match.start(), match.end())
    return "".join(chars)


def expanded(text: str) -> str:
    """The text's displays as the author's macros make them."""
    return expand(without_definitions(text), definitions(text))
