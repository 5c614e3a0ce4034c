"""HTML fragments for the page: a derivation as read, and its line-by-line check.

Built in the worker from the same records `dlmath check --json` prints. Math is MathML
(symbolic.display.math_html); every other piece of user or verifier text goes through html.escape.
"""

from __future__ import annotations

import re
from html import escape

from dlmath.symbolic.display import badge, math_html

OUTCOME_SENTENCE = {
    "follows": "Every line follows from the line before it.",
    "wrong": "Line {first_wrong} is wrong: it does not follow.",
    "undecided": "No line is wrong, but not every line could be decided.",
    "unreadable": "A line could not be read.",
}
VERDICT_BADGE = {"definition": ("undecided", "DEFINITION")}  # a definition is reported, never a verdict


def read_html(rows: list[dict[str, object]]) -> str:
    """One row per line: its number and the line as the reader read it (or why it could not)."""
    items = []
    for row in rows:
        number = f'<span class="n">line {row["line"]}</span>'
        if row.get("error"):
            items.append(f'<li class="unread">{number}<span class="msg">{escape(str(row["error"]))}</span></li>')
        else:
            note = f'<span class="note">{escape(str(row["note"]))}</span>' if row.get("note") else ""
            items.append(f"<li>{number}{math_html(str(row['read']), display=True)}{note}</li>")
    return f'<ol class="as-read">{"".join(items)}</ol>'


def _badge(verdict: str) -> str:
    status, label = VERDICT_BADGE.get(verdict, (verdict, ""))
    return badge(status, label)


def _counterexample(example: dict[str, object]) -> str:
    values = example.get("values") or {}
    rows = "".join(f"<tr><td>{math_html(str(name))}</td><td><code>{escape(str(value))}</code></td></tr>"
                   for name, value in values.items())  # type: ignore[union-attr]
    rows += "".join(f"<tr><td>{label}</td><td><code>{escape(str(example.get(key, '')))}</code></td></tr>"
                    for label, key in (("left side", "lhs"), ("right side", "rhs")))
    return f'<table class="counterexample"><tr><th colspan="2">counterexample</th></tr>{rows}</table>'


def check_html(report: dict[str, object]) -> str:
    """The outcome in a sentence, a row per line with its verdict, then the first wrong line's
    counterexample and diagnosis (or why there is none)."""
    outcome = str(report["outcome"])
    sentence = OUTCOME_SENTENCE[outcome].format(first_wrong=report.get("first_wrong"))
    parts = [f'<p class="outcome {outcome}">{escape(sentence)}</p>']
    for note in (report.get("unreadable"), report.get("broken")):
        if note:
            parts.append(f'<p class="note">{escape(str(note))}</p>')
    rows = []
    for line in report["lines"]:  # type: ignore[union-attr]
        wrong = ' class="wrong"' if line["line"] == report.get("first_wrong") else ""
        rows.append(f"<tr{wrong}><td>{line['line']}</td><td>{_badge(str(line['verdict']))}</td>"
                    f"<td>{math_html(str(line['latex']))}"
                    f"<div class=\"why\">{escape(str(line['detail']))}</div></td></tr>")
    parts.append('<table class="lines"><tr><th>line</th><th>verdict</th><th>as written, and why</th></tr>'
                  + "".join(rows) + "</table>")
    wrong = next((line for line in report["lines"] if line["line"] == report.get("first_wrong")), None)  # type: ignore
    if wrong is not None:
        parts.append(_diagnosis(report, wrong))
    return "\n".join(parts)


def _diagnosis(report: dict[str, object], wrong: dict[str, object]) -> str:
    parts = ['<div class="diagnosis">']
    if report.get("diagnosis"):
        parts.append(f'<p class="found"><strong>Diagnosis.</strong> {escape(str(report["diagnosis"]))}</p>')
        repair = report.get("repair") or {}
        if repair.get("repaired"):  # type: ignore[union-attr]
            parts.append(f'<p>The line, repaired: {math_html(str(repair["repaired"]))}</p>')  # type: ignore[index]
    else:
        why = report.get("why_no_diagnosis") or "no repair from the table of mistakes makes it follow"
        parts.append(f'<p class="none"><strong>No diagnosis</strong> ({escape(str(why))}): the line is wrong, '
                     "and the counterexample shows where.</p>")
    if wrong.get("counterexample"):
        parts.append(_counterexample(wrong["counterexample"]))  # type: ignore[arg-type]
    parts.append("</div>")
    return "".join(parts)


_INLINE = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)


def prose_html(text: str) -> str:
    """Text with inline `$…$` formulas: the text escaped, each formula as MathML."""
    out, end = [], 0
    for match in _INLINE.finditer(text):
        out += [escape(text[end:match.start()]), math_html(match.group(1))]
        end = match.end()
    return "".join(out) + escape(text[end:])


def exercise_html(statement_latex: str, asked: str, hints: int) -> str:
    return (f'<p class="statement">{prose_html(statement_latex)}</p>'
            f'<p class="note">Answer with the expression, or a derivation whose first line is '
            f'{math_html(asked)}&#8202;= …, then one step a line. {hints} hints.</p>')


def latex_lines_html(title: str, lines: tuple[str, ...]) -> str:
    rows = "".join(f"<li>{math_html(line, display=True)}</li>" for line in lines)
    return f'<div class="hint"><strong>{escape(title)}</strong><ol class="as-read">{rows}</ol></div>'


GRADE_BADGE = {"correct": ("proved", "CORRECT"), "wrong": ("refuted", "WRONG"),
               "undecided": ("undecided", "UNDECIDED"), "unreadable": ("error", "UNREADABLE")}


def grade_html(grade: dict[str, object]) -> str:
    """The grade's badge and message, then the line-by-line check it rests on."""
    status, label = GRADE_BADGE[str(grade["status"])]
    head = f'<p class="grade">{badge(status, label)} {escape(str(grade["message"]))}</p>'
    report = grade.get("report")
    return head + (check_html(report) if isinstance(report, dict) else "")  # type: ignore[arg-type]
