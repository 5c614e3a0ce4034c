"""The renderers as one table: format name -> how to render one derivation, and the file suffix it is written to.

`dlmath derive --format` chooses by name; `dlmath derive -o s.html` chooses by suffix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..derivation import Derivation
from . import html, markdown, tex, text


@dataclass(frozen=True)
class Renderer:
    """One output format: the function that renders a derivation, and the suffix of its files."""

    render: Callable[[Derivation, int | None], str]  # the derivation, and the depth of detail (None: all)
    suffix: str


RENDERERS: dict[str, Renderer] = {
    "text": Renderer(text.render, ".txt"),
    "tex": Renderer(tex.render, ".tex"),
    "md": Renderer(markdown.render, ".md"),
    "html": Renderer(html.render, ".html"),
}
DEFAULT = "text"


def format_of(path: Path) -> str | None:
    """The format a file's suffix names ('s.html' -> 'html'; no suffix -> the default), None for another suffix."""
    if not path.suffix:
        return DEFAULT
    return next((name for name, renderer in RENDERERS.items() if renderer.suffix == path.suffix.lower()), None)
