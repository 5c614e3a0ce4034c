"""Which names a claim's author wrote, so a counterexample can be held to them.

A counterexample may only name the claim's own symbols (DESIGN.md, soundness policy 4): a
value for `\\mathrm{e}`, for the `d` of `\\mathrm{d}x`, or for a word of `\\text{for all } x`
means the reader invented a symbol. Upright words (\\mathrm, \\text, \\operatorname, \\mathbb)
are dropped, bold and accents unwrapped; what remains is split into letters and commands.
A value's key (w_{1}, x^{(2)}, A_{1,1}, \\theta) is the claim's if every letter and command in
it is one the claim or its conditions write; digits are concrete indices.
"""

from __future__ import annotations

import re

_UPRIGHT = re.compile(r"\\(?:text|textrm|mathrm|operatorname|mathbb|mathcal)\s*\{[^{}]*\}")
_WRAPPED = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|hat|tilde|bar)\s*\{([^{}]*)\}")
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]")
_LAYOUT = {"\\left", "\\right", "\\quad", "\\qquad", "\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\begin", "\\end"}


def names(latex: str) -> set[str]:
    """The letters and commands a piece of LaTeX writes outside upright words."""
    text = _UPRIGHT.sub(" ", latex)
    while _WRAPPED.search(text):
        text = _WRAPPED.sub(r"\1", text)
    return {t for t in _TOKEN.findall(text) if t not in _LAYOUT}


def foreign_names(values: dict[str, object], latex: str, where: list[str] | tuple[str, ...]) -> list[str]:
    """The keys of a counterexample's values that name a symbol the claim does not write."""
    written = names(" ".join([latex, *where]))
    return [key for key in values if not names(key) or not names(key) <= written]
