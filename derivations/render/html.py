"""One self-contained HTML page: MathML from latex2mathml, inline CSS, no scripts, nothing fetched.

latex2mathml reads everything our writer emits; a few small rewrites (the
tables PREPARE and TIDY) make browsers draw it the way LaTeX would:

- `\\operatorname{ReLU}` becomes `<mo>ReLU</mo>`, spaced like a relation; as
  `\\mathrm{ReLU}` it is an upright identifier.
- Chromium puts a gap inside stretchy fences, `σ ( x )`; a `\\left( … \\right)`
  around nothing taller than a line becomes a plain `( … )`.
- After a factor, `\\ln` gets the thin space TeX gives it (`c ln p`, not `cln p`).
- A prime comes out as `<msup><mi>σ</mi><mi>′</mi></msup>`, a prime raised
  twice; it is set as `<mi>σ</mi><mo>′</mo>`. A minus right after `(`, `=`
  or `,` is a sign, not a subtraction: `form="prefix"`, as TeX sets it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from latex2mathml.converter import convert

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.display import LEFT_RIGHT, small_fences
from dlmath.symbolic.notation.writer import RELATION_LATEX, to_latex
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from . import plain
from .outline import (
    UNCHECKED,
    Fold,
    Numbered,
    clean,
    entries,
    explanation,
    folds,
    inline,
    outline,
    shown_note,
    status,
    summary_line,
    unbrace,
    unproved,
)

MARK = {  # status -> (class, label)
    Status.PROVED: ("good", "✓ proved"),
    Status.REFUTED: ("bad", "✗ NOT PROVED (refuted)"),
    Status.UNDECIDED: ("bad", "✗ NOT PROVED (undecided)"),
    Status.ERROR: ("bad", "✗ NOT PROVED (error)"),
    UNCHECKED: ("bad", "✗ NOT PROVED (unchecked)"),
}
# Also as style attributes, so a sanitiser that drops <style> cannot hide an unproved step.
STYLE = {"good": "color:#16703a", "bad": "color:#c00000;font-weight:bold"}
UNPROVED_STEP = "border-left:6px solid #c00000;background:#fff0f0"

CSS = """
.dlmath { font-family: Georgia, "DejaVu Serif", serif; line-height: 1.45; color: #1b1b1b;
  max-width: 62em; margin: 0 auto; padding: 0.5em 1.5em; }
.dlmath math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; font-size: 1.12em; }
.dlmath h1, .dlmath h2, .dlmath h3 { font-weight: normal; margin: 1.1em 0 0.4em; }
.dlmath .summary { font-size: 1.05em; }
.dlmath .step { margin: 0.5em 0; padding: 0.15em 0.7em; border-left: 3px solid #d4e6d9; }
.dlmath .step.unproved { border-left: 6px solid #c00000; background: #fff0f0; }
.dlmath .head { display: flex; gap: 1em; justify-content: space-between; align-items: baseline; }
.dlmath .label { font-weight: bold; margin-right: 0.6em; }
.dlmath .rule { font-variant: small-caps; color: #3d3d3d; margin-right: 0.3em; }
.dlmath .mark { white-space: nowrap; }
.dlmath .good { color: #16703a; }
.dlmath .bad { color: #c00000; font-weight: bold; }
.dlmath .why { color: #c00000; margin: 0.2em 0; }
.dlmath .eq { overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; text-align: center; }
.dlmath .eq.long { padding-left: 3em; text-indent: -2em; line-height: 2.4; text-align: left; }
.dlmath details.fold { margin: 0.3em 0 0.5em 1.3em; }
.dlmath details.fold > summary { cursor: pointer; color: #3d3d3d; font-style: italic; }
.dlmath table.notation td { padding: 0.1em 0.8em; vertical-align: baseline; }
.dlmath figure { margin: 1em 0; text-align: center; }
.dlmath figure svg { max-width: 100%; height: auto; }
.dlmath .banner { border: 2px solid #c00000; background: #ffe3e3; color: #c00000; font-weight: bold;
  padding: 0.5em 1em; margin: 0.8em 0; }
.dlmath .verdict { font-weight: bold; margin-top: 1em; }
.dlmath code { font-size: 0.92em; background: #f3f3f3; padding: 0 0.2em; }
.dlmath table.checks { border-collapse: collapse; margin: 0.5em 0; }
.dlmath table.checks th, .dlmath table.checks td { border-bottom: 1px solid #ccc; padding: 0.25em 0.8em;
  text-align: left; }
.dlmath table.checks td.n { text-align: right; }
.dlmath ul.contents { list-style: none; padding-left: 1em; }
.dlmath h2.part { font-size: 1.7em; border-bottom: 1px solid #ccc; margin-top: 2em; }
"""

# ---------------------------------------------------------------- LaTeX → MathML
PREPARE: tuple[Callable[[str], str], ...] = (
    lambda s: re.sub(r"\\operatorname\{", r"\\mathrm{", s),
    small_fences,
)
TIDY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r' xmlns="http://www\.w3\.org/1998/Math/MathML"'), ""),  # implied in HTML; keeps the page link-free
    (re.compile(r"<msup>(<m[io][^>]*>[^<]*</m[io]>|<mrow>(?:<mi[^>]*>[^<]*</mi>)+</mrow>)"
                r"<mi>(&#x0203[234];)</mi></msup>"), r"\1<mo>\2</mo>"),
    (re.compile(r"(</m[inor]>|</msub>|</msup>|</msubsup>|</mrow>|<mrow />)(<mi>(?:ln|log|exp|sin|cos|tanh)</mi>)"),
     r'\1<mspace width="0.1667em" />\2'),  # c ln p, not cln p: the thin space TeX puts before an operator name
    (re.compile(r"(<mo[^>]*>(?:&#x00028;|&#x0005B;|&#x0003D;|&#x0002C;|&#x0003C;|&#x0003E;|&#x02264;|&#x02265;|"
                r"&#x02260;|&#x02248;)</mo>)<mo>(&#x02212;|&#x0002B;)</mo>"), r'\1<mo form="prefix">\2</mo>'),
)


def mathml(latex: str, display: bool = False) -> str:
    """MathML for one formula; LaTeX that latex2mathml cannot read is shown as source, marked."""
    prepared = clean(latex)
    for rewrite in PREPARE:
        prepared = rewrite(prepared)
    try:
        out = convert(prepared, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many types; the reader still sees the formula
        return f'<code class="tex" title="not converted to MathML">{html.escape(latex)}</code>'
    for pattern, replacement in TIDY:
        out = pattern.sub(replacement, out)
    return out


# An equation wider than this (in characters of its terminal form) is cut at its outer + − = and wraps.
LONG = 90
SHORT = 40  # a bracket shorter than this (in LaTeX characters) is never broken inside
_AFTER_OPEN = set("([{,=+-<>")


def _pieces(latex: str) -> list[str]:
    """The equation cut before its +, −, = outside braces and short brackets (fences made plain), to wrap."""
    flat = LEFT_RIGHT.sub(lambda m: m.group(2).strip("."), unbrace(latex))
    close, opened = {}, []
    for k, c in enumerate(flat):
        if c == "(":
            opened.append(k)
        elif c == ")" and opened:
            close[opened.pop()] = k
    pieces, braces, brackets, start = [], 0, [], 0
    for k, c in enumerate(flat):
        if c in "{}" and flat[k - 1:k] != "\\":
            braces += 1 if c == "{" else -1
        elif c == "(":
            brackets.append(k)
        elif c == ")" and brackets:
            brackets.pop()
        elif (c == " " and braces == 0 and re.match(r" (?:[-+=<>] |\\(?:le|ge|ne)\b)", flat[k:])
              and (not brackets or close.get(brackets[-1], len(flat)) - brackets[-1] > SHORT)
              and flat[start:k].strip() and flat[:k].rstrip()[-1:] not in _AFTER_OPEN):
            pieces.append(flat[start:k])
            start = k + 1
    return [*pieces, flat[start:]]


def equation(step: Step) -> str:
    """A step's relation in display style; a long one as pieces that wrap like a paragraph; a long one with a
    matrix (which cannot wrap) entry by entry, or its two sides on two lines, as the PDF sets it."""
    latex = step.latex()
    if _width(step) <= LONG:
        return f'<div class="eq">{mathml(latex, display=True)}</div>'
    if r"\begin" not in latex:
        return _wrapped(latex)
    relation = RELATION_LATEX[step.relation]
    if entrywise := entries(step):
        return "".join(f'<div class="eq entry">entry {mathml(label)}: '
                       f"{_wrapped(f'{to_latex(left)} {relation} {to_latex(right)}', display=False)}</div>"
                       for label, left, right in entrywise)
    before, after = step.shown_sides
    return (f'<div class="eq">{mathml(to_latex(before), display=True)}</div>'
            + _wrapped(f"{{}} {relation} {to_latex(after)}"))


def _width(step: Step) -> int:
    """About how many characters wide the step is set: a matrix as wide as its widest entries side by side."""
    if not entries(step):
        return len(plain.plain(step.latex()))
    return sum(sum(max(len(plain.plain(to_latex(side[r, c]))) for r in range(side.rows)) + 2
                   for c in range(side.cols)) for side in step.shown_sides) + 3


def _wrapped(latex: str, display: bool = True) -> str:
    """One display (or, as an entry of a matrix, inline), or (too long for the line, with no matrix in it) its
    pieces, wrapping like a paragraph."""
    if len(plain.plain(latex)) <= LONG or r"\begin" in latex:
        return f'<div class="eq">{mathml(latex, display=True)}</div>' if display else mathml(r"\displaystyle " + latex)
    pieces = [r"\displaystyle " + ("{} " if k else "") + piece for k, piece in enumerate(_pieces(latex))]
    return f'<div class="eq long">{"<wbr>".join(mathml(p) for p in pieces)}</div>'


# ---------------------------------------------------------------- derivations
INLINE = {
    "text": lambda s: html.escape(s, quote=False),
    "math": mathml,
    "code": lambda s: f"<code>{html.escape(s, quote=False)}</code>",
    "sup": lambda s: f"<sup>{html.escape(s, quote=False)}</sup>",
    "sub": lambda s: f"<sub>{html.escape(s, quote=False)}</sub>",
}


def prose(text_: str) -> str:
    return "".join(INLINE[kind](content) for kind, content in inline(text_))


def mark(step: Step) -> str:
    kind, label = MARK.get(status(step), MARK[UNCHECKED])
    return f'<span class="mark {kind}" style="{STYLE[kind]}">{label}</span>'


def _step(d: Derivation, n: Numbered, indent_from: int = 0) -> str:
    kind = "proved" if n.proved else "unproved"
    style = f"margin-left:{min(n.depth - indent_from, 8) * 1.3:g}em" + ("" if n.proved else ";" + UNPROVED_STEP)
    why = "" if n.proved else f'<p class="why" style="{STYLE["bad"]}">✗ {prose(explanation(n.step))}</p>'
    return (f'<div class="step {kind}" id="{step_id(d, n)}" style="{style}">'
            f'<div class="head"><span><span class="label">{html.escape(n.label)}</span>'
            f'<span class="rule">{html.escape(n.step.rule)}</span> {prose(n.step.justification)}</span>'
            f"{mark(n.step)}</div>{why}"
            f"{equation(n.step)}</div>")


def step_id(d: Derivation, n: Numbered) -> str:
    """Unique on a page of many derivations: 'logistic-regression-4.1'."""
    return html.escape(f"{d.name}-{n.label}")


def _fold(d: Derivation, fold: Fold) -> str:
    """The folded substeps of one step, closed until the reader opens them (no script: <details>)."""
    summary = (f"Substeps {html.escape(fold.span)} ({len(fold.steps)} in all: {html.escape(fold.rules)}), "
               f"each {'proved' if all(n.proved for n in fold.steps) else 'checked'}")
    steps = "".join(_step(d, n, indent_from=fold.parent.depth + 1) for n in fold.steps)
    indent = min(fold.parent.depth + 1, 8) * 1.3
    return f'<details class="fold" style="margin-left:{indent:g}em"><summary>{summary}</summary>{steps}</details>'


def _verdict(d: Derivation, entries: list[Numbered] | None = None) -> str:
    line = html.escape(summary_line(d))
    if d.proved:
        shown = html.escape(shown_note(entries, "behind “Substeps”")) if entries is not None else ""
        return f'<p class="verdict good" style="{STYLE["good"]}">✓ {line.removesuffix(".")}{shown}.</p>'
    return f'<p class="banner" style="{STYLE["bad"]}">✗ {line}</p>'


def notation(d: Derivation) -> str:
    """The chapter's symbols as a small table ('' when the record names none)."""
    if not d.notation:
        return ""
    rows = "".join(f"<tr><td>{mathml(symbol)}</td><td>{prose(meaning)}</td></tr>" for symbol, meaning in d.notation)
    return f'<p><strong>Notation.</strong></p><table class="notation">{rows}</table>'


def article(d: Derivation, level: int = 1, depth: int | None = None, number: str = "") -> str:
    """One derivation as an <article>, its title a heading of `level` (numbered `number` in a book)."""
    h, sub = f"h{level}", f"h{level + 1}"
    entries = outline(d, depth)
    folded = folds(entries)
    heading = f"{html.escape(number)} " if number else ""
    parts = [f'<article class="derivation" id="d-{html.escape(d.name)}">', f"<{h}>{heading}{prose(d.title)}</{h}>",
             f'<p class="summary">{prose(d.summary)}</p>']
    if not d.proved:
        parts.append(_verdict(d))
    if d.notation:
        parts.append(notation(d))
    if d.assumptions:
        parts.append("<p><strong>Assumptions:</strong> " + "; ".join(mathml(a) for a in d.assumptions) + ".</p>")

    def steps(result: bool) -> list[str]:
        return [_step(d, n) + (_fold(d, folded[n.label]) if n.label in folded else "") for n in entries
                if n.shown and (n.label == "R" or n.label.startswith("R.")) == result]

    parts += [f"<{sub}>Steps</{sub}>", *steps(result=False), f"<{sub}>Result</{sub}>", *steps(result=True)]
    if d.remarks:
        parts += [f"<{sub}>Remarks</{sub}>", *(f"<p>{prose(r)}</p>" for r in d.remarks)]
    if d.sources:
        items = "".join(f"<li>{prose(s.citation)}</li>" for s in d.sources)
        parts += [f"<{sub}>Sources</{sub}>", f"<ul>{items}</ul>"]
    parts += [_verdict(d, entries), "</article>"]
    return "\n".join(parts)


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f'<body>\n<div class="dlmath">\n{body}\n</div>\n</body>\n</html>\n')


def fragment(d: Derivation) -> str:
    """The derivation as an HTML fragment with its own style (for Jupyter's _repr_html_)."""
    return f'<div class="dlmath"><style>{CSS}</style>\n{article(d, level=2)}\n</div>'


def render(d: Derivation, depth: int | None = None) -> str:
    """One derivation as a self-contained HTML page; substeps below `depth` folded (None: none folded)."""
    return page(plain.prose(d.title), article(d, depth=depth))


def tally(d: Derivation) -> str:
    if d.proved:
        return f'<span class="mark good" style="{STYLE["good"]}">✓ all {len(outline(d))} steps proved</span>'
    return f'<span class="mark bad" style="{STYLE["bad"]}">✗ {len(unproved(d))} NOT PROVED</span>'
