"""How a Derivation and an AuditReport show themselves: in a terminal (__repr__) and in Jupyter (LaTeX, HTML).

A derivation's LaTeX display is `$$\\begin{aligned}…\\end{aligned}$$` (several for a long one), which
both MathJax (Jupyter) and KaTeX (VS Code) render: a row per step, aligned at its relation, with its
number, its rule's name and its check. The HTML display is the renderer's own fragment (render/html.py). The
dataclasses import this module inside their display methods only, so there is no import cycle.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from dlmath.symbolic.display import BOX, CELL, badge, latex_text, math_html, verdict_html
from dlmath.symbolic.notation.writer import RELATION_LATEX, to_latex
from dlmath.symbolic.verify.verdict import Status

from . import audit
from .render import plain
from .render.html import prose
from .render.outline import Numbered, outline, summary_line

if TYPE_CHECKING:
    from .derivation import Derivation
    from .experiment import Findings
    from .report import AuditReport

# The coloured part is braced: MathJax 2 reads \color{c}{…} with an argument, MathJax 3, KaTeX and LaTeX as a switch.
NOT_PROVED = r"{\color{red}{\boldsymbol{\times}\ \text{%s}}}"  # the step's status in words: never colour alone
PROVED = r"{\color{green}{\checkmark}}"


def _row(n: Numbered) -> str:
    """`before &= after && (2.1) rule ✓`: the equation aligned at its relation, then its name and check."""
    step = n.step
    before, after = step.shown_sides
    mark = PROVED if n.proved else NOT_PROVED % latex_text(f"not proved ({n.status})")
    indent = r"\quad" * min(n.depth, 4)
    return (f"{to_latex(before)} &{RELATION_LATEX[step.relation]} {to_latex(after)} "
            rf"&& {indent}\text{{({latex_text(n.label)}) {latex_text(step.rule)}}}\ {mark}")


# MathJax refuses a formula longer than its buffer (maxBuffer, 5 KiB by default): a long derivation is cut into
# several aligned blocks, each below this many characters, at step boundaries.
BLOCK = 4000


def derivation_latex(d: Derivation) -> str:
    """Every step and substep, numbered and named with its check, then the summary ('All 5 steps proved.')."""
    rows = [_row(n) for n in outline(d)]
    rows.append(rf"&&& \text{{{latex_text(summary_line(d))}}}")
    blocks: list[list[str]] = [[]]
    for row in rows:
        if blocks[-1] and sum(len(r) + 4 for r in blocks[-1]) + len(row) > BLOCK:
            blocks.append([])
        blocks[-1].append(row)
    return "\n".join("$$\\begin{aligned}\n" + " \\\\\n".join(block) + "\n\\end{aligned}$$" for block in blocks)


def derivation_text(d: Derivation) -> str:
    """One line: name, title, and how many steps are proved."""
    return f"<Derivation {d.name}: {plain.prose(d.title)} — {summary_line(d)}>"


# ---------------------------------------------------------------- audit reports
def audit_text(report: AuditReport) -> str:
    """The table `dlmath audit` prints, then its summary line."""
    return audit.table(list(report.results)) + "\n\n" + report.summary_line


def _audit_row(result: audit.AuditResult) -> str:
    status = result.status
    label = badge(status) if status != audit.DEFINITION else badge("undecided", "DEFINITION")
    cells = (html.escape(result.claim.source), label, math_html(result.claim.latex))
    return "<tr>" + "".join(f'<td style="{CELL}">{cell}</td>' for cell in cells) + "</tr>"


def audit_html(report: AuditReport) -> str:
    """The summary line, a row per claim (source, badge, claim), then every refuted claim's verdict in full."""
    head = "".join(f'<th style="{CELL}">{heading}</th>' for heading in ("source", "verdict", "claim"))
    rows = "".join(_audit_row(r) for r in report.results)
    details = "".join(f"<h4>{html.escape(r.claim.source)}</h4>{verdict_html(r.checked.verdict)}"
                      for r in report.results if r.status == Status.REFUTED)
    return (f'<div class="dlmath-audit" style="{BOX}"><div><strong>{html.escape(report.summary_line)}</strong></div>'
            f'<table style="border-collapse:collapse;margin:0.3em 0"><tr>{head}</tr>{rows}</table>{details}</div>')


# ---------------------------------------------------------------- experiments
def findings_html(findings: Findings) -> str:
    """The seed's figures beside ours, the notes, and the files written."""
    head = "".join(f'<th style="{CELL}">{heading}</th>' for heading in ("quantity", "seed reports", "dlmath"))
    # The cells and notes are prose: text escaped, $…$ as MathML (the book's own renderer).
    rows = "".join("<tr>" + "".join(f'<td style="{CELL}">{prose(cell)}</td>' for cell in cells) + "</tr>"
                   for cells in ((r.quantity, r.seed, r.ours) for r in findings.table))
    notes = "".join(f"<p>{prose(note)}</p>" for note in findings.notes)
    files = ", ".join(f"<code>{html.escape(str(f))}</code>" for f in findings.files)
    return (f'<div class="dlmath-findings" style="{BOX}"><strong>{html.escape(findings.name)}</strong>'
            f'<table style="border-collapse:collapse;margin:0.3em 0"><tr>{head}</tr>{rows}</table>{notes}'
            + (f"<p>wrote {files}</p>" if files else "") + "</div>")
