"""Read a derivation into its links: one `LEFT REL RIGHT` per step, with the line it is written on.

A derivation is written three ways, and all three become displays that `tex.display_links` reads
(so the tutor cuts rows, `&` and `\\\\` exactly as the audit does):
  * plain text, one step a line: the lines become the rows of one `align*`;
  * .tex or Markdown displays (`align`, `$$…$$`, `\\[…\\]`): read as they are, except that a display
    beginning with a relation (`$$ = … $$`) continues the display before it, as a row of it.
Every change keeps each character's line, so every link keeps the line number of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlmath.symbolic.errors import DlmathError

from ..tex import _BLOCK, _RELATION_LEAD, _SPACING, Link, display_links, strip_comments

_DISPLAYED = re.compile(r"(?<!\\)\$\$|\\\[|\\begin\{")


class DerivationError(DlmathError, ValueError):
    """Input that is not a derivation: one line naming the line and the reader's message."""


@dataclass(frozen=True)
class Line:
    """One step as written: the link, and whether it continues the line above (`= …`)."""

    link: Link
    continues: bool

    @property
    def number(self) -> int:
        return self.link.line

    @property
    def written(self) -> str:
        """The step as the student wrote it: `= RIGHT` for a continuation, the whole relation otherwise."""
        return f"{_SIGN.get(self.link.relation, self.link.relation)} {self.link.right}" if self.continues \
            else self.link.latex


_SIGN = {"<=": "\\le", ">=": "\\ge", "!=": "\\ne"}


def read_lines(text: str, displayed: bool | None = None) -> list[Line]:
    """The steps of a derivation, in order; DerivationError when there is none or one is unreadable.

    Args:
        text: the derivation: plain lines, or a .tex / Markdown text with displays.
        displayed: whether the text is made of displays; None decides by looking for `$$`, `\\[`, `\\begin{`.
    """
    if displayed is None:
        displayed = bool(_DISPLAYED.search(strip_comments(text)))
    source = _joined(text) if displayed else _as_align(text)
    links = display_links(source)
    if not links and displayed and not _DISPLAYED.search(strip_comments(text)):
        # A .tex or Markdown file is read from its displays: bare lines in one are not silently ignored.
        raise DerivationError("no display math to check: a .tex or Markdown derivation is read from its displays "
                              "($$…$$, \\[…\\], align); write one step a line in a plain-text file or on stdin "
                              "instead")
    if not links:
        raise DerivationError("no line with a relation (=, \\le, \\ge, <, >) to check")
    bad = next((link for link in links if link.error), None)
    if bad is not None:
        raise DerivationError(f"line {bad.line}: {bad.error}")
    return [Line(link, not link.first) for link in links]


def _as_align(text: str) -> str:
    """Plain lines as the rows of one align*: rows starting with a relation continue the chain above."""
    rows = text.split("\n")
    return "\\begin{align*}" + " \\\\\n".join(rows) + "\\end{align*}"


def _joined(text: str) -> str:
    """A display that begins with a relation becomes the next row of the display before it.

    The text between the two (the closing and opening delimiters, any prose) is blanked except for
    its line breaks, and the closing delimiter's first two characters become the row break `\\\\`.
    """
    clean = strip_comments(text)
    out = list(clean)
    previous_end: int | None = None
    for match in _BLOCK.finditer(clean):
        group = next(g for g in ("body", "dollars", "bracket") if match.group(g) is not None)
        body = match.group(group)
        lead = _SPACING.sub("", body)
        if previous_end is not None and _RELATION_LEAD.match(lead):
            close = _closing_start(clean, previous_end)
            for k in range(close, match.start(group)):
                if out[k] != "\n":
                    out[k] = " "
            out[close:close + 2] = "\\\\"
        previous_end = match.end()
    return "".join(out)


def _closing_start(text: str, end: int) -> int:
    """Where the closing delimiter ending at `end` begins ($$, \\], \\end{…})."""
    if text.endswith("$$", 0, end) or text.endswith("\\]", 0, end):
        return end - 2
    return text.rindex("\\end{", 0, end)
