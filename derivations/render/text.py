"""The terminal renderer, and the outline every renderer shares: numbered steps, inline pieces, checks.

A derivation is shown as its numbered steps (1, 2, 2.1, …; the result is R,
its substeps R.1, …), in the order of `Derivation.all_steps()`. Prose
(justifications, summaries, remarks) is cut into inline pieces: `$…$` math,
`` `code` ``, `^{…}`/`_{…}` scripts and plain text, which each renderer maps
through its own table.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from dlmath.symbolic.steps import Step

from ..core import Derivation

UNCHECKED = "unchecked"  # a step without a verdict; shown as not proved


@dataclass(frozen=True)
class Numbered:
    """A step with its place in the outline: label '2.1', depth 1."""

    label: str
    depth: int
    step: Step

    @property
    def status(self) -> str:
        return status(self.step)

    @property
    def proved(self) -> bool:
        return self.status == "proved"


def status(step: Step) -> str:
    """The step's own check: proved, refuted, undecided, error, or unchecked."""
    return step.verdict.status if step.verdict is not None else UNCHECKED


def outline(d: Derivation) -> list[Numbered]:
    """Every step and substep of `d`, numbered, depth first; the result and its substeps come last."""
    out: list[Numbered] = []

    def walk(step: Step, label: str, depth: int) -> None:
        out.append(Numbered(label, depth, step))
        for k, sub in enumerate(step.substeps, start=1):
            walk(sub, f"{label}.{k}", depth + 1)

    for k, step in enumerate(d.steps, start=1):
        walk(step, str(k), 0)
    walk(d.result, "R", 0)
    return out


def unproved(d: Derivation) -> list[Numbered]:
    return [n for n in outline(d) if not n.proved]


def explanation(step: Step) -> str:
    """Why a step is not proved, as prose with inline `$…$` math ('' when it is proved)."""
    verdict = step.verdict
    if verdict is None:
        return "no check was run"
    if verdict.status == "proved":
        return ""
    parts = [verdict.detail.strip()]
    example = verdict.counterexample
    if example is not None:
        values = r",\ ".join(f"{name} = {value}" for name, value in example.values.items())
        parts.append(f"At ${values}$: left side ${example.lhs}$, right side ${example.rhs}$.")
    elif verdict.evidence:
        parts.append(f"Evidence: {verdict.evidence.strip()}.")
    return " ".join(p for p in parts if p)


def summary_line(d: Derivation) -> str:
    """'All 14 steps proved.' or the loud list of the steps that are not."""
    steps, missing = outline(d), unproved(d)
    if not missing:
        return f"All {len(steps)} steps proved."
    listed = ", ".join(f"{n.label} ({n.step.rule}: {n.status})" for n in missing)
    return f"NOT PROVED: {len(missing)} of {len(steps)} steps: {listed}."


# ---------------------------------------------------------------- inline pieces
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INLINE = re.compile(r"\$(?P<math>[^$]+)\$"
                     r"|`(?P<code>[^`]+)`"
                     r"|(?<=[^\s_^$])(?P<op>[_^])(?P<script>\{[^{}$]*\}|[A-Za-z0-9](?![A-Za-z0-9]))")
SCRIPT_KIND = {"^": "sup", "_": "sub"}


def clean(text: str) -> str:
    """Control characters (a LaTeX backslash eaten by a Python escape, '\\a' for '\\approx') shown as '\ufffd'."""
    return _CONTROL.sub("\ufffd", text)


def inline(text: str) -> list[tuple[str, str]]:
    """Prose cut into (kind, content) pieces; kinds: text, math, code, sup, sub."""
    text, pieces, start = clean(text), [], 0
    for match in _INLINE.finditer(text):
        if match.start() > start:
            pieces.append(("text", text[start:match.start()]))
        if match.group("math") is not None:
            pieces.append(("math", match.group("math").strip()))
        elif match.group("code") is not None:
            pieces.append(("code", match.group("code")))
        else:
            script = match.group("script")
            pieces.append((SCRIPT_KIND[match.group("op")], script[1:-1] if script.startswith("{") else script))
        start = match.end()
    if start < len(text):
        pieces.append(("text", text[start:]))
    return pieces


# ---------------------------------------------------------------- LaTeX, readable in a terminal
SYMBOLS = {
    r"\sigma": "σ", r"\theta": "θ", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
    r"\epsilon": "ε", r"\eta": "η", r"\lambda": "λ", r"\mu": "μ", r"\pi": "π", r"\tau": "τ", r"\phi": "φ",
    r"\omega": "ω", r"\Sigma": "Σ", r"\Delta": "Δ", r"\nabla": "∇", r"\partial": "∂", r"\cdot": "·",
    r"\times": "×", r"\odot": "⊙", r"\le": "≤", r"\ge": "≥", r"\ne": "≠", r"\approx": "≈", r"\to": "→",
    r"\in": "∈", r"\infty": "∞", r"\sum": "Σ", r"\prod": "Π", r"\ldots": "…", r"\cdots": "⋯",
    r"\ln": "ln", r"\exp": "exp", r"\tanh": "tanh", r"\max": "max", r"\min": "min", r"\prime": "'",
    r"\left": "", r"\right": "", r"\,": " ", r"\;": " ", r"\ ": " ", r"\!": "", r"\quad": "  ",
}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_BLACKBOARD = re.compile(r"\\mathbb\{([RNZQC])\}")
_NAMED = re.compile(r"\\(?:operatorname|mathrm|text|mathbf|mathit|mathbb)\{([^{}]*)\}")
_MATRIX = re.compile(r"\\begin\{[pbv]?matrix\}(.*?)\\end\{[pbv]?matrix\}", re.DOTALL)
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[,; !])")
_ATOMIC = re.compile(r"[\w∂σθ.']+")


FUNCTIONS = ("ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh")  # SymPy writes \ln{\left(x\right)}
_FUNCTION_GROUP = re.compile(rf"\\(?:{'|'.join(FUNCTIONS)})(\{{)\\left\(")


def unbrace(latex: str) -> str:
    r"""\ln{\left(x\right)} → \ln\left(x\right): the braces only hide the argument."""
    drop: set[int] = set()
    for match in _FUNCTION_GROUP.finditer(latex):
        depth, start = 0, match.start(1)
        for k in range(start, len(latex)):
            if latex[k] in "{}" and latex[k - 1] != "\\":
                depth += 1 if latex[k] == "{" else -1
                if depth == 0:
                    if latex[:k].endswith(r"\right)"):
                        drop |= {start, k}
                    break
    return "".join(c for k, c in enumerate(latex) if k not in drop)


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
    text = _NAMED.sub(r"\1", _BLACKBOARD.sub(lambda m: BLACKBOARD[m.group(1)], text))
    text = _MATRIX.sub(lambda m: "[" + "; ".join(r.replace("&", ",").strip() for r in m.group(1).split(r"\\")) + "]",
                       text)
    text = _COMMAND.sub(lambda m: SYMBOLS.get(m.group(), m.group()), text).replace("∂ ", "∂")
    text = re.sub(r"([_^])\{([^{}])\}", r"\1\2", text)
    return re.sub(r"\(\s+|\s+\)", lambda m: m.group().strip(), text)


# ---------------------------------------------------------------- the terminal renderer
MARK = {
    "proved": "✓ proved",
    "refuted": "✗ NOT PROVED (refuted: {why})",
    "undecided": "✗ NOT PROVED (undecided: {why})",
    "error": "✗ NOT PROVED (error: {why})",
    UNCHECKED: "✗ NOT PROVED (unchecked: {why})",
}
INLINE = {
    "text": lambda s: s,
    "math": plain,
    "code": lambda s: f"`{s}`",
    "sup": lambda s: "^" + (s if len(s) == 1 else f"({s})"),
    "sub": lambda s: "_" + (s if len(s) == 1 else f"({s})"),
}
WIDTH = 100


def prose(text: str) -> str:
    return "".join(INLINE[kind](content) for kind, content in inline(text))


def mark(step: Step) -> str:
    """The check mark of one step, from the table."""
    return MARK.get(status(step), MARK[UNCHECKED]).format(why=prose(explanation(step)))


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _step(n: Numbered) -> list[str]:
    pad = "  " * n.depth
    head = f"{pad}{n.label:>3}  {n.step.rule} — {prose(n.step.justification)}  {mark(n.step)}"
    lines = _wrap(head, "")
    lines[1:] = [f"{pad}       {line}" for line in lines[1:]]
    return [*lines, f"{pad}       {plain(n.step.latex())}"]


def render(d: Derivation) -> str:
    """The derivation for the terminal: every step with its check, and a last line that says what is proved."""
    title = prose(d.title)
    lines = [title, "=" * len(title), *_wrap(prose(d.summary), ""), ""]
    if d.assumptions:
        lines += ["Assumptions:", *(f"  {plain(a)}" for a in d.assumptions), ""]
    entries = outline(d)
    lines.append("Steps:")
    for n in entries:
        if n.label == "R":
            lines += ["", "Result:"]
        lines += _step(n)
    for remark in d.remarks:
        lines += ["", *_wrap("Remark: " + prose(remark), "")]
    if d.sources:
        lines += ["", "Sources:", *(f"  - {s.document}, {prose(s.place)}" for s in d.sources)]
    return "\n".join([*lines, "", summary_line(d)])
