"""How a Verdict and a Claim show themselves: in a terminal (__repr__), in Jupyter (HTML, LaTeX).

Kept apart from the dataclasses (verdict.py, claim.py), which import this module inside their
display methods only; this module imports neither of them at run time, so there is no cycle.
HTML math is MathML (latex2mathml), which every current browser draws without scripts; the LaTeX
display is what MathJax (Jupyter) and KaTeX (VS Code) both read. Every piece of user text is escaped.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .notation.claim import Claim
    from .verify.verdict import Counterexample, Verdict

# status -> (badge label, background colour); the label says it in words, so colour is never the only signal
BADGES = {
    "proved": ("PROVED", "#16703a"),
    "refuted": ("REFUTED", "#c00000"),
    "undecided": ("UNDECIDED", "#a05a00"),
    "error": ("ERROR", "#555555"),
}
BOX = "font-family:system-ui,sans-serif;line-height:1.5;margin:0.3em 0"
CELL = "padding:0.15em 0.8em;border-bottom:1px solid #ddd;text-align:left"


# ---------------------------------------------------------------- LaTeX → MathML
# Chromium puts a gap inside stretchy fences, `σ ( x )`; the HTML renderer (render/html.py) uses this rule too.
LEFT_RIGHT = re.compile(r"\\(left|right)(\\[{}]|[()\[\]|.])")
_TALL = re.compile(r"\\(?:frac|dfrac|sum|prod|int|begin|binom|sqrt)\b")


def small_fences(latex: str) -> str:
    r"""\left( … \right) around nothing taller than a line → ( … ); tall contents keep stretchy fences."""
    stack: list[re.Match[str]] = []
    plain: list[tuple[int, int, str]] = []  # (start, end, replacement)
    for match in LEFT_RIGHT.finditer(latex):
        if match.group(1) == "left":
            stack.append(match)
        elif stack:
            opening = stack.pop()
            if not _TALL.search(latex, opening.end(), match.start()):
                plain += [(opening.start(), opening.end(), opening.group(2).strip(".")),
                          (match.start(), match.end(), match.group(2).strip("."))]
    for start, end, replacement in sorted(plain, reverse=True):
        latex = latex[:start] + replacement + latex[end:]
    return latex


def math_html(latex: str, display: bool = False) -> str:
    """MathML for one formula; LaTeX that latex2mathml cannot read is shown as escaped source."""
    from latex2mathml.converter import convert

    try:
        return convert(small_fences(latex), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many types; the reader still sees the formula
        return f"<code>{html.escape(latex)}</code>"


def badge(status: str, label: str = "") -> str:
    """A coloured PROVED / REFUTED / UNDECIDED / ERROR label (or `label` in the status's colour)."""
    word, colour = BADGES.get(str(status), (str(status).upper(), "#555555"))
    label = label or word
    return (f'<span class="dlmath-badge" style="background:{colour};color:#fff;font-weight:bold;'
            f'padding:0.1em 0.5em;border-radius:0.3em;letter-spacing:0.04em">{html.escape(label)}</span>')


def latex_text(text: str) -> str:
    r"""Plain text for \text{…}: LaTeX's special characters escaped."""
    special = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%", "&": r"\&",
               "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
    return "".join(special.get(c, c) for c in text)


def counterexample_rows(example: Counterexample) -> list[tuple[str, str]]:
    """(name, value) for every free symbol, then lhs, rhs and their difference."""
    return [*example.values.items(), ("lhs", example.lhs), ("rhs", example.rhs), ("lhs − rhs", example.difference)]


def counterexample_lines(example: Counterexample) -> list[str]:
    """The counterexample as the terminal shows it: `counterexample:` then `  name = value` lines."""
    rows = counterexample_rows(example)
    width = max(len(name) for name, _ in rows)
    return ["counterexample:"] + [f"  {name:<{width}} = {value}" for name, value in rows]


# ---------------------------------------------------------------- Verdict
def verdict_text(verdict: Verdict) -> str:
    """The verdict as `dlmath verify` prints it: status and method, claim, detail, evidence, counterexample."""
    lines = [f"{str(verdict.status).upper()} — {verdict.method}"]
    if verdict.claim:
        lines.append(f"  claim:    {verdict.claim}")
    lines.append(f"  detail:   {verdict.detail}")
    if verdict.evidence:
        lines.append(f"  evidence: {verdict.evidence}")
    if verdict.counterexample:
        lines += ["  " + line for line in counterexample_lines(verdict.counterexample)]
    return "\n".join(lines)


def _counterexample_table(example: Counterexample) -> str:
    rows = "".join(f'<tr><td style="{CELL}">{math_html(name) if name in example.values else html.escape(name)}</td>'
                   f'<td style="{CELL};font-family:monospace">{html.escape(value)}</td></tr>'
                   for name, value in counterexample_rows(example))
    return (f'<table class="dlmath-counterexample" style="border-collapse:collapse;margin:0.3em 0">'
            f'<tr><th style="{CELL}">counterexample</th><th style="{CELL}">value</th></tr>{rows}</table>')


def verdict_html(verdict: Verdict) -> str:
    """Badge and method, the claim as read in MathML, detail, evidence and the counterexample as a table."""
    parts = [f'<div class="dlmath-verdict" style="{BOX}">',
             f"<div>{badge(verdict.status)} <span>{html.escape(verdict.method)}</span></div>"]
    if verdict.claim:
        parts.append(f'<div class="claim">{math_html(verdict.claim, display=True)}</div>')
    parts.append(f'<div class="detail">{html.escape(verdict.detail)}</div>')
    if verdict.evidence:
        parts.append(f'<div class="evidence" style="color:#444">evidence: {html.escape(verdict.evidence)}</div>')
    if verdict.counterexample:
        parts.append(_counterexample_table(verdict.counterexample))
    parts.append("</div>")
    return "\n".join(parts)


COLOURS_LATEX = {"proved": "green", "refuted": "red", "undecided": "orange", "error": "gray"}


def verdict_latex(verdict: Verdict) -> str:
    r"""`$$\begin{aligned}…\end{aligned}$$`: the badge in colour, the claim, the counterexample's point."""
    status = str(verdict.status)
    # braced inside the colour: MathJax 2 reads \color{c}{…} with an argument, the others as a switch
    rows = [rf"&{{\color{{{COLOURS_LATEX.get(status, 'gray')}}}{{\textbf{{{status.upper()}}}}}}}"
            rf"\ \text{{({latex_text(verdict.method)})}}"]
    if verdict.claim:
        rows.append(f"&{verdict.claim}")
    example = verdict.counterexample
    if example:
        point = r",\ ".join(f"{name} = {latex_text(value)}" for name, value in example.values.items())
        rows.append(rf"&\text{{at }} {point}:\ \text{{lhs}} = {latex_text(example.lhs)},\ "
                    rf"\text{{rhs}} = {latex_text(example.rhs)}")
    return "$$\\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$$"


# ---------------------------------------------------------------- Claim
def claim_latex_body(claim: Claim) -> str:
    """`lhs REL rhs`, then its conditions and definitions, in dlmath notation."""
    from .notation.writer import claim_to_latex, to_latex

    given = [to_latex(c) for c in claim.conditions] + [d.latex for d in claim.definitions]
    where = (r"\quad\text{where } " + r",\ ".join(given)) if given else ""
    return claim_to_latex(claim) + where


def claim_text(claim: Claim) -> str:
    return f"Claim({claim_latex_body(claim)})"


def claim_html(claim: Claim) -> str:
    source = f'<div style="color:#444">as written: <code>{html.escape(claim.source)}</code></div>' \
        if claim.source else ""
    return f'<div class="dlmath-claim" style="{BOX}">{math_html(claim_latex_body(claim), display=True)}{source}</div>'


def claim_latex(claim: Claim) -> str:
    return f"$${claim_latex_body(claim)}$$"
