"""Read a claim and its --where conditions under every plausible reading.

    read_readings(source, where) -> Readings   every reading (usually exactly one)
    read_claim(source, where)    -> Claim      the reading, when there is only one

The first pass (the survey) reads with the default meanings and records how
each name is used (roles.py); then each combination of the open meanings is
read again. A reading that cannot be what the author meant (g applied and g
alone with two different arguments) is dropped; one that fails for another
reason is kept, as unreadable, so that the verdict can say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .algebra import is_matrix
from .calculus import indefinite_sides
from .claim import CLAIM_RELATIONS, Claim, read_chain, read_side
from .conditions import Conditions, read_conditions
from .entries import FreeEntryIndex, as_matrix, assignments
from .errors import NotationError
from .identity import PRIME_ON_MATRIX, resolve_sides
from .names import GREEK
from .prose import split_prose
from .roles import FUNCTION, PRODUCT, Choice, Context, ImplausibleReading, Survey, combinations
from .scripts import split_commas
from .tokens import Token, tokenize


@dataclass(frozen=True)
class Reading:
    """One way to read the claim: the meaning chosen for each ambiguous fragment, and the result."""

    choices: tuple[Choice, ...]
    claim: Claim | None
    problem: str = ""  # why this reading is unreadable, when claim is None


@dataclass(frozen=True)
class Readings:
    """Every plausible reading of one claim, and the survey that found the ambiguities."""

    source: str
    readings: tuple[Reading, ...]
    survey: Survey

    def describe(self, reading: Reading) -> str:
        return "; ".join(c.describe(self.survey) for c in reading.choices) or "as written"


class AmbiguousNotation(NotationError):
    """The claim has several plausible readings; read_readings returns them all."""


def read_readings(source: str, where: list[str] | tuple[str, ...] = ()) -> Readings:
    """Every plausible reading of `source` under `where` (NotationError if none can be read)."""
    if not source.strip():
        raise NotationError("empty claim")
    body, spoken = split_prose(source)
    where = [*where, *spoken]
    survey = Context()
    for text in (body, *where):
        tokens = tokenize(text)
        _primed_names(tokens, survey)
        survey.survey.written |= written_names(tokens)
        if text is not body:
            survey.survey.conditioned |= written_names(tokens)
            survey.survey.plain_conditioned |= _plain_letters(tokens)
        survey.survey.indices |= _subscript_names(tokens)
    rest = declare(where, survey)
    read_one(body, rest, where, survey)  # the survey: how each name is used, before any meaning is chosen
    combos = combinations(survey.survey)
    readings: list[Reading] = []
    implausible: list[str] = []
    for combo in combos:
        context = Context({c.key: c.meaning for c in combo}, survey.survey, surveying=False)
        try:
            declare(where, context)
            readings.append(Reading(combo, read_one(body, rest, where, context)))
        except ImplausibleReading as reason:
            implausible.append(str(reason))
        except NotationError as error:
            readings.append(Reading(combo, None, str(error)))
    if not readings:
        raise NotationError(f"no reading of this claim makes sense ({implausible[0]})")
    if len(readings) == 1 and readings[0].claim is None:
        raise NotationError(readings[0].problem)
    return Readings(source, tuple(readings), survey.survey)


def read_claim(source: str, where: list[str] | tuple[str, ...] = ()) -> Claim:
    """Read `LHS REL RHS` and its --where conditions into a Claim.

    Args:
        source: the claim in LaTeX, e.g. r"\\frac{d}{dx}\\sigma(x) = \\sigma(x)(1-\\sigma(x))".
        where: conditions, shapes and definitions, e.g. ["x > 0", "A \\in \\mathbb{R}^{2 \\times 2}"].

    Returns:
        The Claim; raises NotationError if it cannot be read faithfully, and AmbiguousNotation
        if it has several plausible readings (read_readings gives them all).
    """
    found = read_readings(source, where)
    if len(found.readings) == 1 and found.readings[0].claim is not None:
        return found.readings[0].claim
    if len(found.readings) == 1:
        raise NotationError(found.readings[0].problem)
    options = " / ".join(found.describe(r) for r in found.readings)
    raise AmbiguousNotation(f"ambiguous notation, {len(found.readings)} readings: {options}")


def read_one(body: str, where: list[str], written: list[str], context: Context) -> Claim:
    """The claim under one reading (the meanings in `context`)."""
    conditions = read_conditions(where, context)
    shapes = dict(conditions.shapes)
    values, relations = _read_entries(body, shapes, context)
    if not relations:
        raise NotationError("no relation: a claim needs =, \\le, \\ge, < or >", body.strip()[:40])
    if len(relations) > 1:
        raise NotationError("a chain of relations: verify each link as its own claim", body.strip()[:40])
    if relations[0] not in CLAIM_RELATIONS:
        raise NotationError("unknown relation", body.strip()[:40])
    values = resolve_sides(values, body, context.survey.conditioned)
    indefinite_sides(values, relations, body)
    _no_bare_means(values, conditions, body)
    fresh = sp.Symbol(context.survey.implicit, real=True) if context.survey.implicit else None
    used = sp.Tuple(values[0], values[1], *conditions.relations).free_symbols if fresh is not None else set()
    implicit = (fresh,) if fresh is not None and fresh in used else ()
    return Claim(values[0], relations[0], values[1], body.strip(), conditions.relations,
                 conditions.integers, conditions.definitions, conditions.shapes, tuple(written), implicit)


def _read_entries(body: str, shapes: dict, context: Context) -> tuple[list, list[str]]:
    """The sides; with (AB)_{ij} written, the sides for every i and j as matrices (entries.py)."""
    sizes: dict[str, int] = {}
    while True:
        try:
            if not sizes:
                return read_chain(body, shapes, context)
            sides: list[list] = []
            for values in assignments(sizes, body.strip()[:40]):
                context.entry_indices = values
                read, relations = read_chain(body, shapes, context)
                if any(is_matrix(v) for v in read):
                    raise NotationError("with a letter entry index, both sides must be numbers", body.strip()[:40])
                sides.append(read)
            return [as_matrix([s[k] for s in sides], sizes) for k in range(len(sides[0]))], relations
        except FreeEntryIndex as free:
            conditioned = set(free.sizes) & context.survey.conditioned
            if conditioned:  # x_i > 0 beside (x)_i: the condition would not follow the letter's values
                raise NotationError(f"a condition on the entry index {sorted(conditioned)[0]}: write the claim for "
                                    "numbered entries, each with its condition", body.strip()[:40]) from None
            if set(free.sizes) & set(sizes):
                raise NotationError("a letter entry index with two ranges", body.strip()[:40]) from None
            sizes.update(free.sizes)
        finally:
            context.entry_indices = {}


def _no_bare_means(values: list, conditions: Conditions, body: str) -> None:
    """\\bar{x} beside x_i reads as the mean of the x_i as often as a new symbol: it must be defined."""
    whole = sp.Tuple(*[v for v in values if isinstance(v, sp.Basic)], *conditions.relations)
    families = {str(b.label) for b in whole.atoms(sp.IndexedBase)}
    defined = {d.target for d in conditions.definitions}
    for symbol in whole.atoms(sp.Symbol):
        for decoration in ("\\bar{", "\\overline{"):
            if symbol.name.startswith(decoration) and symbol.name[len(decoration):-1].lstrip("\\") in families \
                    and symbol not in defined:
                raise NotationError(f"{symbol.name} beside the family {symbol.name[len(decoration):-1]}_i may be its "
                                    f"mean or a new symbol: define it with --where '{symbol.name} = "
                                    f"\\frac{{1}}{{n}}\\sum_{{i=1}}^{{n}} …'", body.strip()[:40])


def _name(token: Token) -> str | None:
    if token.kind == "letter":
        return token.text
    if token.kind == "command" and token.text[1:] in GREEK:
        return token.text[1:]
    return None


UPRIGHT_WORDS = frozenset({"\\mathrm", "\\operatorname", "\\text", "\\textrm", "\\mathit", "\\mathsf", "\\mbox"})


def written_names(tokens: list[Token]) -> set[str]:
    """The names a text writes: single letters, commands (without the backslash) and upright words
    (\\mathrm{MSE} writes MSE, not the letters M, S, E)."""
    names: set[str] = set()
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token.text in UPRIGHT_WORDS and k + 1 < len(tokens) and tokens[k + 1].text == "{":
            close = next((j for j in range(k + 2, len(tokens)) if tokens[j].text == "}"), len(tokens) - 1)
            names.add("".join(t.text for t in tokens[k + 2: close]))
            k = close + 1
            continue
        if token.kind in ("letter", "command"):
            names.add(token.text.lstrip("\\"))
        k += 1
    return names


def _plain_letters(tokens: list[Token]) -> set[str]:
    """The letters a condition writes outside \\mathbf{…}, \\boldsymbol{…}, \\bm{…}, \\vec{…}: x in x > 0,
    not in \\mathbf{x} \\in \\mathbb{R}^{3}."""
    names: set[str] = set()
    depth = 0  # inside a bold group
    for k, token in enumerate(tokens):
        if token.text in ("\\mathbf", "\\boldsymbol", "\\bm", "\\vec") and k + 1 < len(tokens) and \
                tokens[k + 1].text == "{":
            depth = -1
        elif token.text == "{" and depth < 0:
            depth = 1
        elif token.text == "{" and depth > 0:
            depth += 1
        elif token.text == "}" and depth > 0:
            depth -= 1
        elif depth == 0 and (name := _name(token)) is not None:
            names.add(name)
    return names


def _subscript_names(tokens: list[Token]) -> set[str]:
    """The letters written in subscripts (x_i, w_{jk}): names used as indices."""
    names: set[str] = set()
    for k, token in enumerate(tokens[:-1]):
        if token.text != "_":
            continue
        if tokens[k + 1].text != "{":
            names |= {n for n in [_name(tokens[k + 1])] if n}
            continue
        depth = 0
        for inner in tokens[k + 1:]:
            depth += inner.text == "{"
            depth -= inner.text == "}"
            if depth == 0:
                break
            names |= {n for n in [_name(inner)] if n}
    return names


def _primed_names(tokens: list[Token], context: Context) -> None:
    """g'(z) anywhere makes g a function everywhere, even where it is read before its prime."""
    for k, token in enumerate(tokens[:-1]):
        name = _name(token)
        if name is not None and name != "sigma" and tokens[k + 1].text == "'":
            context.survey.force(name, FUNCTION, token.text + "'")


def declare(where: list[str], context: Context) -> list[str]:
    """Take function declarations and definitions out of `where`; note declared scalars.

    `g: \\mathbb{R} \\to \\mathbb{R}` makes g a function; `f(x) = x^2` defines one; `a \\in \\mathbb{R}`
    (or any set) makes a a number. Returns the entries left for read_conditions.
    """
    rest: list[str] = []
    survey = context.survey
    for text in where:
        tokens = tokenize(text)
        name = _name(tokens[0])
        if name is not None and len(tokens) > 2 and tokens[1].text == ":":
            if not any(t.text in ("\\to", "\\rightarrow") for t in tokens):
                raise NotationError("declare a function as g: \\mathbb{R} \\to \\mathbb{R}", text)
            survey.force(name, FUNCTION, text)
            survey.declared.add(name)
            continue
        if name is not None and tokens[1].text == "(" and any(t.text == "=" for t in tokens):
            _define_function(text, tokens, name, context)
            continue
        if name is not None and tokens[1].text == "=":
            survey.force(name, PRODUCT, text)  # p = \\sigma(z) defines a number
        if name is not None and tokens[1].text in ("\\in", "_", "^") and any(t.text == "\\in" for t in tokens):
            if survey.forced.get(name) == FUNCTION and [t.text for t in tokens[2:6]] == ["\\mathbb", "{", "R", "}"] \
                    and tokens[6].text == "^":
                raise NotationError(PRIME_ON_MATRIX, text)
            survey.force(name, PRODUCT, text)
            if tokens[1].text == "\\in" and [t.text for t in tokens[2:6]] in (["\\mathbb", "{", "N", "}"],
                                                                            ["\\mathbb", "{", "Z", "}"]):
                survey.naturals.add(name)
        rest.append(text)
    return rest


def _define_function(text: str, tokens: list[Token], name: str, context: Context) -> None:
    """`f(x) = x^2` or `\\Phi(x) = …`: f is the function x ↦ x²."""
    close = next((k for k, t in enumerate(tokens) if t.text == ")"), None)
    if close is None or tokens[close + 1].text != "=":
        raise NotationError("a function definition reads f(x) = …", text)
    parameters = []
    for part in split_commas(tokens[2:close]):
        if len(part) != 1 or _name(part[0]) is None:
            raise NotationError("the parameters of a function definition must be plain letters, as in f(x, y) = …",
                                text)
        parameters.append(sp.Symbol(_name(part[0]), real=True))
    context.survey.force(name, FUNCTION, text)
    context.survey.declared.add(name)
    body = read_side(text, tokens[close + 2:-1], {}, Context(surveying=False))
    if isinstance(body, sp.Basic) and body.has(sp.Function(name)):
        raise NotationError("a definition cannot refer to itself", text)
    context.functions[name] = sp.Lambda(tuple(parameters), body)
