"""LaTeX and prose as plain Unicode text: σ(x), ∂/∂x, (1 - σ(x))/2, [a; b] for a column.

What the terminal shows (render/text.py); the HTML page uses it too, for its
<title> and to measure how wide an equation is.
"""

from __future__ import annotations

import re

from .outline import clean, inline, unbrace

SYMBOLS = {
    r"\sigma": "σ", r"\theta": "θ", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
    r"\epsilon": "ε", r"\eta": "η", r"\lambda": "λ", r"\mu": "μ", r"\pi": "π", r"\tau": "τ", r"\phi": "φ",
    r"\omega": "ω", r"\rho": "ρ", r"\Sigma": "Σ", r"\Delta": "Δ", r"\nabla": "∇", r"\partial": "∂", r"\cdot": "·",
    r"\times": "×", r"\odot": "⊙", r"\le": "≤", r"\ge": "≥", r"\ne": "≠", r"\approx": "≈", r"\to": "→",
    r"\in": "∈", r"\infty": "∞", r"\sum": "Σ", r"\prod": "Π", r"\ldots": "…", r"\dots": "…", r"\cdots": "⋯",
    r"\lVert": "‖", r"\rVert": "‖",
    r"\ln": "ln", r"\exp": "exp", r"\tanh": "tanh", r"\max": "max", r"\min": "min", r"\prime": "'",
    r"\left": "", r"\right": "", r"\,": " ", r"\;": " ", r"\ ": " ", r"\!": "", r"\quad": "  ",
}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_BLACKBOARD = re.compile(r"\\mathbb\{([RNZQC])\}")
_NAMED = re.compile(r"\\(?:operatorname|mathrm|text|mathbf|mathit|mathbb)\{([^{}]*)\}")
_MATRIX = re.compile(r"\\begin\{[pbv]?matrix\}(.*?)\\end\{[pbv]?matrix\}", re.DOTALL)
# \bar h, \bar{y}, \hat{\sigma}: one letter (a Greek one by its name), its combining mark
_ACCENT = re.compile(r"\\(bar|hat|tilde)(?:\{(\w|\\[A-Za-z]+)\}|\s*(\w))")
ACCENTS = {"bar": "\u0304", "hat": "\u0302", "tilde": "\u0303"}
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[,; !])")
_ATOMIC = re.compile(r"[\w∂σθ.']+")


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group that opens at text[start] (without braces) and the index after it."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[start + 1:k], k + 1
    return text[start + 1:], len(text)


def _fractions(latex: str) -> str:
    r"""\frac{a}{b} → a/b, bracketed where needed: \frac{\partial}{\partial x} → ∂/∂x."""
    head = latex.find(r"\frac{")
    if head < 0:
        return latex
    top, after = _group(latex, head + 5)
    bottom, end = _group(latex, after) if after < len(latex) and latex[after] == "{" else ("", after)
    parts = [plain(p) for p in (top, bottom)]
    top_, bottom_ = (p if _ATOMIC.fullmatch(p) else f"({p})" for p in parts)
    rest = _fractions(latex[end:])
    gap = " " if rest[:1].isalnum() or rest[:1] in ("\\", "(") else ""
    return latex[:head] + f"{top_}/{bottom_}{gap}" + rest


def plain(latex: str) -> str:
    """LaTeX made readable in a terminal: σ(x), ∂/∂x, (1 - σ(x))/2, [a; b] for a column."""
    text = _fractions(unbrace(clean(latex)))
    text = re.sub(r"\\(?:left|right)\.", "", text)  # the invisible fence of \left.\frac{d}{du} f\right|_{u = a}
    text = _ACCENT.sub(lambda m: SYMBOLS.get(m.group(2) or m.group(3), m.group(2) or m.group(3)) + ACCENTS[m.group(1)],
                       text)
    text = _NAMED.sub(r"\1", _BLACKBOARD.sub(lambda m: BLACKBOARD[m.group(1)], text))
    text = _MATRIX.sub(lambda m: "[" + "; ".join(r.replace("&", ",").strip() for r in m.group(1).split(r"\\")) + "]",
                       text)
    text = _COMMAND.sub(lambda m: SYMBOLS.get(m.group(), m.group()), text).replace("∂ ", "∂")
    text = re.sub(r"([_^])\{([^{}])\}", r"\1\2", text)
    return re.sub(r"\(\s+|\s+\)", lambda m: m.group().strip(), text)


INLINE = {
    "text": lambda s: s,
    "math": plain,
    "code": lambda s: f"`{s}`",
    "sup": lambda s: "^" + (s if len(s) == 1 else f"({s})"),
    "sub": lambda s: "_" + (s if len(s) == 1 else f"({s})"),
}


def prose(text: str) -> str:
    return "".join(INLINE[kind](content) for kind, content in inline(text))
