"""The whole book in LaTeX (`report`): preface, the derivations as chapters, the experiments, the checks, the appendix.

Part I holds one chapter per derivation, showing its steps to the level of
detail; Part II the seeds' experiments, each with its table (the seed's figure
beside ours) and its plots as PNG; then the summary of the checks, which
counts every step, and an appendix chapter per derivation with the steps the
main text folded.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..derivation import Derivation
from ..experiment import Experiment, Findings
from . import preface
from .outline import DEFAULT_DEPTH, outline, shown_totals, totals, unproved
from .tex import TITLE, _ascii, _verdict_line, appendix, body, bookmark, code, preamble, prose

WHERE = "in the appendix"
# A chapter opens with its number and title on one line, not half a page down (report's default); the math of
# a title is bold like its words (\boldmath), as a textbook sets it.
CHAPTER_HEAD = r"""\makeatletter
\renewcommand{\@makechapterhead}[1]{{\parindent\z@\raggedright\normalfont\LARGE\bfseries\boldmath
  \ifnum\c@secnumdepth>\m@ne\thechapter\quad\fi #1\par\nobreak\vspace{2ex}}}
\renewcommand{\@makeschapterhead}[1]{{\parindent\z@\raggedright\normalfont\LARGE\bfseries\boldmath #1\par\nobreak
  \vspace{2ex}}}
\makeatother"""


def _preface() -> str:
    parts = [r"\chapter*{Preface}", r"\addcontentsline{toc}{chapter}{Preface}"]
    for section in preface.sections():
        parts += [rf"\section*{{{prose(section.heading)}}}", *(prose(p) for p in section.paragraphs)]
        if section.items:
            parts.append(r"{\raggedright\begin{itemize}" + "".join(rf"\item {prose(i)}" + "\n" for i in section.items)
                         + r"\end{itemize}\par}")  # ragged: a file name cannot be stretched to justify
    return "\n\n".join(parts)


def _experiment(entry: Experiment, findings: Findings, base: Path) -> str:
    rows = "\n".join(rf"{prose(r.quantity)} & {prose(r.seed)} & {prose(r.ours)} \\" for r in findings.table)
    parts = [rf"\chapter{{\texorpdfstring{{{prose(entry.title)}}}{{{bookmark(entry.title)}}}}}\label{{e:{entry.name}}}",
             "Source: " + ", ".join(code(s) for s in entry.sources)
             + f". Re-run with {code('dlmath experiment ' + entry.name)}.",
             r"\begin{longtable}{p{0.42\linewidth} p{0.24\linewidth} p{0.24\linewidth}}", r"\toprule",
             r"quantity & the seed reports & dlmath \\", r"\midrule", r"\endhead", rows, r"\bottomrule",
             r"\end{longtable}"]
    parts += [prose(note) for note in findings.notes]
    for figure in (f for f in findings.files if f.suffix == ".png"):
        path = Path(os.path.relpath(figure, base)).as_posix()
        parts.append(r"\begin{center}\includegraphics[width=\linewidth,height=0.42\textheight,keepaspectratio]"
                     rf"{{{_ascii(path, math=False)}}}\end{{center}}")
    return "\n\n".join(parts)


def _summary_table(derivations: list[Derivation], depth: int | None) -> str:
    rows = []
    for k, d in enumerate(derivations, start=1):
        entries = outline(d, depth)
        total, missing, shown = len(entries), len(unproved(d)), sum(n.shown for n in entries)
        check = rf"\dlfail{{{missing} NOT PROVED}}" if missing else r"\dlproved"
        rows.append(rf"{k} & \hyperref[d:{d.name}]{{{prose(d.title)}}} & {total} & {shown} & {total - missing} & "
                    rf"{check} \\")
    failures = [rf"{prose(d.title)}: {_verdict_line(d)}\par" for d in derivations if unproved(d)]
    shown = shown_totals(derivations, depth, WHERE)
    return "\n".join([
        r"\chapter*{Summary of the checks}", r"\addcontentsline{toc}{chapter}{Summary of the checks}",
        prose(totals(derivations)) + "." + (f" {prose(shown)}." if shown else ""),
        r"\begin{longtable}{r p{0.5\linewidth} r r r l}", r"\toprule",
        r"\# & derivation & steps & shown & proved & check \\", r"\midrule", r"\endhead",
        *rows, r"\bottomrule", r"\end{longtable}", *failures])


def book(derivations: list[Derivation], depth: int | None = DEFAULT_DEPTH,
         experiments: list[tuple[Experiment, Findings]] = (), base: Path = Path()) -> str:
    """The whole book; `depth` the level of detail of the main text, figures' paths relative to `base`."""
    parts = [preamble("report"), CHAPTER_HEAD, rf"\title{{{prose(TITLE)}}}", r"\date{}", r"\begin{document}",
             r"\maketitle", r"\tableofcontents", _preface(), r"\part{Derivations}",
             *(body(d, r"\chapter", depth, WHERE) for d in derivations)]
    if experiments:
        parts += [r"\part{Experiments}", *(_experiment(entry, findings, base) for entry, findings in experiments)]
    parts.append(_summary_table(derivations, depth))
    appendices = [a for a in (appendix(d, depth, r"\chapter") for d in derivations) if a]
    if appendices:
        parts += [r"\appendix", r"\part*{Appendix: the detailed steps}",
                  r"\addcontentsline{toc}{part}{Appendix: the detailed steps}", *appendices]
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"
