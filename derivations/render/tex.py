"""Standalone LaTeX (`article`, amsmath/amssymb) for pdflatex: one derivation, or the whole book.

The output is pure ASCII: every non-ASCII character of the prose and of the
math (σ, −, ², ⁽¹⁾, θ, x̄, …) goes through the tables below, so nothing
depends on the input encoding. Each equation is set in display style and,
when it is wider than the line, as inline math with fixed-size brackets that
TeX may break at its + and = (`\\dleq` in the preamble), so no step runs off
the page; a matrix equation too wide for the line is set entry by entry.
Steps below the level of detail (outline.py) go to an appendix, each
reachable by a link from the step it belongs to.
"""

from __future__ import annotations

import re
import unicodedata

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.notation.writer import RELATION_LATEX, to_latex
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from . import plain
from .outline import (
    UNCHECKED,
    Fold,
    Numbered,
    entries,
    explanation,
    fallback_note,
    folds,
    inline,
    outline,
    shown_note,
    status,
    unbrace,
    unproved,
)
from .unicode import MATH_SYMBOL, SUBSCRIPT, SUPERSCRIPT

MARK = {
    Status.PROVED: r"\dlproved",
    Status.REFUTED: r"\dlnotproved{refuted}",
    Status.UNDECIDED: r"\dlnotproved{undecided}",
    Status.ERROR: r"\dlnotproved{error}",
    UNCHECKED: r"\dlnotproved{unchecked}",
}

PREAMBLE = r"""\documentclass[11pt]{DOCUMENTCLASS}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.3cm]{geometry}
\usepackage{xcolor}
\usepackage{longtable,booktabs,tabularx}
\definecolor{dlgreen}{rgb}{0.0,0.45,0.15}
\definecolor{dlred}{rgb}{0.8,0.0,0.0}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.4ex}
\setlength{\emergencystretch}{3em}  % a long file name or quotation stretches its line rather than overflowing
\renewcommand{\labelitemi}{$\bullet$}  % the text bullet would need bitmap TS1 fonts
\newcommand{\dlproved}{\textcolor{dlgreen}{$\checkmark$\,proved}}
\newcommand{\dlfail}[1]{\textcolor{dlred}{\textbf{$\boldsymbol{\times}$\,#1}}}
\newcommand{\dlnotproved}[1]{\dlfail{NOT PROVED (#1)}}
\newsavebox{\dlbox}
% One step's relation in display style, centred; when wider than the line, as breakable inline math (#4).
\newcommand{\dleq}[4]{\par\nopagebreak\smallskip\sbox{\dlbox}{$\displaystyle #1 #2 #3$}%
  \ifdim\wd\dlbox>\linewidth
    {\raggedright\hangindent=2em\hangafter=1 #4\par}%
  \else{\centering\usebox{\dlbox}\par}\fi\smallskip}
% A step's check, set flush right at the end of its first paragraph (Knuth's \signed).
\newcommand{\dlmark}[1]{{\unskip\nobreak\hfil\penalty50\hskip1em\hbox{}\nobreak\hfill#1%
  \parfillskip=0pt\finalhyphendemerits=0\par}}
\newenvironment{dlstep}[1]{\begin{list}{}{\setlength{\leftmargin}{#1}\setlength{\topsep}{0.6ex}}\item[]}{\end{list}}
\usepackage[bookmarks=true,bookmarksnumbered=true,bookmarksopen=true,colorlinks=true,linkcolor=dllink,
  urlcolor=dllink,pdftitle={PDFTITLE},pdfcreator={dlmath}]{hyperref}
\definecolor{dllink}{rgb}{0.05,0.2,0.55}
"""
TITLE = "dlmath: the derivations, every step machine-checked"


def preamble(documentclass: str = "article", title: str = TITLE) -> str:
    """The preamble: `article` for one derivation, `report` (chapters and parts) for the book."""
    return PREAMBLE.replace("DOCUMENTCLASS", documentclass).replace("PDFTITLE", bookmark(title))


def bookmark(text: str) -> str:
    r"""Prose as the plain ASCII a PDF bookmark or title shows: 'sigma'(x) = h\_k', Greek by name, no math mode.

    The prose is first made plain Unicode (plain.py: $\sigma'(x)$ → σ′(x), h_{k-1} → hₖ₋₁), then each character
    ASCII that hyperref's PDF strings accept: a script as _k or ^(k-1), a symbol by its usual ASCII spelling.
    """
    out = []
    for run in _BOOKMARK_RUNS.finditer(unicodedata.normalize("NFC", plain.prose(text))):
        if run.group("sup") or run.group("sub"):
            mark, table = ("^", SUPERSCRIPT) if run.group("sup") else ("_", SUBSCRIPT)
            base = "".join(BOOKMARK_ASCII.get(table[c], table[c]) for c in run.group())
            bracketed = len(base) == 1 or re.fullmatch(r"\([^()]*\)", base)
            out.append(BOOKMARK_ESCAPE[mark] + (base if bracketed else f"({base})"))
        else:
            if out and out[-1] in _GREEK_NAMES and run.group().isalnum():
                out.append(" ")  # Δx → 'Delta x', not 'Deltax'
            out.append(_bookmark_char(run.group()))
    return re.sub(" {2,}", " ", "".join(out))


def _bookmark_char(c: str) -> str:
    if c.isascii():
        return BOOKMARK_ESCAPE.get(c, c)
    if c in BOOKMARK_ASCII:
        return BOOKMARK_ASCII[c]
    if c in _GREEK:
        return _GREEK[c]
    return unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()


BOOKMARK_ESCAPE = {"\\": "", "{": "", "}": "", "$": "", "%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_",
                   "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
BOOKMARK_ASCII = {"∑": "sum ", "∏": "prod ", "∫": "int ", "∂": "d", "∇": "grad ", "‖": "||", "≤": "<=", "≥": ">=",
                  "≠": "!=", "≈": "~", "→": "->", "←": "<-", "↦": "->", "⇔": "<=>", "⇒": "=>", "⊙": "(.)",
                  "⊗": "(x)", "⊕": "(+)", "×": "x", "·": ".", "−": "-", "±": "+-", "∓": "-+", "√": "sqrt",
                  "∞": "inf", "∈": " in ", "ℓ": "l", "′": "'", "″": "''", "…": "...", "–": "-", "—": "-",
                  "’": "'", "‘": "'", "“": '"', "”": '"', "ᵀ": "^T"}
_GREEK = {c: tex[1:] for c, tex in MATH_SYMBOL.items() if unicodedata.name(c, "").startswith("GREEK") and "\\" in tex}
_GREEK_NAMES = frozenset(_GREEK.values())
_BOOKMARK_RUNS = re.compile(f"(?P<sup>[{re.escape(''.join(c for c in SUPERSCRIPT if c != 'ᵀ'))}]+)"
                            f"|(?P<sub>[{re.escape(''.join(SUBSCRIPT))}]+)|.", re.DOTALL)


# ---------------------------------------------------------------- characters
TEXT_ESCAPE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\ensuremath{\$}", "&": r"\&", "%": r"\%",
               "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
               ">": r"\textgreater{}", "|": r"\textbar{}"}
MATH_ESCAPE = {"%": r"\%", "#": r"\#"}
TEXT_SYMBOL = {"…": r"\ldots{}", "–": r"\text{--}", "—": r"\text{---}", "‘": r"\text{`}", "’": r"\text{'}",
               "“": r"\text{``}", "”": r"\text{''}", "\u00a0": "~", "°": r"\ensuremath{^\circ}", "§": r"\S{}"}


TEXT_ACCENT = {"\u0300": "\\`", "\u0301": "\\'", "\u0302": "\\^", "\u0303": "\\~", "\u0304": "\\=",
               "\u0307": "\\.", "\u0308": '\\"', "\u0327": "\\c"}
MATH_ACCENT = {"\u0300": r"\grave", "\u0301": r"\acute", "\u0302": r"\hat", "\u0303": r"\tilde",
               "\u0304": r"\bar", "\u0307": r"\dot", "\u0308": r"\ddot", "\u0327": r"\c"}
_CHARS = re.compile(f"(?P<sup>[{re.escape(''.join(SUPERSCRIPT))}]+)|(?P<sub>[{re.escape(''.join(SUBSCRIPT))}]+)"
                    r"|(?P<accented>.[\u0300-\u036f])|(?P<char>.)", re.DOTALL)


def _char(c: str, math: bool) -> str:
    if c.isascii():
        return (MATH_ESCAPE if math else TEXT_ESCAPE).get(c, c)
    if c in MATH_SYMBOL:
        return rf"\ensuremath{{{MATH_SYMBOL[c]}}}"
    if c in TEXT_SYMBOL:
        return TEXT_SYMBOL[c]
    return rf"\textbf{{[U+{ord(c):04X}]}}"  # visible, and it compiles


def _ascii(text: str, math: bool) -> str:
    """Text (math=False) or math (math=True) with every non-ASCII character written in LaTeX."""
    def one(m: re.Match[str]) -> str:
        if m.group("sup"):
            return rf"\ensuremath{{{{}}^{{{''.join(_char(SUPERSCRIPT[c], True) for c in m.group('sup'))}}}}}"
        if m.group("sub"):
            return rf"\ensuremath{{{{}}_{{{''.join(_char(SUBSCRIPT[c], True) for c in m.group('sub'))}}}}}"
        if m.group("accented"):
            base, accent = m.group("accented")[0], m.group("accented")[1]
            table = MATH_ACCENT if math else TEXT_ACCENT
            return f"{table[accent]}{{{_char(base, math)}}}" if accent in table else _char(base, math)
        return _char(m.group("char"), math)
    return _CHARS.sub(one, unicodedata.normalize("NFD", text))


def math(latex: str) -> str:
    """LaTeX math from our writer or a justification, safe for pdflatex."""
    return _ascii(latex, math=True)


# \left( … \right) cannot break across lines: where math must break, fixed-size delimiters replace them.
BREAKABLE = {r"\left(": "(", r"\right)": ")", r"\left[": "[", r"\right]": "]", r"\left|": "|", r"\right|": "|",
             r"\left\{": r"\{", r"\right\}": r"\}", r"\left.": "", r"\right.": ""}
_DELIMITER = re.compile("|".join(re.escape(k) for k in sorted(BREAKABLE, key=len, reverse=True)))


def breakable(latex: str, big: str = "") -> str:
    """Math that TeX may break across lines: fixed delimiters (`big` = '\\big' for \\bigl( … \\bigr))."""
    def one(m: re.Match[str]) -> str:
        delimiter = BREAKABLE[m.group()]
        if not big or not delimiter:
            return delimiter
        return big + ("l" if m.group().startswith(r"\left") else "r") + delimiter
    return _DELIMITER.sub(one, unbrace(latex))


INLINE = {
    "text": lambda s: _ascii(s, math=False),
    "math": lambda s: f"${breakable(math(s))}$",
    "code": lambda s: code(s),
    "sup": lambda s: rf"\textsuperscript{{{_ascii(s, math=False)}}}",
    "sub": lambda s: rf"\textsubscript{{{_ascii(s, math=False)}}}",
}


def code(text: str) -> str:
    r"""Code or a file name in typewriter type, breakable after its underscores and hyphens (`\allowbreak`)."""
    escaped = re.sub(r"(\\_|-(?=[A-Za-z]))", r"\1\\allowbreak{}", _ascii(text, math=False))
    return r"\texttt{" + escaped + "}"


def prose(text: str) -> str:
    """Prose with inline $…$ math as LaTeX text."""
    return "".join(INLINE[kind](content) for kind, content in inline(text))


# ---------------------------------------------------------------- derivations
MAX_INDENT = 6  # em: substeps nest ten deep in the chain rule through a network
def mark(step: Step) -> str:
    return MARK.get(status(step), MARK[UNCHECKED])


def _inline(latex: str) -> str:
    return "$" + breakable(latex, r"\big") + "$"


def equation(step: Step) -> str:
    """The step's relation, centred; too wide for the line: breakable inline math, or a matrix entry by entry."""
    shown_before, shown_after = step.shown_sides
    before, after = math(to_latex(shown_before)), math(to_latex(shown_after))
    relation = RELATION_LATEX[step.relation]
    broken = _inline(f"{before} {relation} {after}")
    if entrywise := entries(step):
        broken = r"\par ".join(rf"entry ${label}$: " + _inline(f"{math(to_latex(left))} {relation} "
                                                               f"{math(to_latex(right))}")
                                for label, left, right in entrywise)
    return rf"\dleq{{{before}}}{{{relation}}}{{{after}}}{{{broken}}}"


def step_label(d: Derivation, n: Numbered) -> str:
    return f"s:{d.name}:{n.label}"


def _step(d: Derivation, n: Numbered, fold: Fold | None = None, indent_from: int = 0) -> str:
    head = (rf"\textbf{{{n.label}}}\quad \textsc{{{prose(n.step.rule)}}}: {prose(n.step.justification)}"
            rf"\dlmark{{{mark(n.step)}}}")
    why = "" if n.proved else rf"\textcolor{{dlred}}{{{prose(explanation(n.step))}}}\par"
    indent = f"{min(n.depth - indent_from, MAX_INDENT)}em"
    pointer = ""
    if fold is not None:
        pointer = (rf"\par{{\small\itshape Substeps {fold.span} ({len(fold.steps)} in all: {prose(fold.rules)}), "
                   rf"each proved: \hyperref[{step_label(d, fold.roots[0])}]{{in the appendix, "
                   rf"p.~\pageref*{{{step_label(d, fold.roots[0])}}}}}.}}\par")
    return (rf"\begin{{dlstep}}{{{indent}}}" + "\n" + rf"\phantomsection\label{{{step_label(d, n)}}}" + head + "\n"
            + why + "\n" + equation(n.step) + pointer + "\n" + r"\end{dlstep}")


def _verdict_line(d: Derivation, entries: list[Numbered] | None = None, where: str = "in the appendix") -> str:
    steps, missing, note = outline(d), unproved(d), prose(fallback_note(d))
    shown = shown_note(entries, where) if entries is not None else ""
    if not missing:
        return rf"\textcolor{{dlgreen}}{{$\checkmark$ All {len(steps)} steps proved{note}{prose(shown)}.}}"
    listed = ", ".join(f"{n.label} ({prose(n.step.rule)}: {n.status})" for n in missing)
    return rf"\dlfail{{NOT PROVED: {len(missing)} of {len(steps)} steps{note}: {listed}.}}"


def assumption(latex: str) -> str:
    r"""An assumption as prose: its outermost `\text{…}` pieces as text that may break, the rest as breakable math."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(latex):
        if depth == 0 and latex.startswith(r"\text{", k):
            end = _closing(latex, k + 5)
            out += [_math_piece(latex[start:k]), _ascii(latex[k + 6:end], math=False)]
            start = k = end + 1
            continue
        if latex[k] in "{}" and latex[k - 1:k] != "\\":
            depth += 1 if latex[k] == "{" else -1
        k += 1
    out.append(_math_piece(latex[start:]))
    return "".join(out).strip()


def _closing(latex: str, start: int) -> int:
    """The index of the brace that closes the one at latex[start]."""
    depth = 0
    for k in range(start, len(latex)):
        if latex[k] in "{}" and latex[k - 1] != "\\":
            depth += 1 if latex[k] == "{" else -1
            if depth == 0:
                return k
    return len(latex) - 1


def _math_piece(latex: str) -> str:
    piece = latex.strip().strip(",").removesuffix("\\").strip().removesuffix(",").strip()
    return _inline(math(piece)) + " " if piece else ""


def notation(d: Derivation) -> str:
    """The chapter's symbols as a small table ('' when the record names none)."""
    if not d.notation:
        return ""
    rows = "\n".join(rf"${math(symbol)}$ & {prose(meaning)} \\" for symbol, meaning in d.notation)
    # Rows a little apart, so that one row's subscripts do not touch the next row's superscripts (w^{F}_{kuv}).
    return "\n".join([r"\textbf{Notation.}\par\smallskip", r"{\renewcommand{\arraystretch}{1.3}",
                      r"\begin{tabularx}{\linewidth}{@{\quad}l@{\quad}X@{}}", rows, r"\end{tabularx}}"])


HEADINGS = {  # the heading of a derivation -> the heading of its parts (Steps, Result, …)
    r"\chapter": r"\section*", r"\section": r"\subsection*", r"\section*": r"\subsection*"}


def body(d: Derivation, heading: str = r"\section", depth: int | None = None, where: str = "in the appendix") -> str:
    """One derivation: summary, notation, assumptions, numbered steps to `depth`, result, remarks, sources."""
    sub = HEADINGS[heading]
    title = rf"\texorpdfstring{{{prose(d.title)}}}{{{bookmark(d.title)}}}"
    parts = [rf"{heading}{{{title}}}\label{{d:{d.name}}}", prose(d.summary)]
    if unproved(d):
        parts.append(_verdict_line(d))
    if d.notation:
        parts.append(notation(d))
    if d.assumptions:
        items = "\n".join(rf"\item {assumption(a)}" for a in d.assumptions)
        parts.append(r"\textbf{Assumptions.}" + "\n" + r"\begin{itemize}" + "\n" + items + "\n" + r"\end{itemize}")
    entries = outline(d, depth)
    folded = folds(entries)

    def steps(result: bool) -> list[str]:
        return [_step(d, n, folded.get(n.label)) for n in entries
                if n.shown and (n.label == "R" or n.label.startswith("R.")) == result]

    parts += [rf"{sub}{{Steps}}", *steps(result=False), rf"{sub}{{Result}}", *steps(result=True)]
    if d.remarks:
        parts += [rf"{sub}{{Remarks}}", *(prose(r) for r in d.remarks)]
    verdict = _verdict_line(d, entries, where)
    if d.sources:
        # one unbreakable block with the verdict line, which closes the chapter: never alone at the top of a page
        items = "\n".join(rf"\item {prose(s.citation)}" for s in d.sources)
        parts += [rf"{sub}{{Sources}}", r"\noindent\begin{minipage}{\linewidth}{\raggedright\begin{itemize}" + "\n"
                  + items + "\n" + r"\end{itemize}\par}" + "\n" + verdict + r"\end{minipage}"]
    else:
        parts.append(verdict)
    return "\n\n".join(parts) + "\n"


def appendix(d: Derivation, depth: int | None, heading: str = r"\section") -> str:
    """The steps `body` folded at `depth`, under the step each belongs to ('' when nothing is folded)."""
    folded = folds(outline(d, depth))
    if not folded:
        return ""
    sub = HEADINGS[heading]
    title = rf"\texorpdfstring{{{prose(d.title)}}}{{{bookmark(d.title)}}}"
    parts = [rf"{heading}{{{title}}}\label{{a:{d.name}}}",
             rf"The substeps folded in the main text of \hyperref[d:{d.name}]{{this chapter}}, each with its check."]
    for fold in folded.values():
        parent = fold.parent
        parts.append(rf"{sub}{{Under step {parent.label} ({prose(parent.step.rule)})}}"
                     rf"\hyperref[{step_label(d, parent)}]{{back to step {parent.label}, p.~"
                     rf"\pageref*{{{step_label(d, parent)}}}}}")
        parts += [_step(d, n, indent_from=parent.depth + 1) for n in fold.steps]
    return "\n\n".join(parts) + "\n"


def render(d: Derivation, depth: int | None = None) -> str:
    """A standalone LaTeX article for one derivation; steps below `depth` in a last section (None: all inline)."""
    rest = appendix(d, depth, r"\section*")
    if rest:
        rest = rest.replace(r"\section*{", r"\section*{Detailed steps: ", 1)
    return (preamble("article", bookmark(d.title)) + "\\begin{document}\n\n" + body(d, r"\section*", depth, "below")
            + "\n" + rest + "\n\\end{document}\n")
