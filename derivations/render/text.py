"""The terminal renderer: every step with its check mark, in plain Unicode, and a last line that says what is proved."""

from __future__ import annotations

import textwrap

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from .outline import UNCHECKED, Numbered, explanation, outline, status, summary_line
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
        lines += ["", "Sources:", *(f"  - {prose(s.citation)}" for s in d.sources)]
    return "\n".join([*lines, "", summary_line(d)])
