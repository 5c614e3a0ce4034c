"""The repairs of network calculus: a transpose missing, extra or on the wrong factor; a layer label
off by one; the Kronecker delta of the softmax Jacobian dropped; a sum over the batch or over time (or
its average 1/m) missing. One function per row of the table in repairs.py, as in scalar_repairs.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sympy as sp
from sympy.matrices.exceptions import NonSquareMatrixError, ShapeError
from sympy.matrices.expressions.matexpr import MatrixElement

from .candidates import Candidate, Hints, Path, at, places, put, shown

_SHAPES = (ShapeError, NonSquareMatrixError)  # a repair that does not fit the shapes is no candidate


# ---- transposes: on matrix lines only (a shape error is the reader's; these are the slips that still fit)

def _matrix_node(e: sp.Basic) -> bool:
    """A matrix built from declared matrices (not an explicit matrix, not one entry of a matrix)."""
    return isinstance(e, sp.MatrixExpr) and not isinstance(e, sp.MatrixBase) and e.shape != (1, 1)


def _inside_matrices(e: sp.Basic) -> bool:
    return _matrix_node(e) and not isinstance(e, sp.MatrixSymbol)


def _untransposed(line: sp.Expr) -> list[Path]:
    """The declared matrices and the products written without a transpose around them."""
    paths = list(places(line, lambda e: isinstance(e, (sp.MatrixSymbol, sp.MatMul)) and _matrix_node(e),
                        inside=_inside_matrices))
    return [p for p in paths if not (p and isinstance(at(line, p[:-1]), sp.Transpose))]


def _transposed(line: sp.Expr) -> list[Path]:
    return list(places(line, lambda e: isinstance(e, sp.Transpose), inside=_inside_matrices))


def _with_transpose(line: sp.Expr, path: Path) -> sp.Expr:
    node = at(line, path)
    return put(line, path, sp.Transpose(node) if isinstance(node, sp.MatrixSymbol) else node.T)


def _missing(node: sp.Basic) -> str:
    if isinstance(node, sp.MatrixSymbol):
        return f"the transpose on {shown(node)} is missing"
    return f"the product is the wrong way round: {shown(node.T)}, not {shown(node)}"


def transpose(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """Wᵀδ written Wδ, δaᵀ written aδᵀ (the product transposed), Wᵀ written for W, or the ᵀ on the wrong factor."""
    if terms or not _matrix_node(line):
        return
    for path in _untransposed(line):
        try:
            yield Candidate(_with_transpose(line, path), _missing(at(line, path)))
        except _SHAPES:
            continue
    for path in _transposed(line):
        inner = at(line, path).arg
        try:
            without = put(line, path, inner)
        except _SHAPES:
            continue
        yield Candidate(without, f"the transpose on {shown(inner)} is one too many")
        for other in _untransposed(without):
            if other == path:
                continue
            try:
                moved = _with_transpose(without, other)
            except _SHAPES:
                continue
            common = _common(path, other)
            yield Candidate(moved, f"the transpose is on the wrong factor: {shown(at(line, common))} written for "
                                   f"{shown(at(moved, common))}")


def _common(first: Path, second: Path) -> Path:
    """The path of the smallest subexpression holding both places: the product whose factor moved."""
    k = 0
    while k < min(len(first), len(second)) and first[k] == second[k]:
        k += 1
    return first[:k]


# ---- layer labels: a^{(1)} for a^{(2)}, w^{(l)} for w^{(l-1)}

_LABELLED = re.compile(r"^(?P<base>.+)\^\{\((?P<label>[^()]+)\)\}$")
_LABEL = re.compile(r"^(?:(?P<number>\d+)|(?P<letter>[A-Za-z])\s*(?:(?P<sign>[+-])\s*(?P<offset>\d+))?)$")


def _layer(name: str) -> tuple[str, str, int] | None:
    """(base, layer letter or "", offset): a^{(2)} is (a, "", 2), a^{(l-1)} is (a, l, −1); None if unlabelled."""
    match = _LABELLED.match(name)
    label = _LABEL.match(match.group("label").strip()) if match else None
    if match is None or label is None:
        return None
    if label.group("number"):
        return match.group("base"), "", int(label.group("number"))
    offset = int(label.group("offset") or 0) * (-1 if label.group("sign") == "-" else 1)
    return match.group("base"), label.group("letter"), offset


def _labelled(expression: sp.Basic) -> dict[sp.Basic, tuple[str, str, int]]:
    """Every labelled name in the expression: symbols (also those naming an indexed family) and matrices."""
    names = {s: _layer(s.name) for s in expression.atoms(sp.Symbol)}
    names |= {m: _layer(str(m.name)) for m in expression.atoms(sp.MatrixSymbol)}
    return {s: layer for s, layer in names.items() if layer is not None}


def _neighbours(name: sp.Basic, layer: tuple[str, str, int], pool: dict[sp.Basic, tuple[str, str, int]]
                ) -> list[sp.Basic]:
    base, letter, offset = layer
    return sorted((other for other, (b, l, o) in pool.items()
                   if b == base and l == letter and abs(o - offset) == 1 and type(other) is type(name)
                   and getattr(other, "shape", None) == getattr(name, "shape", None)), key=sp.default_sort_key)


def layer_index(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """A name of the layer before or after: every occurrence renamed, then each occurrence alone.

    The right name must be one the derivation uses (the line before, its definitions, its matrices)."""
    if terms:
        return
    pool = _labelled(sp.Tuple(line, previous, *hints.known))
    for name, layer in sorted(_labelled(line).items(), key=lambda item: sp.default_sort_key(item[0])):
        for other in _neighbours(name, layer, pool):
            what = f"{shown(name)} written for {shown(other)}"
            yield Candidate(line.xreplace({name: other}), what)
            occurrences = list(places(line, lambda e, name=name: e == name))
            for path in occurrences if len(occurrences) > 1 else ():
                try:
                    yield Candidate(put(line, path, other), f"{what} in one place")
                except _SHAPES:
                    continue
            # a^{(2)}·…·a^{(2)} is read a^{(2)}², (1 − h²)·…·(1 − h²) is (1 − h²)²: one factor is the other layer's
            for path in places(line, lambda e, name=name: isinstance(e, sp.Pow) and e.base.has(name)
                               and e.exp.is_Integer and e.exp > 1):
                power = at(line, path)
                one = power.base.xreplace({name: other})
                yield Candidate(put(line, path, power.base ** (power.exp - 1) * one), f"{what} in one place")


# ---- the softmax Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j), at concrete indices

def _entry_number(e: sp.Basic) -> int | None:
    """The number of an entry: z_2 (an indexed family, one integer index) or the entry (1, 0) of \\mathbf{z}."""
    if isinstance(e, sp.Indexed) and len(e.indices) == 1 and e.indices[0].is_Integer:
        return int(e.indices[0])
    if isinstance(e, MatrixElement) and e.j == 0 and e.i.is_Integer:
        return int(e.i) + 1
    return None


def _is_softmax(e: sp.Basic) -> bool:
    """e^{z_i} / Σ_k e^{z_k}: the reader's softmax(z)_i (the sum written out, or over k = 1…n), or a quotient."""
    numerator, denominator = sp.fraction(e)
    if not isinstance(numerator, sp.exp):
        return False
    if isinstance(denominator, sp.Sum):
        return isinstance(denominator.function, sp.exp)
    return (isinstance(denominator, sp.Add) and numerator in denominator.args
            and all(isinstance(t, sp.exp) for t in denominator.args))


def _softmax_entry(e: sp.Basic) -> int | None:
    """i when e is the softmax's entry e^{z_i} / Σ_k e^{z_k} at a concrete i."""
    return _entry_number(sp.fraction(e)[0].args[0]) if _is_softmax(e) else None


def _definition(name: sp.Basic, defined: dict[sp.Basic, sp.Basic]) -> sp.Basic:
    """What a name stands for: its own definition, or p_1 by the definition of p_i; else the name itself."""
    if name in defined:
        return defined[name]
    for target, value in defined.items():
        if (isinstance(name, sp.Indexed) and isinstance(target, sp.Indexed) and target.base == name.base
                and len(target.indices) == len(name.indices) and all(i.is_Symbol for i in target.indices)):
            return value.xreplace(dict(zip(target.indices, name.indices)))
    return name


def _differentiated(hints: Hints) -> Iterator[tuple[int | None, int, sp.Basic]]:
    """(i, j, p_i) of each ∂p_i/∂z_j written (i None when the function is not one softmax entry)."""
    for derivative in hints.derivatives:
        if len(derivative.variables) != 1 or (j := _entry_number(derivative.variables[0])) is None:
            continue
        function = derivative.expr
        yield _softmax_entry(_definition(function, hints.defined)), j, function


def _one_terms(line: sp.Expr) -> list[Path]:
    return list(places(line, lambda e: isinstance(e, sp.Add) and any(abs(t) == 1 for t in e.args if t.is_number)))


def kronecker_delta(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """δ_ij taken as 1 for i ≠ j (p_1(1 − p_2) for −p_1 p_2), or dropped for i = j (−p_1² for p_1(1 − p_1))."""
    context = sp.Tuple(line, previous, *hints.defined.values())
    if terms or not any(_is_softmax(e) for e in context.atoms(sp.Mul)):
        return
    for i, j, p in _differentiated(hints):
        if i == j:
            yield Candidate(line + p, f"δ_{i}{i} = 1 was left out: the term δ_{i}{i}·p_{i} = p_{i} is missing")
            continue
        written = (f"δ_{i}{j} = 0 was written as 1" if i is not None
                   else f"a δ_k{j} with k ≠ {j}, which is 0, was written as 1")
        for path in _one_terms(line):
            add = at(line, path)
            one = next(t for t in add.args if t.is_number and abs(t) == 1)
            yield Candidate(put(line, path, add - one), written)


# ---- a missing sum over the batch (or over time), or its average 1/m

def _sums(previous: sp.Expr, hints: Hints) -> list[sp.Sum]:
    found = sp.Tuple(previous, *hints.defined.values()).atoms(sp.Sum)
    return sorted((s for s in found if len(s.limits) == 1), key=sp.default_sort_key)


def missing_sum(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """The sum over k of the line before, missing in this one (its k left free): in the whole line, or
    (the second pass) in one term."""
    for s in _sums(previous, hints):
        k, low, high = s.limits[0]
        free = next((f for f in line.free_symbols if f.name == k.name), None)  # the line's k: a number, not an index
        if free is None:
            continue
        bound = line.xreplace({free: k})
        over = f"the sum over {k} = {low}…{high} is missing"
        if not terms:
            yield Candidate(sp.Sum(bound, (k, low, high)), over)
        elif isinstance(bound, sp.Add):
            for term in (t for t in bound.args if k in t.free_symbols):
                yield Candidate(bound - term + sp.Sum(term, (k, low, high)), f"{over} in one term")


def missing_average(line: sp.Expr, previous: sp.Expr, hints: Hints, terms: bool) -> Iterator[Candidate]:
    """The 1/m of a mean (1/m)Σ_{k=1}^{m} in the line before, dropped in this one (no 1/m left in it).

    Only a mean the line before writes: a factor 3 too many beside a sum over k = 1…3 is not an average."""
    if terms:
        return
    means = [m for m in sp.Tuple(previous, *hints.defined.values()).atoms(sp.Mul)
             for s in m.args if isinstance(s, sp.Sum) and len(s.limits) == 1 and s.limits[0][1] == 1
             and 1 / s.limits[0][2] in m.args]
    for high in dict.fromkeys(s.limits[0][2] for m in means for s in m.args if isinstance(s, sp.Sum)):
        if not line.has(1 / high):
            yield Candidate(line / high, f"the average over the {high} terms is missing: the factor 1/{high}")
