"""One verdict for a claim with several plausible readings: proved or refuted only when all agree."""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from ..notation.claim import Claim
from ..notation.names import DECORATIONS, GREEK
from ..notation.reading import Reading, Readings, written_names
from ..notation.roles import latex_name
from ..notation.tokens import tokenize
from ..notation.writer import to_latex
from .engine import verify
from .verdict import Status, Verdict

DECORATION_NAMES = frozenset(DECORATIONS)


def verify_readings(found: Readings, seed: int = 0) -> tuple[Verdict, Reading]:
    """The verdict over every reading, and the reading it reports (the refuted one, or the first)."""
    verdict, reading = _over_readings(found, seed)
    return _only_written_names(verdict, found), reading


def verify_reading(claim: Claim, seed: int) -> Verdict:
    """One reading, verified; but a claim about a named quantity it never defines (MSE ≥ 0), or one
    that only introduces a name (ŷ = σ(z)), is undecided: there is no fact to check."""
    named = sorted(s.name for s in sp.Tuple(claim.lhs, claim.rhs).free_symbols
                   if isinstance(s, sp.Symbol) and len(s.name) > 1 and s.name.isalpha() and s.name not in GREEK)
    undefined = [n for n in named if n not in {str(d.target) for d in claim.definitions}]
    if undefined:
        return Verdict(Status.UNDECIDED, "undefined name",
                       f"{undefined[0]} names a quantity (MSE, KL, …) the claim does "
                       f"not define; define it with --where '\\mathrm{{{undefined[0]}}} = …'.")
    stepped = recurrence_like(claim)
    if stepped:
        return Verdict(Status.UNDECIDED, "recurrence", f"This reads as a recurrence: it defines {stepped[0]} from "
                       f"{stepped[1]} (an update rule), so there is nothing to check; a claim about the sequence "
                       "it defines can be checked once its terms are written out.")
    defined = definition_like(claim)
    if defined:
        return Verdict(Status.UNDECIDED, "definition", f"This reads as a definition of {defined}, which occurs nowhere "
                       f"else: there is nothing to check. To use it, pass it as --where '{claim.source}'.")
    return verify(claim, seed)


def definition_like(claim: Claim) -> str | None:
    """The LaTeX of the name a claim `name = expression` defines, when the name occurs nowhere else."""
    target = claim.lhs
    if claim.relation != "=" or isinstance(target, MatrixExpr):
        return None
    if isinstance(target, AppliedUndef):
        if not all(isinstance(a, sp.Symbol) for a in target.args) or len(set(target.args)) != len(target.args):
            return None
        head: object = target.func
    elif isinstance(target, sp.Indexed):
        head = target.base
    elif isinstance(target, sp.Symbol):
        head = target
    elif isinstance(target, sp.Pow) and isinstance(target.base, sp.Symbol) and target.base.name in GREEK \
            and target.exp.is_Integer and target.exp > 1:
        head = target.base  # σ^2 = \frac{1}{n}\sum_i (x_i - μ)^2 names the variance σ², as a textbook defines it
    else:
        return None
    rest = sp.Tuple(claim.rhs, *claim.conditions, *(d.value for d in claim.definitions),
                    *(d.target for d in claim.definitions))
    used = rest.atoms(sp.Symbol, sp.IndexedBase) | {a.func for a in rest.atoms(AppliedUndef)}
    return None if head in used else to_latex(target)


def recurrence_like(claim: Claim) -> tuple[str, str] | None:
    """θ_{t+1} = θ_t − η g_t: the next term of a sequence from earlier ones (the LaTeX of both), when every
    other use of the sequence is at the same index shifted by a whole number (never θ_1 = 1 − θ_2)."""
    target = claim.lhs
    if claim.relation != "=" or not isinstance(target, sp.Indexed) or not sp.Tuple(*target.indices).free_symbols:
        return None  # h_3 = u^2 h_1 + …, at concrete steps, is an unrolled claim to check
    rest = sp.Tuple(claim.rhs, *claim.conditions)
    uses = [u for u in rest.atoms(sp.Indexed) if u.base == target.base]
    if not uses:
        return None
    for use in uses:
        if len(use.indices) != len(target.indices):
            return None
        shifts = [sp.simplify(a - b) for a, b in zip(target.indices, use.indices, strict=True)]
        if not all(k.is_Integer for k in shifts) or all(k == 0 for k in shifts) or not any(k > 0 for k in shifts):
            return None
    return to_latex(target), ", ".join(to_latex(u) for u in sorted(uses, key=str))


def _only_written_names(verdict: Verdict, found: Readings) -> Verdict:
    """A counterexample naming a symbol the author never wrote is a misreading, never a refutation."""
    if verdict.status != Status.REFUTED or verdict.counterexample is None:
        return verdict
    foreign = [name for name in verdict.counterexample.values if _base_name(name) not in found.survey.written]
    if not foreign:
        return verdict
    return Verdict(Status.UNDECIDED, "misreading guard",
                   f"A counterexample was found, but it names {', '.join(foreign)}, which the claim does not write; "
                   "dlmath does not report a refutation built on a reading it cannot trust.", seconds=verdict.seconds)


def _base_name(latex: str) -> str:
    """x_{1} -> x, \\theta -> theta, x^{(2)}_{1} -> x, \\mathrm{MSE} -> MSE, \\mathbf{w} -> w."""
    names = sorted(written_names(tokenize(latex)) - DECORATION_NAMES, key=latex.find)
    return names[0] if names else latex


def _over_readings(found: Readings, seed: int) -> tuple[Verdict, Reading]:
    if len(found.readings) == 1 and found.readings[0].claim is not None:
        return verify_reading(found.readings[0].claim, seed), found.readings[0]
    decided = [(r, verify_reading(r.claim, seed) if r.claim is not None else None) for r in found.readings]
    statuses = {v.status if v is not None else "unreadable" for _, v in decided}
    seconds = sum(v.seconds for _, v in decided if v is not None)
    summary = "; ".join(f"as {found.describe(r)}: {v.status if v else 'unreadable (' + r.problem + ')'}"
                        for r, v in decided)
    if statuses == {Status.PROVED}:
        first = decided[0][1]
        return Verdict(Status.PROVED, f"every reading proved ({len(decided)} readings)",
                       f"Proved under each of the {len(decided)} readings. {first.detail}",
                       evidence=first.evidence, seconds=seconds), decided[0][0]
    if statuses == {Status.REFUTED}:
        reading, verdict = decided[0]
        return Verdict(Status.REFUTED, f"every reading refuted ({len(decided)} readings)",
                       f"Refuted under each of the {len(decided)} readings; the counterexample is for "
                       f"the reading where {found.describe(reading)}. {verdict.detail}",
                       verdict.counterexample, verdict.evidence, seconds), reading
    advice = _how_to_write(found)
    return Verdict(Status.UNDECIDED, "ambiguous notation",
                   f"The notation has {len(decided)} readings and they disagree: {summary}. {advice}",
                   seconds=seconds), decided[0][0]


def _how_to_write(found: Readings) -> str:
    """One sentence per ambiguous fragment: how to write each of its meanings."""
    seen: dict[str, list[str]] = {}
    for reading in found.readings:
        for choice in reading.choices:
            text = choice.how_to_write(found.survey)
            if text not in seen.setdefault(choice.key, []):
                seen[choice.key].append(text)
    return " ".join(f"To say which is meant for {latex_name(key)}, write " + " or ".join(ways) + "."
                    for key, ways in seen.items())
