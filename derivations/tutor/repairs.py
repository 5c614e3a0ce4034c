"""Diagnosis by repair: the mistakes people make in this calculus, each a transformation of a wrong line.

A wrong line is diagnosed only when one transformation of it, applied to the reader's own SymPy
expression of the line (never to its text), is PROVED by the verifier to follow from the line
before. Otherwise there is no diagnosis: the tutor never guesses. The search runs in a worker
process under a total time budget, cheapest repairs first, and stops at the first that proves.

This module is the table (MISTAKES: one row a mistake, its teacher's sentence and its repairs) and
the search; the transformations are in scalar_repairs.py (signs, factors, activations' derivatives,
the chain rule, exponents, indices) and network_repairs.py (transposes, layer labels, the softmax
Jacobian's Kronecker delta, sums over a batch or over time), on the helpers of candidates.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid
from dlmath.symbolic.notation.claim import Claim
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.reading import Readings, read_readings
from dlmath.symbolic.verify.readings import verify_readings
from dlmath.symbolic.verify.verdict import Status
from dlmath.symbolic.verify.worker import Checked, Job

from . import network_repairs as network
from . import scalar_repairs as scalar
from .candidates import Candidate, Hints, Repair, shown

MAX_CANDIDATES = 400  # a bound on the search besides its time budget: a huge line is not searched at length


@dataclass(frozen=True)
class Mistake:
    """One row of the table: a name, the sentence it reports (with {what} and {previous}), its repairs."""

    name: str
    sentence: str
    repairs: Repair  # (line, previous, hints, terms): terms is the second pass, a slip in one term


@dataclass(frozen=True)
class Diagnosis:
    """A repair the verifier proved: which mistake, the sentence, and the repaired line."""

    name: str
    text: str
    repaired: str          # the repaired right side, in LaTeX (written by dlmath's writer)
    tried: int             # candidates verified before (and including) this one

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "text": self.text, "repaired": self.repaired, "tried": self.tried}


@dataclass(frozen=True)
class NoDiagnosis:
    """Why no diagnosis was given: no repair proved, the budget ran out, or the line has several readings."""

    reason: str
    tried: int = 0


# The order is the order of the search: the most specific explanation first. A sum's index left free
# in the line is only ever a missing sum (the first row has no candidate unless that happens); then the
# sign, one candidate; then the transposes (matrix lines only: a matrix line's σ and tanh are many
# entries, each a candidate of the rows after it); a σ(2z) missing its 2 is the chain rule, not a stray
# factor 2; a sum's 1/m dropped is the batch's average, not a factor.
MISTAKES = (
    Mistake("missing sum", "{what} — with it, it follows from {previous}", network.missing_sum),
    Mistake("sign", "off by a factor −1 — with {what} it follows from {previous}", scalar.sign),
    Mistake("transpose", "{what} — with the transpose where it belongs, it follows from {previous}",
            network.transpose),
    Mistake("sigmoid derivative", "the sigmoid's derivative is wrong ({what}) — with σ′ = σ(1 − σ) it follows "
            "from {previous}", scalar.sigmoid_derivative),
    Mistake("tanh derivative", "the tanh's derivative is wrong ({what}) — with tanh′ = 1 − tanh² it follows "
            "from {previous}", scalar.tanh_derivative),
    Mistake("relu derivative", "the ReLU's derivative is wrong ({what}) — with ReLU′(u) = 1[u > 0] it follows "
            "from {previous}", scalar.relu_derivative),
    Mistake("layer index", "the layer index is off by one ({what}) — with the right layer, it follows from "
            "{previous}", network.layer_index),
    Mistake("Kronecker delta", "the softmax Jacobian's Kronecker delta is wrong ({what}) — with ∂p_i/∂z_j = "
            "p_i(δ_ij − p_j) it follows from {previous}", network.kronecker_delta),
    Mistake("chain rule", "the chain rule's inner derivative is missing ({what}) — multiplied by it, it follows "
            "from {previous}", scalar.inner_derivative),
    Mistake("missing average", "{what} — with it, it follows from {previous}", network.missing_average),
    Mistake("factor", "{what} it follows from {previous}", scalar.factor),
    Mistake("exponent", "an exponent is off by one ({what}) — so corrected, it follows from {previous}",
            scalar.exponent),
    Mistake("swapped indices", "the indices are swapped ({what}) — so corrected, it follows from {previous}",
            scalar.swapped_indices),
)


# ---- the search

def _hints(found: Readings, context: str, where: tuple[str, ...]) -> Hints:
    claim = found.readings[0].claim
    assert claim is not None
    variables: list[sp.Symbol] = []
    derivatives: list[sp.Derivative] = []
    for text in (context, found.source):
        try:
            first = read_readings(text, where).readings[0].claim
        except NotationError:
            continue
        if first is not None:
            sides = sp.Tuple(*(s for s in (first.lhs, first.rhs) if isinstance(s, sp.Basic)))
            derivatives += sorted(sides.atoms(sp.Derivative), key=sp.default_sort_key)
            variables += [v for d in sides.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)]
    everything = sp.Tuple(claim.lhs, claim.rhs, *(d.value for d in claim.definitions))
    sizes = sorted((s for s in everything.free_symbols if str(s) in ("n", "N", "m", "M", "T", "B", "K")),
                   key=sp.default_sort_key)
    defined = {d.target: d.value for d in claim.definitions}
    named = {target: value for target, value in defined.items() if isinstance(value, (sigmoid, sp.tanh, relu))}
    return Hints(tuple(dict.fromkeys(variables)), tuple(sizes), named, tuple(dict.fromkeys(derivatives)), defined,
                 _known(claim))


def _known(claim: Claim) -> tuple[sp.Basic, ...]:
    """The names the derivation uses besides the line: its definitions' both sides and its declared matrices."""
    matrices = [sp.MatrixSymbol(name, *shape) for name, shape in claim.shapes]
    return (*(side for d in claim.definitions for side in (d.target, d.value)), *matrices)


def _candidates(mistake: Mistake, line: sp.Expr, previous: sp.Basic, hints: Hints, terms: bool
                ) -> Iterator[Candidate]:
    """The row's candidates; a row whose transformation SymPy cannot build for this line gives no more."""
    found = mistake.repairs(line, previous, hints, terms)
    while True:
        try:
            yield next(found)
        except StopIteration:
            return
        except (TypeError, ValueError, AttributeError, sp.SympifyError):  # e.g. a scalar rule meeting a matrix
            return


def search(latex: str, where: tuple[str, ...], previous: str, context: str = "", seed: int = 0
           ) -> Diagnosis | NoDiagnosis:
    """The first repair of the claim's right side that the verifier proves; runs in this process.

    Args:
        latex: the step as checked, `PREVIOUS REL LINE`; the repairs change LINE's expression.
        where: its conditions and definitions.
        previous: what it should follow from, for the sentence: "line 2", "its left side".
        context: the derivation's first step, whose ∂/∂v name the variables of the chain rule.
    """
    try:
        found = read_readings(latex, where)
    except NotationError as error:
        return NoDiagnosis(f"unreadable: {error}")
    if len(found.readings) != 1 or found.readings[0].claim is None:
        return NoDiagnosis("the line has several readings; no repair is tried")
    reading = found.readings[0]
    claim = reading.claim
    if not isinstance(claim.rhs, sp.Expr) or not isinstance(claim.lhs, sp.Basic):
        return NoDiagnosis("repairs are tried on lines written as one expression (not an explicit matrix)")
    hints = _hints(found, context, where)
    seen = {claim.rhs}
    tried = 0
    # Whole-line repairs first, every row; then the slips in one term of a sum (a weaker explanation:
    # a sign flipped in one term would otherwise "explain" a tanh′ written 1 + tanh²).
    for mistake, terms in [(m, False) for m in MISTAKES] + [(m, True) for m in MISTAKES]:
        for candidate in _candidates(mistake, claim.rhs, claim.lhs, hints, terms):
            if candidate.expression in seen:
                continue
            seen.add(candidate.expression)
            tried += 1
            if tried > MAX_CANDIDATES:
                return NoDiagnosis(f"no repair proved among the first {MAX_CANDIDATES}", tried - 1)
            repaired = replace(found, readings=(replace(reading, claim=replace(claim, rhs=candidate.expression)),))
            verdict, _ = verify_readings(repaired, seed)
            if verdict.status == Status.PROVED:
                text = mistake.sentence.format(what=candidate.what, previous=previous)
                return Diagnosis(mistake.name, text, shown(candidate.expression), tried)
    return NoDiagnosis("no repair in the table makes the line follow", tried)


def diagnose(latex: str, where: tuple[str, ...], previous: str, context: str, budget: float
             ) -> Diagnosis | NoDiagnosis:
    """`search` in a worker process, killed after `budget` seconds (then there is no diagnosis)."""
    def task(text: str, conditions: tuple[str, ...], seed: int) -> object:
        return search(text, conditions, previous, context, seed)

    job = Job(latex, where, budget, task=task)
    while True:
        result = job.poll(wait=0.05)
        if isinstance(result, (Diagnosis, NoDiagnosis)):
            return result
        if isinstance(result, Checked):  # the worker timed out, crashed or ran out of memory
            return NoDiagnosis(f"no repair proved within the search's limits ({result.verdict.detail})")
