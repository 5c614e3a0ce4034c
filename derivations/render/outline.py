"""The outline every renderer shares: numbered steps, their checks, totals, and prose cut into inline pieces.

A derivation is shown as its numbered steps (1, 2, 2.1, …; the result is R,
its substeps R.1, …), in the order of `Derivation.all_steps()`. A level of
detail (`depth`) decides which steps the main text shows: the top level
always, substeps down to `depth` levels, and never a substep whose rule a
textbook leaves to the reader (FOLDED_RULES); the rest are folded (an HTML
`<details>`, the PDF's appendix, a count in the terminal), never dropped from
the counts, and never folded when they are not proved. Prose
(justifications, summaries, remarks) is cut into inline pieces: `$…$` math,
`` `code` ``, `^{…}`/`_{…}` scripts and plain text, which each renderer maps
through its own table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.verify.verdict import Status

from ..derivation import Derivation

UNCHECKED = "unchecked"  # a step without a verdict; shown as not proved

# The rules a textbook leaves to the reader: a substep by one of them is folded at every depth. Their names are
# the rule table's own (symbolic/calculus/steps.py; tests/derivations/test_book_layout.py holds them equal).
FOLDED_RULES = frozenset({"constant", "identity", "constant multiple", "sum rule"})
DEFAULT_DEPTH = 2  # what a textbook shows: each step and the substeps that carry the argument


@dataclass(frozen=True)
class Numbered:
    """A step with its place in the outline: label '2.1', depth 1; `shown` in the main text, or folded."""

    label: str
    depth: int
    step: Step
    shown: bool = True

    @property
    def parent(self) -> str:
        """The label of the step this one is a substep of ('2.1.3' -> '2.1'; '' at the top level)."""
        return self.label.rpartition(".")[0]

    @property
    def status(self) -> str:
        return status(self.step)

    @property
    def proved(self) -> bool:
        return self.status == Status.PROVED


def status(step: Step) -> str:
    """The step's own check: proved, refuted, undecided, error, or unchecked."""
    return step.verdict.status if step.verdict is not None else UNCHECKED


def outline(d: Derivation, depth: int | None = None) -> list[Numbered]:
    """Every step and substep of `d`, numbered, depth first; the result and its substeps come last.

    With a `depth`, a step is shown when its parent is, it lies less than `depth` levels down and its rule
    is not one of FOLDED_RULES (the top level always shows), or when it is not proved; None shows all.
    """
    out: list[Numbered] = []

    def walk(step: Step, label: str, level: int, parent_shown: bool) -> None:
        shown = not step.proved or (parent_shown and _shows(step, level, depth))
        out.append(Numbered(label, level, step, shown))
        for k, sub in enumerate(step.substeps, start=1):
            walk(sub, f"{label}.{k}", level + 1, shown)

    for k, step in enumerate(d.steps, start=1):
        walk(step, str(k), 0, True)
    walk(d.result, "R", 0, True)
    return out


def _shows(step: Step, level: int, depth: int | None) -> bool:
    if depth is None or level == 0:
        return True
    return level < depth and step.rule not in FOLDED_RULES


@dataclass(frozen=True)
class Fold:
    """The folded substeps under one shown step: `steps` in outline order, the first of them its direct substeps."""

    parent: Numbered
    steps: tuple[Numbered, ...]

    @property
    def span(self) -> str:
        """'4.1', '4.1, 4.3' (the folded direct substeps), or '4.1–4.5' for more than three."""
        labels = [n.label for n in self.roots]
        return ", ".join(labels) if len(labels) <= 3 else f"{labels[0]}–{labels[-1]}"

    @property
    def roots(self) -> tuple[Numbered, ...]:
        return tuple(n for n in self.steps if n.parent == self.parent.label)

    @property
    def rules(self) -> str:
        """The rules of the folded steps, each once, in order: 'sum rule, constant, identity'."""
        return ", ".join(dict.fromkeys(n.step.rule for n in self.steps))


def folds(entries: list[Numbered]) -> dict[str, Fold]:
    """Shown step's label -> the folded substeps under it (a folded step's own substeps are folded with it)."""
    by_label = {n.label: n for n in entries}
    found: dict[str, list[Numbered]] = {}
    for n in entries:
        if n.shown:
            continue
        owner = n
        while not by_label[owner.parent].shown:
            owner = by_label[owner.parent]
        found.setdefault(owner.parent, []).append(n)
    return {label: Fold(by_label[label], tuple(steps)) for label, steps in found.items()}


def shown_note(entries: list[Numbered], where: str) -> str:
    """'; 12 shown, the other 77 in the appendix' after a count of steps, or '' when every step is shown."""
    folded = sum(not n.shown for n in entries)
    if not folded:
        return ""
    return f"; {len(entries) - folded} shown, the other {folded} {where}"


def entries(step: Step) -> list[tuple[str, sp.Basic, sp.Basic]]:
    """The step's shown sides entry by entry, labelled "1", "2", … (a column) or "(1,2)", …, when both are
    matrices of one shape larger than 1×1 (how a display too wide for the line is set); else none."""
    before, after = step.shown_sides
    if not (isinstance(before, sp.MatrixBase) and isinstance(after, sp.MatrixBase)):
        return []
    if before.shape != after.shape or before.shape == (1, 1):
        return []
    rows, cols = before.shape
    return [(str(r + 1) if cols == 1 else f"({r + 1},{c + 1})", before[r, c], after[r, c])
            for r in range(rows) for c in range(cols)]


def unproved(d: Derivation) -> list[Numbered]:
    return [n for n in outline(d) if not n.proved]


def explanation(step: Step) -> str:
    """Why a step is not proved, as prose with inline `$…$` math ('' when it is proved)."""
    verdict = step.verdict
    if verdict is None:
        return "no check was run"
    if verdict.status == Status.PROVED:
        return ""
    parts = [verdict.detail.strip()]
    example = verdict.counterexample
    if example is not None:
        values = r",\ ".join(f"{name} = {value}" for name, value in example.values.items())
        parts.append(f"At ${values}$: left side ${example.lhs}$, right side ${example.rhs}$.")
    elif verdict.evidence:
        parts.append(f"Evidence: {verdict.evidence.strip()}.")
    return " ".join(p for p in parts if p)


def by_fallback(d: Derivation) -> list[Numbered]:
    """The steps SymPy computed because no rule is registered for their head (checked like every step)."""
    return [n for n in outline(d) if n.step.by_fallback]


def fallback_note(d: Derivation) -> str:
    """' (2 by SymPy's fallback)' after a derivation's count of steps, or '' when no step needed SymPy's fallback."""
    count = len(by_fallback(d))
    return f" ({count} by SymPy's fallback)" if count else ""


def summary_line(d: Derivation) -> str:
    """'All 14 steps proved.' or the loud list of those that are not; steps by SymPy's fallback counted if any."""
    steps, missing, note = outline(d), unproved(d), fallback_note(d)
    if not missing:
        return f"All {len(steps)} steps proved{note}."
    listed = ", ".join(f"{n.label} ({n.step.rule}: {n.status})" for n in missing)
    return f"NOT PROVED: {len(missing)} of {len(steps)} steps{note}: {listed}."


def shown_totals(derivations: list[Derivation], depth: int | None, where: str) -> str:
    """'120 of the 413 steps shown in the main text, the other 293 in the appendix' ('' when all are shown)."""
    entries = [n for d in derivations for n in outline(d, depth)]
    shown = sum(n.shown for n in entries)
    if shown == len(entries):
        return ""
    return f"{shown} of the {len(entries)} steps shown in the main text, the other {len(entries) - shown} {where}"


def totals(derivations: list[Derivation]) -> str:
    """The book's line: '16 derivations, 413 steps, 413 proved, 0 not proved, 0 by SymPy's fallback'."""
    steps = sum(len(outline(d)) for d in derivations)
    missing = sum(len(unproved(d)) for d in derivations)
    fallback = sum(len(by_fallback(d)) for d in derivations)
    return (f"{len(derivations)} derivations, {steps} steps, {steps - missing} proved, {missing} not proved, "
            f"{fallback} by SymPy's fallback")


# ---------------------------------------------------------------- inline pieces
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INLINE = re.compile(r"\$(?P<math>[^$]+)\$"
                     r"|`(?P<code>[^`]+)`"
                     r"|(?<=[^\s_^$])(?P<op>[_^])(?P<script>\{[^{}$]*\}|[A-Za-z0-9](?![A-Za-z0-9]))")
SCRIPT_KIND = {"^": "sup", "_": "sub"}


def clean(text: str) -> str:
    """Control characters (a LaTeX backslash eaten by a Python escape, '\\a' for '\\approx') shown as '\ufffd'."""
    return _CONTROL.sub("\ufffd", text)


def inline(text: str) -> list[tuple[str, str]]:
    """Prose cut into (kind, content) pieces; kinds: text, math, code, sup, sub."""
    text, pieces, start = clean(text), [], 0
    for match in _INLINE.finditer(text):
        if match.start() > start:
            pieces.append(("text", text[start:match.start()]))
        if match.group("math") is not None:
            pieces.append(("math", match.group("math").strip()))
        elif match.group("code") is not None:
            pieces.append(("code", match.group("code")))
        else:
            script = match.group("script")
            pieces.append((SCRIPT_KIND[match.group("op")], script[1:-1] if script.startswith("{") else script))
        start = match.end()
    if start < len(text):
        pieces.append(("text", text[start:]))
    return pieces


# ---------------------------------------------------------------- LaTeX every renderer reads
FUNCTIONS = ("ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh")  # SymPy writes \ln{\left(x\right)}
_FUNCTION_GROUP = re.compile(rf"\\(?:{'|'.join(FUNCTIONS)})(\{{)\\left\(")


def unbrace(latex: str) -> str:
    r"""\ln{\left(x\right)} → \ln\left(x\right): the braces only hide the argument."""
    drop: set[int] = set()
    for match in _FUNCTION_GROUP.finditer(latex):
        depth, start = 0, match.start(1)
        for k in range(start, len(latex)):
            if latex[k] in "{}" and latex[k - 1] != "\\":
                depth += 1 if latex[k] == "{" else -1
                if depth == 0:
                    if latex[:k].endswith(r"\right)"):
                        drop |= {start, k}
                    break
    return "".join(c for k, c in enumerate(latex) if k not in drop)
