"""GitHub Markdown: `$…$` inline and `$$…$$` display math, a caution box and a checklist of the checks."""

from __future__ import annotations

import re

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from .outline import UNCHECKED, Numbered, clean, explanation, folds, inline, outline, status, summary_line, unproved

MARK = {
    Status.PROVED: "✓ proved",
    Status.REFUTED: "**✗ NOT PROVED** (refuted)",
    Status.UNDECIDED: "**✗ NOT PROVED** (undecided)",
    Status.ERROR: "**✗ NOT PROVED** (error)",
    UNCHECKED: "**✗ NOT PROVED** (unchecked)",
}
CHECKBOX = {True: "- [x]", False: "- [ ]"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def _escape(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return _SPECIAL.sub(r"\\\1", text)


def _math(latex: str) -> str:
    """Inline math; GitHub wants no space just inside the dollars."""
    return f"${' '.join(latex.split())}$"


INLINE = {
    "text": _escape,
    "math": _math,
    "code": lambda s: f"`{s}`",
    "sup": lambda s: f"<sup>{_escape(s)}</sup>",
    "sub": lambda s: f"<sub>{_escape(s)}</sub>",
}


def prose(text: str) -> str:
    return "".join(INLINE[kind](content) for kind, content in inline(text))


def mark(step: Step) -> str:
    return MARK.get(status(step), MARK[UNCHECKED])


def display(latex: str) -> str:
    """A `$$` block on lines of its own (one line of LaTeX: a blank line would end the block)."""
    return "$$\n" + " ".join(clean(latex).split()) + "\n$$"


def _step(n: Numbered) -> str:
    lead = "↳ " * min(n.depth, 1) + f"**{n.label}**"
    head = f"{lead} · *{_escape(n.step.rule)}* — {prose(n.step.justification)} — {mark(n.step)}"
    why = "" if n.proved else f"\n\n> **✗ NOT PROVED:** {prose(explanation(n.step))}"
    return f"{head}{why}\n\n{display(n.step.latex())}"


def _checklist(steps: list[Numbered]) -> list[str]:
    lines = []
    for n in steps:
        why = "" if n.proved else f": {prose(explanation(n.step))}"
        lines.append(f"{CHECKBOX[n.proved]} {n.label} {_escape(n.step.rule)} — {mark(n.step)}{why}")
    return lines


def render(d: Derivation, depth: int | None = None, level: int = 1) -> str:
    """One derivation as GitHub Markdown; substeps below `depth` folded in `<details>`; `level` its title's heading."""
    h = "#" * level
    steps, missing = outline(d), unproved(d)
    entries = outline(d, depth)
    folded = folds(entries)

    def shown(result: bool) -> list[str]:
        out = []
        for n in entries:
            if n.shown and (n.label == "R" or n.label.startswith("R.")) == result:
                out.append(_step(n))
                if n.label in folded:
                    fold = folded[n.label]
                    out += [f"<details><summary>Substeps {fold.span} ({len(fold.steps)} in all: {fold.rules})"
                            "</summary>", *(_step(m) for m in fold.steps), "</details>"]
        return out

    parts = [f"{h} {prose(d.title)}", prose(d.summary)]
    if missing:
        listed = ", ".join(f"{n.label} ({_escape(n.step.rule)}: {n.status})" for n in missing)
        parts.append(f"> [!CAUTION]\n> **✗ {len(missing)} of {len(steps)} steps are NOT PROVED:** {listed}.")
    if d.assumptions:
        parts.append("**Assumptions:** " + "; ".join(_math(clean(a)) for a in d.assumptions) + ".")
    parts.append(f"{h}# Steps")
    parts += shown(result=False)
    parts.append(f"{h}# Result")
    parts += shown(result=True)
    if d.remarks:
        parts += [f"{h}# Remarks", *(prose(r) for r in d.remarks)]
    if d.sources:
        parts += [f"{h}# Sources", "\n".join(f"- {prose(s.citation)}" for s in d.sources)]
    parts += [f"{h}# Checks", "\n".join(_checklist(steps))]
    verdict = summary_line(d)
    parts.append(f"**✓ {verdict}**" if not missing else f"**✗ {_escape(verdict)}**")
    return "\n\n".join(parts) + "\n"
