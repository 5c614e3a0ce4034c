"""Standalone LaTeX (`article`, amsmath/amssymb) for pdflatex: one derivation, or the whole book.

The output is pure ASCII: every non-ASCII character of the prose and of the
math (σ, −, ², ⁽¹⁾, θ, x̄, …) goes through the tables below, so nothing
depends on the input encoding. Each equation is set in display style and,
when it is wider than the line, as inline math with fixed-size brackets that
TeX may break at its + and = (`\\dleq` in the preamble), so no step runs off
the page.
"""

from __future__ import annotations

import re
import unicodedata

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.notation.writer import RELATION_LATEX, to_latex
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation
from .outline import UNCHECKED, Numbered, explanation, fallback_note, inline, outline, status, totals, unbrace, unproved

MARK = {
    Status.PROVED: r"\dlproved",
    Status.REFUTED: r"\dlnotproved{refuted}",
    Status.UNDECIDED: r"\dlnotproved{undecided}",
    Status.ERROR: r"\dlnotproved{error}",
    UNCHECKED: r"\dlnotproved{unchecked}",
}

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.3cm]{geometry}
\usepackage{xcolor}
\usepackage{longtable,booktabs}
\definecolor{dlgreen}{rgb}{0.0,0.45,0.15}
\definecolor{dlred}{rgb}{0.8,0.0,0.0}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.4ex}
\renewcommand{\labelitemi}{$\bullet$}  % the text bullet would need bitmap TS1 fonts
\newcommand{\dlproved}{\textcolor{dlgreen}{$\checkmark$\,proved}}
\newcommand{\dlfail}[1]{\textcolor{dlred}{\textbf{$\boldsymbol{\times}$\,#1}}}
\newcommand{\dlnotproved}[1]{\dlfail{NOT PROVED (#1)}}
\newsavebox{\dlbox}
% One step's relation in display style, centred; when wider than the line, as breakable inline math (#4).
\newcommand{\dleq}[4]{\par\nopagebreak\smallskip\sbox{\dlbox}{$\displaystyle #1 #2 #3$}%
  \ifdim\wd\dlbox>\linewidth
    {\raggedright\hangindent=2em\hangafter=1 $#4$\par}%
  \else{\centering\usebox{\dlbox}\par}\fi\smallskip}
% A step's check, set flush right at the end of its first paragraph (Knuth's \signed).
\newcommand{\dlmark}[1]{{\unskip\nobreak\hfil\penalty50\hskip1em\hbox{}\nobreak\hfill#1%
  \parfillskip=0pt\finalhyphendemerits=0\par}}
\newenvironment{dlstep}[1]{\begin{list}{}{\setlength{\leftmargin}{#1}\setlength{\topsep}{0.6ex}}\item[]}{\end{list}}
"""

# ---------------------------------------------------------------- characters
TEXT_ESCAPE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\ensuremath{\$}", "&": r"\&", "%": r"\%",
               "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
               ">": r"\textgreater{}", "|": r"\textbar{}"}
MATH_ESCAPE = {"%": r"\%", "#": r"\#"}
MATH_SYMBOL = {  # each works in text and in math, wrapped in \ensuremath
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon", "ζ": r"\zeta", "η": r"\eta",
    "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa", "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi",
    "ο": "o", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "ς": r"\varsigma", "τ": r"\tau", "υ": r"\upsilon",
    "φ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta",
    "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi", "Σ": r"\Sigma", "Υ": r"\Upsilon", "Φ": r"\Phi", "Ψ": r"\Psi",
    "Ω": r"\Omega", "∂": r"\partial", "∇": r"\nabla", "−": "-", "·": r"\cdot", "⋅": r"\cdot", "×": r"\times",
    "÷": r"\div", "±": r"\pm", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv",
    "∼": r"\sim", "∝": r"\propto", "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow", "↦": r"\mapsto",
    "∈": r"\in", "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∩": r"\cap", "∪": r"\cup",
    "∅": r"\emptyset", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "√": r"\surd",
    "⊙": r"\odot", "⊗": r"\otimes", "∘": r"\circ", "∗": r"\ast", "‖": r"\|", "⊤": r"\top", "∀": r"\forall",
    "∃": r"\exists", "⟨": r"\langle", "⟩": r"\rangle", "ℓ": r"\ell", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}",
    "ℤ": r"\mathbb{Z}", "′": r"{}^{\prime}", "″": r"{}^{\prime\prime}", "½": r"\tfrac{1}{2}",
    "\ufffd": r"\blacksquare",  # a character the text should not contain (see outline.clean)
}
TEXT_SYMBOL = {"…": r"\ldots{}", "–": r"\text{--}", "—": r"\text{---}", "‘": r"\text{`}", "’": r"\text{'}",
               "“": r"\text{``}", "”": r"\text{''}", "\u00a0": "~", "°": r"\ensuremath{^\circ}"}
def _scripts(tag: str) -> dict[str, str]:
    """Unicode's own table of superscript (tag '<super>') or subscript ('<sub>') characters: 'ⁱ' -> 'i'."""
    blocks = (range(0x00A0, 0x0100), range(0x02B0, 0x0370), range(0x1D00, 0x1DC0), range(0x2070, 0x20A0),
              range(0x2C7C, 0x2C7D))
    table = {}
    for code in (c for block in blocks for c in block):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == tag:
            table[chr(code)] = chr(int(parts[1], 16))
    return table


SUPERSCRIPT, SUBSCRIPT = _scripts("<super>"), _scripts("<sub>")

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
    "code": lambda s: rf"\texttt{{{_ascii(s, math=False)}}}",
    "sup": lambda s: rf"\textsuperscript{{{_ascii(s, math=False)}}}",
    "sub": lambda s: rf"\textsubscript{{{_ascii(s, math=False)}}}",
}


def prose(text: str) -> str:
    """Prose with inline $…$ math as LaTeX text."""
    return "".join(INLINE[kind](content) for kind, content in inline(text))


# ---------------------------------------------------------------- derivations
MAX_INDENT = 6  # em: substeps nest ten deep in the chain rule through a network
def mark(step: Step) -> str:
    return MARK.get(status(step), MARK[UNCHECKED])


def equation(step: Step) -> str:
    before, after = math(to_latex(step.before)), math(to_latex(step.after))
    relation = RELATION_LATEX[step.relation]
    broken = breakable(f"{before} {relation} {after}", r"\big")
    return rf"\dleq{{{before}}}{{{relation}}}{{{after}}}{{{broken}}}"


def _step(n: Numbered) -> str:
    head = (rf"\textbf{{{n.label}}}\quad \textsc{{{prose(n.step.rule)}}}: {prose(n.step.justification)}"
            rf"\dlmark{{{mark(n.step)}}}")
    why = "" if n.proved else rf"\textcolor{{dlred}}{{{prose(explanation(n.step))}}}\par"
    indent = f"{min(n.depth, MAX_INDENT)}em"
    return (rf"\begin{{dlstep}}{{{indent}}}" + "\n" + head + "\n" + why + "\n" + equation(n.step) + "\n"
            + r"\end{dlstep}")


def _verdict_line(d: Derivation) -> str:
    steps, missing, note = outline(d), unproved(d), prose(fallback_note(d))
    if not missing:
        return rf"\textcolor{{dlgreen}}{{$\checkmark$ All {len(steps)} steps proved{note}.}}"
    listed = ", ".join(f"{n.label} ({prose(n.step.rule)}: {n.status})" for n in missing)
    return rf"\dlfail{{NOT PROVED: {len(missing)} of {len(steps)} steps{note}: {listed}.}}"


def body(d: Derivation, heading: str = r"\section") -> str:
    """One derivation as a section: summary, assumptions, numbered steps, result, remarks, sources."""
    parts = [rf"{heading}{{{prose(d.title)}}}\label{{d:{d.name}}}", prose(d.summary)]
    if unproved(d):
        parts.append(_verdict_line(d))
    if d.assumptions:
        parts.append(r"\textbf{Assumptions:} " + "; ".join(f"${math(a)}$" for a in d.assumptions) + ".")
    steps = outline(d)
    parts += [r"\subsection*{Steps}", *(_step(n) for n in steps if n.label != "R" and not n.label.startswith("R."))]
    parts += [r"\subsection*{Result}", *(_step(n) for n in steps if n.label == "R" or n.label.startswith("R."))]
    if d.remarks:
        parts += [r"\subsection*{Remarks}", *(prose(r) for r in d.remarks)]
    if d.sources:
        items = "\n".join(rf"\item {prose(s.citation)}" for s in d.sources)
        parts += [r"\subsection*{Sources}", r"\begin{itemize}" + "\n" + items + "\n" + r"\end{itemize}"]
    parts.append(_verdict_line(d))
    return "\n\n".join(parts) + "\n"


def render(d: Derivation) -> str:
    """A standalone LaTeX article for one derivation."""
    return PREAMBLE + "\\begin{document}\n\n" + body(d, r"\section*") + "\n\\end{document}\n"


def _summary_table(derivations: list[Derivation]) -> str:
    rows = []
    for k, d in enumerate(derivations, start=1):
        total, missing = len(outline(d)), len(unproved(d))
        check = rf"\dlfail{{{missing} NOT PROVED}}" if missing else r"\dlproved"
        rows.append(rf"{k} & {prose(d.title)} & {total} & {total - missing} & {check} \\")
    failures = [rf"{prose(d.title)}: {_verdict_line(d)}\par" for d in derivations if unproved(d)]
    return "\n".join([
        r"\section*{Summary of the checks}", r"\addcontentsline{toc}{section}{Summary of the checks}",
        prose(totals(derivations)) + ".",
        r"\begin{longtable}{r p{0.5\linewidth} r r l}", r"\toprule",
        r"\# & derivation & steps & proved & check \\", r"\midrule", r"\endhead",
        *rows, r"\bottomrule", r"\end{longtable}", *failures])


def book(derivations: list[Derivation]) -> str:
    """Every derivation in one article: contents, one section each, and a summary table of the checks."""
    sections = "\n".join(body(d) for d in derivations)
    return (PREAMBLE + r"\title{dlmath: the derivations, every step machine-checked}" + "\n" + r"\date{}" + "\n"
            + "\\begin{document}\n\\maketitle\n\\tableofcontents\n\\clearpage\n\n" + sections + "\n"
            + _summary_table(derivations) + "\n\n\\end{document}\n")
