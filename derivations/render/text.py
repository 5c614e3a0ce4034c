"""The terminal renderer: every step with its check mark, in plain Unicode, and a last line that says what is proved."""

from __future__ import annotations

import textwrap

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from .outline import UNCHECKED, Numbered, explanation, folds, outline, shown_note, status, summary_line
from .plain import plain, prose

MARK = {
    Status.PROVED: "✓ proved",
    Status.REFUTED: "✗ NOT PROVED (refuted: {why})",
    Status.UNDECIDED: "✗ NOT PROVED (undecided: {why})",
    Status.ERROR: "✗ NOT PROVED (error: {why})",
    UNCHECKED: "✗ NOT PROVED (unchecked: {why})",
}
WIDTH = 100


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


def folded_line(n: Numbered, count: int, span: str) -> str:
    """Where a step's folded substeps went: '      (4.1: 28 substeps folded, each proved; --depth all shows them)'."""
    return f"{'  ' * (n.depth + 1)}       ({span}: {count} substeps folded, each proved; --depth all shows them)"


def render(d: Derivation, depth: int | None = None) -> str:
    """The derivation for the terminal: its steps to `depth` with their checks, and a last line on what is proved."""
    title = prose(d.title)
    lines = [title, "=" * len(title), *_wrap(prose(d.summary), ""), ""]
    if d.assumptions:
        lines += ["Assumptions:", *(f"  {plain(a)}" for a in d.assumptions), ""]
    entries = outline(d, depth)
    folded = folds(entries)
    lines.append("Steps:")
    for n in (n for n in entries if n.shown):
        if n.label == "R":
            lines += ["", "Result:"]
        lines += _step(n)
        if n.label in folded:
            lines.append(folded_line(n, len(folded[n.label].steps), folded[n.label].span))
    for remark in d.remarks:
        lines += ["", *_wrap("Remark: " + prose(remark), "")]
    if d.sources:
        lines += ["", "Sources:", *(f"  - {prose(s.citation)}" for s in d.sources)]
    shown = shown_note(entries, "folded")
    return "\n".join([*lines, "", summary_line(d)[:-1] + shown + "."])
