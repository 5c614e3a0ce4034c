"""How a GradCheck shows itself in Jupyter: a badge, the tolerance, and one table row per parameter.

Kept apart from gradcheck.py, which imports this module inside its display method only; this module
does not import gradcheck.py at run time, so there is no cycle. Every piece of text is escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from dlmath.symbolic.display import BOX, CELL, badge

if TYPE_CHECKING:
    from .gradcheck import GradCheck, ParameterCheck

HEADINGS = ("parameter", "check", "entries", "max abs error", "max rel error", "worst entry")


def _row(check: ParameterCheck) -> str:
    colour = "#16703a" if check.passed else "#c00000"
    mark = f'<span style="color:{colour};font-weight:bold">{"ok" if check.passed else "FAILED"}</span>'
    worst = check.worst.line() if check.worst else check.problem
    cells = (html.escape(check.parameter), mark, str(check.checked), f"{check.max_abs_error:.3g}",
             f"{check.max_rel_error:.3g}", html.escape(worst))
    return "<tr>" + "".join(f'<td style="{CELL}">{cell}</td>' for cell in cells) + "</tr>"


def gradcheck_html(result: GradCheck) -> str:
    """AGREE (green) or DISAGREE (red), the tolerance used, and the per-parameter table."""
    state = badge("proved", "AGREE") if result.passed else badge("refuted", "DISAGREE")
    rule = (f"{', '.join(result.methods)} against {result.reference}: |a − b| ≤ {result.atol:g} + "
            f"{result.rtol:g}·|{result.reference}|, eps {result.eps:g}")
    head = "".join(f'<th style="{CELL}">{heading}</th>' for heading in HEADINGS)
    rows = "".join(_row(check) for check in result.checks)
    return (f'<div class="dlmath-gradcheck" style="{BOX}"><div>{state} {html.escape(rule)}</div>'
            f'<table style="border-collapse:collapse;margin:0.3em 0"><tr>{head}</tr>{rows}</table></div>')
