"""Diagnosis by repair: the mistakes people make in this calculus, each a transformation of a wrong line.

A wrong line is diagnosed only when one transformation of it, applied to the reader's own SymPy
expression of the line (never to its text), is PROVED by the verifier to follow from the line
before. Otherwise there is no diagnosis: the tutor never guesses. The search runs in a worker
process under a total time budget, cheapest repairs first, and stops at the first that proves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.reading import Readings, read_readings
from dlmath.symbolic.notation.writer import to_latex
from dlmath.symbolic.verify.readings import verify_readings
from dlmath.symbolic.verify.verdict import Status
from dlmath.symbolic.verify.worker import Checked, Job

MAX_CANDIDATES = 400  # a bound on the search besides its time budget: a huge line is not searched at length


@dataclass(frozen=True)
class Hints:
    """What the candidates may use besides the wrong line: the variables differentiated by, the sizes
    (n, N, m, T, …), and the names defined as σ(u) or tanh(u) (a = σ(z) makes `a` a sigmoid)."""

    variables: tuple[sp.Symbol, ...]
    sizes: tuple[sp.Symbol, ...]
    named: dict[sp.Basic, sp.Basic]   # a -> sigmoid(z): the symbol stands for the application


@dataclass(frozen=True)
class Candidate:
    """One repaired expression and the words that say what changed."""

    expression: sp.Basic
    what: str


@dataclass(frozen=True)
class Mistake:
    """One row of the table: a name, the sentence it reports (with {what} and {previous}), its repairs."""

    name: str
    sentence: str
    repairs: Callable[[sp.Expr, sp.Expr, Hints, bool], Iterator[Candidate]]  # terms: the second pass


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


def _tex(expression: sp.Basic) -> str:
    try:
        return to_latex(expression)
    except Exception:  # noqa: BLE001 - the words only; the writer failing must not lose a proved repair
        return sp.sstr(expression)


_PLAIN = (("sigmoid", "σ"), ("tanh", "tanh"), ("log", "ln"), ("**", "^"), ("*", "·"))


def plain(expression: sp.Basic) -> str:
    """A short plain-text form for the sentence (display only: this text is never read back)."""
    text = sp.sstr(expression)
    for old, new in _PLAIN:
        text = text.replace(old, new)
    return text


# ---- places in an expression: a repair changes ONE occurrence (σ(u) may also occur inside (σ(u) − y))

Path = tuple[int, ...]


def _places(expression: sp.Basic, wanted: Callable[[sp.Basic], bool], path: Path = ()) -> Iterator[Path]:
    if wanted(expression):
        yield path
    for k, argument in enumerate(expression.args):
        if isinstance(argument, sp.Basic) and not isinstance(expression, (sp.Derivative, sp.Subs)):
            yield from _places(argument, wanted, (*path, k))


def _at(expression: sp.Basic, path: Path) -> sp.Basic:
    for k in path:
        expression = expression.args[k]
    return expression


def _put(expression: sp.Basic, path: Path, new: sp.Basic) -> sp.Basic:
    if not path:
        return new
    arguments = list(expression.args)
    arguments[path[0]] = _put(arguments[path[0]], path[1:], new)
    return expression.func(*arguments)


def _everywhere(expression: sp.Expr, factor: sp.Expr, terms: bool) -> Iterator[sp.Expr]:
    """The line times `factor`; or (the second pass, `terms`) each term of a sum times it: a slip in one term."""
    if not terms:
        yield expression * factor
    elif isinstance(expression, sp.Add) and len(expression.args) <= 8:
        for term in expression.args:
            yield expression - term + term * factor


# ---- the repairs, one function per row of the table

def _sign(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    for repaired in _everywhere(line, sp.Integer(-1), terms):
        yield Candidate(repaired, "the sign of one term flipped" if terms else "the sign flipped")


def _factor(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    factors = [sp.Integer(2), sp.Rational(1, 2)] + [f for n in hints.sizes for f in (n, 1 / n)]
    for factor in factors:
        for repaired in _everywhere(line, factor, terms):
            where = " in one term" if terms else ""
            yield Candidate(repaired, f"off by a factor {plain(1 / factor)}{where} — times {plain(factor)}")


def _applications(line: sp.Expr, previous: sp.Expr, hints: Hints, head: type) -> list[sp.Basic]:
    """The arguments u of every head(u) in either line or in the definitions they use."""
    found = sp.Tuple(line, previous, *hints.named.values()).atoms(head)
    return sorted({a.args[0] for a in found}, key=sp.default_sort_key)


def _stands_for(hints: Hints, head: type) -> list[tuple[sp.Basic, sp.Basic]]:
    """(written, argument): σ(u) itself, and a name defined as σ(u)."""
    return [(name, value.args[0]) for name, value in hints.named.items() if isinstance(value, head)]


def _sigmoid(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """σ′(u) = σ(u)(1 − σ(u)): missing altogether, written σ(1 + σ), or written σ."""
    forms = [(sigmoid(u), u) for u in _applications(line, previous, hints, sigmoid)] + _stands_for(hints, sigmoid)
    for s, u in forms:
        derivative = s * (1 - s)
        for repaired in _everywhere(line, derivative, terms):
            yield Candidate(repaired, f"the factor σ′({plain(u)}) = {plain(derivative)} missing")
        if terms:
            continue
        for path in _places(line, lambda e, s=s: e == 1 + s):
            yield Candidate(_put(line, path, 1 - s), f"σ′ written σ(1 + σ) instead of {plain(derivative)}")
        for path in _places(line, lambda e, s=s: e == s):
            yield Candidate(_put(line, path, derivative), f"σ′ written σ instead of {plain(derivative)}")


def _tanh(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """tanh′(u) = 1 − tanh²(u): missing altogether, or written 1 + tanh²."""
    forms = [(sp.tanh(u), u) for u in _applications(line, previous, hints, sp.tanh)] + _stands_for(hints, sp.tanh)
    for t, u in forms:
        derivative = 1 - t**2
        for repaired in _everywhere(line, derivative, terms):
            yield Candidate(repaired, f"the factor tanh′({plain(u)}) = {plain(derivative)} missing")
        if terms:
            continue
        for path in _places(line, lambda e, t=t: e == 1 + t**2):
            yield Candidate(_put(line, path, derivative), f"tanh′ written 1 + tanh² instead of {plain(derivative)}")
        # 2(1 + tanh²) is kept as 2 + 2 tanh²: the mistake is then the sign of tanh² where it occurs
        for path in _places(line, lambda e, t=t: e == t**2):
            yield Candidate(_put(line, path, -t**2), "tanh′ written 1 + tanh² instead of 1 − tanh²")


_OUTER = (sigmoid, sp.tanh, sp.exp, sp.log)


def _inner(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """The chain rule's inner factor: the derivative of the argument of σ, tanh, exp, ln, or of a power's base."""
    inner = set()
    for head in _OUTER:
        inner |= set(_applications(line, previous, hints, head))
    inner |= {p.base for p in sp.Tuple(line, previous).atoms(sp.Pow) if not p.base.is_Atom}
    for u in sorted(inner, key=sp.default_sort_key):
        variables = hints.variables or tuple(sorted(u.free_symbols, key=sp.default_sort_key))
        for v in variables:
            derivative = sp.diff(u, v)
            if derivative.is_number and derivative in (0, 1):
                continue
            for repaired in _everywhere(line, derivative, terms):
                yield Candidate(repaired, f"∂({plain(u)})/∂{plain(v)} = {plain(derivative)}")


def _exponent(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """A power one too high or too low; a plain factor x that should be x²."""
    if terms:
        return
    for path in _places(line, lambda e: isinstance(e, sp.Pow) and not e.base.is_number):
        power = _at(line, path)
        for step in (-1, 1):
            changed = power.base ** (power.exp + step)
            yield Candidate(_put(line, path, changed), f"{plain(changed)} for {plain(power)}")
    for path in _places(line, lambda e: isinstance(e, sp.Symbol)):
        symbol = _at(line, path)
        yield Candidate(_put(line, path, symbol**2), f"{plain(symbol**2)} for {plain(symbol)}")


def _indices(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """w_{jk} written for w_{kj}: every occurrence of one two-index name, its indices swapped."""
    if terms:
        return
    bases = sorted({e.base for e in line.atoms(sp.Indexed) if len(e.indices) == 2}, key=sp.default_sort_key)
    for base in bases:
        swap = {e: base[e.indices[1], e.indices[0]] for e in line.atoms(sp.Indexed) if e.base == base}
        yield Candidate(line.xreplace(swap), f"the indices of {plain(base)} swapped")


# The order is the order of the search: the most specific explanation first (a σ(2z) missing its 2 is
# the chain rule, not a stray factor 2), the sign first of all because it is one candidate.
MISTAKES = (
    Mistake("sign", "off by a factor −1 — with {what} it follows from {previous}", _sign),
    Mistake("sigmoid derivative", "the sigmoid's derivative is wrong ({what}) — with σ′ = σ(1 − σ) it follows "
            "from {previous}", _sigmoid),
    Mistake("tanh derivative", "the tanh's derivative is wrong ({what}) — with tanh′ = 1 − tanh² it follows "
            "from {previous}", _tanh),
    Mistake("chain rule", "the chain rule's inner derivative is missing ({what}) — multiplied by it, it follows "
            "from {previous}", _inner),
    Mistake("factor", "{what} it follows from {previous}", _factor),
    Mistake("exponent", "an exponent is off by one ({what}) — so corrected, it follows from {previous}",
            _exponent),
    Mistake("swapped indices", "the indices are swapped ({what}) — so corrected, it follows from {previous}",
            _indices),
)


# ---- the search

def _hints(found: Readings, context: str, where: tuple[str, ...]) -> Hints:
    claim = found.readings[0].claim
    assert claim is not None
    variables: list[sp.Symbol] = []
    for text in (context, found.source):
        try:
            first = read_readings(text, where).readings[0].claim
        except NotationError:
            continue
        if first is not None:
            sides = sp.Tuple(*(s for s in (first.lhs, first.rhs) if isinstance(s, sp.Basic)))
            variables += [v for d in sides.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)]
    everything = sp.Tuple(claim.lhs, claim.rhs, *(d.value for d in claim.definitions))
    sizes = sorted((s for s in everything.free_symbols if str(s) in ("n", "N", "m", "M", "T", "B", "K")),
                   key=sp.default_sort_key)
    named = {d.target: d.value for d in claim.definitions if isinstance(d.value, (sigmoid, sp.tanh))}
    return Hints(tuple(dict.fromkeys(variables)), tuple(sizes), named)


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
    if not isinstance(claim.rhs, sp.Expr) or not isinstance(claim.lhs, sp.Expr):
        return NoDiagnosis("repairs are tried on scalar lines only")
    hints = _hints(found, context, where)
    seen = {claim.rhs}
    tried = 0
    # Whole-line repairs first, every row; then the slips in one term of a sum (a weaker explanation:
    # a sign flipped in one term would otherwise "explain" a tanh′ written 1 + tanh²).
    for mistake, terms in [(m, False) for m in MISTAKES] + [(m, True) for m in MISTAKES]:
        for candidate in mistake.repairs(claim.rhs, claim.lhs, hints, terms):
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
                return Diagnosis(mistake.name, text, _tex(candidate.expression), tried)
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
