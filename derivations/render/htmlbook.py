"""The whole book as one self-contained HTML page: preface, numbered chapters, experiments with inline SVG, checks.

Self-contained means nothing is fetched: MathML for the math, each plot's SVG
inlined (its prolog, metadata and namespace declarations dropped, its ids
prefixed so that two plots on one page never share one), no script.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..derivation import Derivation
from ..experiment import Experiment, Findings
from . import preface
from .html import STYLE, article, page, prose, tally
from .outline import DEFAULT_DEPTH, outline, shown_totals, totals, unproved

TITLE = "dlmath: the derivations, every step machine-checked"
WHERE = "folded under “Substeps” (open on click)"


def _preface() -> str:
    parts = ['<section id="preface"><h2>Preface</h2>']
    for k, section in enumerate(preface.sections(), start=1):
        parts.append(f'<h3 id="preface-{k}">{prose(section.heading)}</h3>')
        parts += [f"<p>{prose(p)}</p>" for p in section.paragraphs]
        if section.items:
            parts.append("<ul>" + "".join(f"<li>{prose(i)}</li>" for i in section.items) + "</ul>")
    return "\n".join([*parts, "</section>"])


# ---------------------------------------------------------------- inline SVG
_DROP = (re.compile(r"<\?xml[^>]*\?>\s*"), re.compile(r"<!DOCTYPE[^>]*>\s*", re.DOTALL),
         re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL), re.compile(r'\s+xmlns(?::\w+)?="[^"]*"'))
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(text: str, prefix: str) -> str:
    """A plot's SVG file as an element of the page: no prolog, metadata or namespaces; ids made `prefix`-unique."""
    for pattern in _DROP:
        text = pattern.sub("", text)
    ids = set(_ID.findall(text))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: m.group(1) + (f"{prefix}-{m.group(2)}" if m.group(2) in ids
                                                                        else m.group(2)), text)
    return re.sub(r"<svg\b", '<svg role="img"', text, count=1)


def _experiment(number: str, entry: Experiment, findings: Findings) -> str:
    rows = "".join(f"<tr><td>{prose(r.quantity)}</td><td>{prose(r.seed)}</td><td>{prose(r.ours)}</td></tr>"
                   for r in findings.table)
    parts = [f'<article class="experiment" id="e-{html.escape(entry.name)}">',
             f"<h2>{number} {prose(entry.title)}</h2>",
             "<p>Source: " + ", ".join(f"<code>{html.escape(s)}</code>" for s in entry.sources)
             + f". Re-run with <code>dlmath experiment {html.escape(entry.name)}</code>.</p>",
             '<table class="checks"><tr><th>quantity</th><th>the seed reports</th><th>dlmath</th></tr>'
             f"{rows}</table>", *(f"<p>{prose(note)}</p>" for note in findings.notes)]
    for k, figure in enumerate(f for f in findings.files if f.suffix == ".svg"):
        svg = inline_svg(Path(figure).read_text(encoding="utf-8"), f"{entry.name}-{k + 1}")
        parts.append(f'<figure id="e-{html.escape(entry.name)}-figure-{k + 1}">{svg}</figure>')
    return "\n".join([*parts, "</article>"])


def _checks(derivations: list[Derivation], depth: int | None) -> str:
    rows = []
    for k, d in enumerate(derivations, start=1):
        entries = outline(d, depth)
        total, missing, shown = len(entries), len(unproved(d)), sum(n.shown for n in entries)
        kind = "good" if not missing else "bad"
        check = "✓ proved" if not missing else f"✗ {missing} NOT PROVED"
        rows.append(f'<tr><td class="n">{k}</td><td><a href="#d-{html.escape(d.name)}">{prose(d.title)}</a></td>'
                    f'<td class="n">{total}</td><td class="n">{shown}</td><td class="n">{total - missing}</td>'
                    f'<td class="{kind}" style="{STYLE[kind]};white-space:nowrap">{check}</td></tr>')
    head = "<tr><th>#</th><th>derivation</th><th>steps</th><th>shown</th><th>proved</th><th>check</th></tr>"
    return f'<table class="checks">{head}{"".join(rows)}</table>'


def book(derivations: list[Derivation], depth: int | None = DEFAULT_DEPTH,
         experiments: list[tuple[Experiment, Findings]] = ()) -> str:
    """Every derivation on one page: totals, contents, preface, chapters, experiments and a summary of the checks."""
    missing = sum(len(unproved(d)) for d in derivations)
    shown = shown_totals(derivations, depth, WHERE)
    line = html.escape(totals(derivations), quote=False) + "." + (f" {html.escape(shown)}." if shown else "")
    kind = "good" if not missing else "bad"
    chapters = [(str(k), d) for k, d in enumerate(derivations, start=1)]
    trials = [(str(k), entry, findings) for k, (entry, findings) in enumerate(experiments, start=len(chapters) + 1)]
    contents = ['<li><a href="#preface">Preface</a></li>',
                *(f'<li>{n} <a href="#d-{html.escape(d.name)}">{prose(d.title)}</a> {tally(d)}</li>'
                  for n, d in chapters),
                *(f'<li>{n} <a href="#e-{html.escape(e.name)}">{prose(e.title)}</a></li>' for n, e, _ in trials),
                '<li><a href="#checks">Summary of the checks</a></li>']
    body = [f"<h1>{html.escape(TITLE)}</h1>",
            f'<p class="{"verdict" if not missing else "banner"} {kind}" style="{STYLE[kind]}">{line}</p>',
            f'<nav><h2>Contents</h2><ul class="contents">{"".join(contents)}</ul></nav>', _preface(),
            '<h2 class="part" id="part-derivations">Part I: Derivations</h2>',
            *(article(d, level=2, depth=depth, number=n) for n, d in chapters)]
    if trials:
        body += ['<h2 class="part" id="part-experiments">Part II: Experiments</h2>',
                 *(_experiment(n, entry, findings) for n, entry, findings in trials)]
    body.append(f'<section id="checks"><h2>Summary of the checks</h2><p>{line}</p>{_checks(derivations, depth)}'
                "</section>")
    return page("dlmath: the derivations", "\n".join(body))
