"""Turn a Claim into plain scalar problems: definitions substituted, derivatives taken,
matrices written out entry by entry, and the role of every symbol found."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.matrices.expressions import MatrixExpr
from sympy.matrices.expressions.matexpr import MatrixElement

from dlmath.symbolic.calculus.activations import step, to_elementary
from dlmath.symbolic.calculus.families import BIG_OPERATORS

from ..notation.algebra import entry_of
from ..notation.claim import Claim, Definition

MAX_DEFINITION_ROUNDS = 12


class Undecidable(Exception):
    """The claim is readable but cannot be checked as stated (say why)."""


@dataclass(frozen=True)
class Problem:
    """lhs REL rhs as scalars, with the symbols' roles and the conditions."""

    lhs: sp.Expr
    relation: str
    rhs: sp.Expr
    conditions: tuple[sp.Basic, ...]
    integers: frozenset[sp.Symbol]
    sizes: frozenset[sp.Symbol]
    free_indices: frozenset[sp.Symbol]
    entry: str = ""  # which matrix entry this is, for a matrix claim
    patterns: tuple[sp.Basic, ...] = ()  # conditions for every index, such as 0 < p_i < 1
    implicit: frozenset[str] = frozenset()  # names of sizes the claim never wrote (\\sum_i without limits)
    constraints: tuple[Definition, ...] = ()  # y_3 = 1 − y_1 − y_2: applied again once indices are numbers

    def all_conditions(self) -> tuple[sp.Basic, ...]:
        """The conditions, with each pattern written out for every entry the claim uses."""
        return self.conditions + expand_patterns(self.patterns, sp.Tuple(self.lhs, self.rhs))


def split_patterns(conditions: tuple[sp.Basic, ...], sides: sp.Basic) -> tuple[tuple, tuple]:
    """Separate conditions on p_i with i free nowhere in the claim: they hold for every i."""
    free = sides.free_symbols
    plain, patterns = [], []
    for condition in conditions:
        indices = set().union(*(i.free_symbols for e in condition.atoms(sp.Indexed) for i in e.indices))
        indices &= condition.free_symbols  # an index bound by a sum in the condition is no pattern
        (patterns if indices - free else plain).append(condition)
    return tuple(plain), tuple(patterns)


def expand_patterns(patterns: tuple[sp.Basic, ...], sides: sp.Basic) -> tuple[sp.Basic, ...]:
    """0 < p_i < 1 becomes 0 < p_1 < 1, 0 < p_2 < 1 … for the entries p_1, p_2 … in the claim."""
    out: list[sp.Basic] = []
    entries_used = sides.atoms(sp.Indexed)
    for condition in patterns:
        for pattern in condition.atoms(sp.Indexed):
            for entry in entries_used:
                if entry.base != pattern.base or len(entry.indices) != len(pattern.indices):
                    continue
                mapping = {p: e for p, e in zip(pattern.indices, entry.indices)
                           if isinstance(p, sp.Symbol) and p in condition.free_symbols}
                if not mapping:
                    continue
                instance = condition.xreplace(mapping)
                if instance not in out:
                    out.append(instance)
    return tuple(out)


def substitute_definitions(expr: sp.Basic, definitions: tuple[Definition, ...]) -> sp.Basic:
    """Replace every defined symbol (p, p_i) by its definition until none is left."""
    for _ in range(MAX_DEFINITION_ROUNDS):
        before = expr
        for definition in definitions:
            expr = _substitute(expr, definition)
        if expr == before:
            return expr
    raise Undecidable("the definitions refer to each other in a cycle")


def _substitute(expr: sp.Basic, definition: Definition) -> sp.Basic:
    target, value = definition.target, definition.value
    if isinstance(target, sp.Symbol):
        return expr.xreplace({target: value})
    pattern = [i for i in target.indices if isinstance(i, sp.Symbol)]
    if len(pattern) != len(target.indices):  # p_{1} = ...: a single entry
        return expr.xreplace({target: value})

    def replace(indexed: sp.Indexed) -> sp.Expr:
        return value.xreplace(dict(zip(pattern, indexed.indices)))

    return expr.replace(
        lambda e: isinstance(e, sp.Indexed) and e.base == target.base and len(e.indices) == len(pattern),
        replace)


def undefined_derivatives(expr: sp.Basic) -> list[str]:
    """Names of bare symbols differentiated with respect to something else (∂C/∂w with C undefined)."""
    found = []
    for derivative in expr.atoms(sp.Derivative):
        inner = derivative.expr
        if isinstance(inner, (sp.Symbol, sp.Indexed)) and inner not in derivative.variables:
            found.append(str(inner))
    return sorted(set(found))


def entries(value: object) -> sp.Matrix | sp.Expr:
    """An explicit matrix for a matrix expression (entries become real symbols), else the value."""
    if isinstance(value, sp.Trace) and value.arg.shape == (1, 1):
        value = value.arg
    if isinstance(value, (MatrixExpr, sp.MatrixBase)):
        explicit = sp.Matrix(value.as_explicit()) if isinstance(value, MatrixExpr) else sp.Matrix(value)
        return explicit.applyfunc(
            lambda e: _scalar_entries(e.doit() if e.has(sp.Sum) and not e.has(sp.Derivative) else e))
    if isinstance(value, sp.Basic):
        return _scalar_entries(value)
    return value


def _scalar_entries(value: sp.Basic) -> sp.Basic:
    """Traces and determinants written out, then every matrix entry a real symbol (x_1, A_{12})."""
    value = value.replace(lambda e: isinstance(e, sp.Trace),
                          lambda e: entries(e.arg)[0, 0] if e.arg.shape == (1, 1) else entries(e.arg).trace())
    value = value.replace(lambda e: isinstance(e, sp.Determinant), lambda e: entries(e.arg).det())
    value = _real_entries(value)
    if any(d.expr.atoms(MatrixExpr) for d in value.atoms(sp.Derivative)):
        # A derivative of a matrix expression not written out would silently be 0: never guess.
        raise Undecidable("a derivative of a matrix expression could not be written out entry by entry")
    return value


def _real_entries(expr: sp.Expr) -> sp.Expr:
    """Entry (i, j) of a declared A is A_{ij}; entry i of a declared vector \\mathbf{x} is x_i, the
    same family the claim writes as x_i (textbook convention: bold for the vector, plain for entries)."""
    elements = expr.atoms(MatrixElement)
    return expr.xreplace({e: entry_of(e.parent.name, e.parent.shape, int(e.i), int(e.j)) for e in elements})


def _one_by_one(value: object) -> object:
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def integer_roles(expr: sp.Basic, declared: tuple[sp.Symbol, ...]) -> tuple[frozenset, frozenset]:
    """(sizes, free indices): symbols in summation limits, and symbols used as indices."""
    sizes: set[sp.Symbol] = set()
    indices: set[sp.Symbol] = set()
    for big in expr.atoms(*BIG_OPERATORS):
        for _, low, high in big.limits:
            sizes |= (low.free_symbols | high.free_symbols)
    for indexed in expr.atoms(sp.Indexed):
        for index in indexed.indices:
            indices |= index.free_symbols
    for delta in expr.atoms(sp.KroneckerDelta):
        indices |= delta.free_symbols
    bound = set()
    for big in expr.atoms(*BIG_OPERATORS):
        bound |= set(big.variables)
    indices -= bound | sizes
    sizes -= bound
    return frozenset(sizes), frozenset(indices)


def as_integer_symbols(expr: sp.Basic, symbols: frozenset[sp.Symbol]) -> tuple[sp.Basic, dict]:
    """Give index and size symbols the integer assumption (SymPy's Sum and KroneckerDelta use it)."""
    mapping = {s: sp.Symbol(s.name, integer=True) for s in symbols if not s.is_integer}
    return expr.xreplace(mapping), mapping


def prepare(claim: Claim) -> list[Problem]:
    """The scalar problems a claim amounts to (one per matrix entry, or one)."""
    definitions = tuple(d for d in claim.definitions if not d.constraint)
    constraints = tuple(d for d in claim.definitions if d.constraint)
    lhs = substitute_definitions(claim.lhs, definitions)
    rhs = substitute_definitions(claim.rhs, definitions)
    missing = undefined_derivatives(lhs) + undefined_derivatives(rhs)
    if missing:
        names = ", ".join(sorted(set(missing)))
        raise Undecidable(f"{names} is differentiated but not defined; add --where '{missing[0]} = …'")
    lhs, rhs = entries(lhs), entries(rhs)
    if isinstance(lhs, sp.MatrixBase) != isinstance(rhs, sp.MatrixBase):
        lhs, rhs = _one_by_one(lhs), _one_by_one(rhs)  # x^T x = ‖x‖²: a 1×1 product is a scalar
    left_matrix, right_matrix = isinstance(lhs, sp.MatrixBase), isinstance(rhs, sp.MatrixBase)
    if left_matrix != right_matrix:
        raise ShapeMismatch("one side is a matrix and the other a scalar", lhs, rhs)
    if left_matrix and lhs.shape != rhs.shape:
        raise ShapeMismatch(f"the sides have shapes {lhs.shape[0]}×{lhs.shape[1]} and {rhs.shape[0]}×{rhs.shape[1]}",
                            lhs, rhs)
    pairs = ([(lhs[i, j], rhs[i, j], f"entry ({i + 1},{j + 1})") for i in range(lhs.rows) for j in range(lhs.cols)]
             if left_matrix else [(lhs, rhs, "")])
    conditions = tuple(substitute_definitions(c, definitions) for c in claim.conditions)
    problems = []
    for left, right, entry in pairs:
        plain, patterns = split_patterns(conditions, sp.Tuple(left, right))
        whole = sp.Tuple(left, right, *plain)
        sizes, free_indices = integer_roles(whole, claim.integers)
        integers = sizes | free_indices | frozenset(s for s in claim.integers if isinstance(s, sp.Symbol))
        whole, mapping = as_integer_symbols(whole, integers)
        left, right, *conds = whole.args
        problems.append(Problem(
            _final(left, definitions, constraints), claim.relation, _final(right, definitions, constraints),
            tuple(substitute_definitions(c, constraints) for c in conds),
            frozenset(mapping.get(s, s) for s in integers), frozenset(mapping.get(s, s) for s in sizes),
            frozenset(mapping.get(s, s) for s in free_indices), entry, patterns,
            frozenset(s.name for s in claim.implicit_sizes), constraints))
    return problems


def _final(expr: sp.Expr, definitions: tuple[Definition, ...], constraints: tuple[Definition, ...]) -> sp.Expr:
    """Definitions again once finite sums are written out (p_3 = … meets the p_3 of Σ_{i=1}^{3} p_i),
    derivatives taken, then the constraints on the point (y_3 = 1 − y_1 − y_2)."""
    expr = substitute_definitions(expand_finite_sums(expr), definitions)
    expr = to_elementary_keep(expr)
    return substitute_definitions(expand_finite_sums(expr), constraints) if constraints else expr


def to_elementary_keep(expr: sp.Expr) -> sp.Expr:
    """Take derivatives (the rules know sigma' = sigma(1-sigma)) and write out sums with numeric limits."""
    expr = expand_finite_sums(expr)
    if expr.has(sp.Derivative, sp.Subs):
        expr = expand_finite_sums(expr.doit(deep=True, sum=False, product=False))
    # SymPy differentiates max(0, u) to Heaviside(u), which it defines as 1/2 at 0; the
    # derivative does not exist there, which is what our step says.
    return expr.replace(lambda e: isinstance(e, sp.Heaviside), lambda e: step(e.args[0]))


def expand_finite_sums(expr: sp.Basic) -> sp.Basic:
    """Σ_{i=1}^{3} x_i → x_1 + x_2 + x_3: a sum with numeric limits is just its terms."""
    def finite(e: sp.Basic) -> bool:
        return isinstance(e, BIG_OPERATORS) and all(
            low.is_Integer and high.is_Integer and high - low < 10_000 for _, low, high in e.limits)

    return expr.replace(finite, lambda e: e.doit())


class ShapeMismatch(Exception):
    """The two sides of a matrix claim have different shapes: the claim is false as written."""

    def __init__(self, message: str, lhs: object, rhs: object) -> None:
        super().__init__(message)
        self.lhs, self.rhs = lhs, rhs


__all__ = ["prepare", "Problem", "Undecidable", "ShapeMismatch", "to_elementary", "substitute_definitions"]
