r"""LaTeX and prose as plain Unicode text: σ′(x), ∂/∂x, (1 - σ(x))/2, hₖ₋₁, Aᵀ, [a; b] for a column.

What the terminal shows (render/text.py), `dlmath list`, the reprs and the experiments' tables; the HTML page
uses it too, for its <title> and to measure how wide an equation is. A TeX command becomes its character
from unicode.py's table read backwards (\sigma → σ, \odot → ⊙); a script becomes Unicode's script characters
when each of its characters has one (x_{i+1} → xᵢ₊₁, e^{-x} → e⁻ˣ), else stays a script in brackets
(w_{nkpq} → w_(nkpq)); a prime is a prime (′), never a quote.
"""

from __future__ import annotations

import re

from .outline import clean, inline, unbrace
from .unicode import MATH_SYMBOL, TO_SUBSCRIPT, TO_SUPERSCRIPT

FUNCTION_NAMES = ("ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "max", "min", "sup", "inf",
                  "arg", "det", "lim", "sgn", "dim")
SYMBOLS = {
    **{tex: char for char, tex in MATH_SYMBOL.items() if re.fullmatch(r"\\[A-Za-z]+|\\\|", tex)},
    **{rf"\{name}": name for name in FUNCTION_NAMES},
    r"\cdot": "·", r"\leq": "≤", r"\geq": "≥", r"\neq": "≠", r"\varepsilon": "ε", r"\varphi": "φ", r"\vartheta": "ϑ",
    r"\lVert": "‖", r"\rVert": "‖", r"\Vert": "‖", r"\lvert": "|", r"\rvert": "|", r"\vert": "|", r"\mid": "|",
    r"\ldots": "…", r"\dots": "…", r"\cdots": "⋯", r"\mp": "∓", r"\iff": "⇔", r"\gets": "←", r"\ll": "≪",
    r"\gg": "≫", r"\star": "⋆", r"\prime": "′", r"\{": "{", r"\}": "}", r"\displaystyle": "", r"\textstyle": "",
    r"\left": "", r"\right": "", r"\,": " ", r"\;": " ", r"\:": " ", r"\ ": " ", r"\!": "", r"\quad": "  ",
    r"\qquad": "    ",
}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_BLACKBOARD = re.compile(r"\\mathbb\{([RNZQC])\}")
_NAMED = re.compile(r"\\(?:operatorname\*?|mathrm|text|textrm|mathbf|mathit|mathbb|mathcal|boldsymbol|mathsf)"
                    r"\{([^{}]*)\}")
_MATRIX = re.compile(r"\\begin\{[pbv]?matrix\}(.*?)\\end\{[pbv]?matrix\}", re.DOTALL)
# \bar h, \bar{y}, \hat{\sigma}: one letter (a Greek one by its name), its combining mark
_ACCENT = re.compile(r"\\(bar|hat|tilde|dot)(?![A-Za-z])(?:\{(\w|\\[A-Za-z]+)\}|\s*(\w))")  # not \dots
ACCENTS = {"bar": "\u0304", "hat": "\u0302", "tilde": "\u0303", "dot": "\u0307"}
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[,;: !{}|])(?P<space> +(?=[\w(]))?")
_ATOMIC = re.compile(f"[\\w∂σθ.′″{re.escape(''.join({*TO_SUPERSCRIPT.values(), *TO_SUBSCRIPT.values()}))}]+")
_PRIMES = re.compile(r"'+")
PRIMES = {1: "′", 2: "″", 3: "‴"}
# A script kept as `_x` stands in private characters until the end, so that an enclosing pass (the fraction
# around it) does not read it again.
KEPT = {"_": "\ue000", "^": "\ue001"}
_SHOWN = str.maketrans({v: k for k, v in KEPT.items()})


def _symbol(match: re.Match[str]) -> str:
    r"""One command as its character; the space after a letter's command only ends its name (\Delta x → Δx)."""
    command = match.group()[:match.start("space") - match.start()] if match.group("space") else match.group()
    char = SYMBOLS.get(command, command)
    ordinary = len(char) == 1 and (char.isalpha() or char in "∂∇")
    return char if ordinary or not match.group("space") else char + " "


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group that opens at text[start] (without braces) and the index after it."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[start + 1:k], k + 1
    return text[start + 1:], len(text)


def _argument(text: str, start: int) -> tuple[str, int]:
    r"""The argument of a command at text[start]: a brace group, or one character (\frac14, \sqrt2)."""
    while start < len(text) and text[start] == " ":
        start += 1
    if start < len(text) and text[start] == "{":
        return _group(text, start)
    return text[start:start + 1], start + 1


def _bracketed(part: str) -> str:
    return part if _ATOMIC.fullmatch(part) else f"({part})"


_FRACTION = re.compile(r"\\[dt]?frac(?![A-Za-z])")
_ROOT = re.compile(r"\\sqrt(?![A-Za-z])")


def _fractions(latex: str) -> str:
    r"""\frac{a}{b} → a/b, bracketed where needed: \frac{\partial}{\partial x} → ∂/∂x; \sqrt{d} → √d."""
    head = _FRACTION.search(latex)
    if head is None:
        return _roots(latex)
    top, after = _argument(latex, head.end())
    bottom, end = _argument(latex, after)
    top_, bottom_ = (_bracketed(_plain(p)) for p in (top, bottom))
    rest = _fractions(latex[end:])
    gap = " " if rest[:1].isalnum() or rest[:1] == "(" or re.match(r"\\[A-Za-z]", rest) else ""
    return _roots(latex[:head.start()]) + f"{top_}/{bottom_}{gap}" + rest


def _roots(latex: str) -> str:
    head = _ROOT.search(latex)
    if head is None:
        return latex
    radicand, end = _argument(latex, head.end())
    return latex[:head.start()] + "√" + _bracketed(_plain(radicand)) + _roots(latex[end:])


def script(mark: str, content: str) -> str:
    """A sub- (mark '_') or superscript ('^') in Unicode's script characters, else as `_(…)`, `^(…)`."""
    table = TO_SUPERSCRIPT if mark == "^" else TO_SUBSCRIPT
    content = content.strip()
    compact = content.replace(" ", "")
    # A capital only alone (Aᵀ, wᴼ): in x^{T-1} a raised T would read as a transpose.
    if compact and all(c in table for c in compact) and (len(compact) == 1 or not any(c.isupper() for c in compact)):
        return "".join(table[c] for c in compact)
    if content in ("*", "′", "″", "‴"):  # x^{*}, f^{\prime}: the mark itself
        return content
    return KEPT[mark] + (content if len(content) == 1 or content.isalnum() else f"({content})")


def _scripts(text: str) -> str:
    """Every `_x`, `_{…}`, `^x`, `^{…}` of `text` (commands already Unicode) through `script`."""
    out, k = [], 0
    while k < len(text):
        c = text[k]
        if c in "_^" and k + 1 < len(text):
            content, k = _argument(text, k + 1)
            out.append(script(c, _scripts(content)))
            continue
        out.append(c)
        k += 1
    return "".join(out)


def plain(latex: str) -> str:
    """LaTeX made readable in a terminal: σ′(x), ∂/∂x, (1 - σ(x))/2, xᵢ₊₁, [a; b] for a column."""
    return _plain(latex).translate(_SHOWN)


def _plain(latex: str) -> str:
    text = _fractions(unbrace(clean(latex)))
    text = re.sub(r"\\(?:left|right)\.", "", text)  # the invisible fence of \left.\frac{d}{du} f\right|_{u = a}
    text = _ACCENT.sub(lambda m: SYMBOLS.get(m.group(2) or m.group(3), m.group(2) or m.group(3)) + ACCENTS[m.group(1)],
                       text)
    text = _NAMED.sub(r"\1", _BLACKBOARD.sub(lambda m: BLACKBOARD[m.group(1)], text))
    text = _MATRIX.sub(lambda m: "[" + "; ".join(r.replace("&", ",").strip() for r in m.group(1).split(r"\\")) + "]",
                       text)
    text = re.sub(r"\s*\\rVert", "‖", re.sub(r"\\lVert\s*", "‖", text))  # ‖x‖, as TeX sets \lVert x \rVert
    text = _COMMAND.sub(_symbol, text)
    text = _PRIMES.sub(lambda m: PRIMES.get(len(m.group()), "′" * len(m.group())), text)
    text = _scripts(text)
    return re.sub(r"\(\s+|\s+\)", lambda m: m.group().strip(), text)


INLINE = {
    "text": lambda s: s,
    "math": plain,
    "code": lambda s: f"`{s}`",
    "sup": lambda s: script("^", s).translate(_SHOWN),
    "sub": lambda s: script("_", s).translate(_SHOWN),
}


def prose(text: str) -> str:
    """Prose with its `$…$` math in plain Unicode: 'the slope $\\sigma'(x)$' → 'the slope σ′(x)'."""
    return "".join(INLINE[kind](content) for kind, content in inline(text))
