"""Case splits: fix which piece of every max, min, |·|, ReLU, step, sign and cases is active.

Each kinked atom has a table entry giving its pieces: (value, condition on an
argument u, i.e. u ≥ 0, u < 0, …). The pieces of one atom cover the real line,
so the regions (one piece per atom) cover the domain, and inside each region
every atom equals its piece exactly. Where the condition is u ≷ 0 with u linear
in an unconstrained symbol s, s is solved for and replaced by a fresh signed
symbol (an exact change of variable), so later atoms of the same u evaluate
themselves; otherwise the condition is kept as a relational fact. A region is
proved by the caller's certificate, under the claim's conditions and the
region's own; the claim is proved only when every region is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from dlmath.symbolic.calculus.activations import relu, step

MAX_REGIONS = 16
SIGN = {">=": "nonnegative", ">": "positive", "<=": "nonpositive", "<": "negative"}
NOT = {">=": "<", ">": "<=", "<=": ">", "<": ">="}


@dataclass(frozen=True)
class Piece:
    """The atom equals `value` where `u rel 0` (rel one of ≥ > ≤ < =); an undefined piece has value nan."""

    value: sp.Expr
    facts: tuple[tuple[sp.Expr, str], ...]


def _sign_pieces(u: sp.Expr, positive: sp.Expr, zero: sp.Expr, negative: sp.Expr) -> list[Piece]:
    return [Piece(positive, ((u, ">"),)), Piece(zero, ((u, "="),)), Piece(negative, ((u, "<"),))]


def _extremum(atom: sp.Expr, better: str) -> list[Piece]:
    """max (better ≥) / min (better ≤): argument a is the value where a − b ≥ 0 for every other b."""
    args = list(atom.args)
    return [Piece(a, tuple((a - b, better) for b in args if b is not a)) for a in args]


def _piecewise(atom: sp.Piecewise) -> list[Piece] | None:
    """Piece k is active where its condition holds and no earlier one does; no case at all is undefined."""
    pieces, earlier = [], []
    for value, cond in atom.args:
        if cond is sp.true:
            pieces.append(Piece(value, tuple(earlier)))
            return pieces
        facts = _facts(cond)
        if facts is None or len(facts) != 1:
            return None  # an And / Or condition: its complement is not one fact
        (u, rel), = facts
        if rel == "=":
            return None
        pieces.append(Piece(value, (*earlier, (u, rel))))
        earlier.append((u, NOT[rel]))
    pieces.append(Piece(sp.nan, tuple(earlier)))
    return pieces


def _facts(cond: sp.Basic) -> tuple[tuple[sp.Expr, str], ...] | None:
    if isinstance(cond, sp.core.relational.Relational) and cond.rel_op in (">=", ">", "<=", "<", "=="):
        return ((cond.lhs - cond.rhs, "=" if cond.rel_op == "==" else cond.rel_op),)
    return None


PIECES: dict[type, Callable[[sp.Expr], list[Piece] | None]] = {
    relu: lambda a: [Piece(a.args[0], ((a.args[0], ">="),)), Piece(sp.Integer(0), ((a.args[0], "<"),))],
    sp.Abs: lambda a: [Piece(a.args[0], ((a.args[0], ">="),)), Piece(-a.args[0], ((a.args[0], "<"),))],
    sp.Max: lambda a: _extremum(a, ">="),
    sp.Min: lambda a: _extremum(a, "<="),
    sp.sign: lambda a: _sign_pieces(a.args[0], sp.Integer(1), sp.Integer(0), sp.Integer(-1)),
    step: lambda a: _sign_pieces(a.args[0], sp.Integer(1), sp.nan, sp.Integer(0)),
    sp.Heaviside: lambda a: _sign_pieces(a.args[0], sp.Integer(1), a.pargs[1] if len(a.pargs) > 1 else sp.S.Half,
                                         sp.Integer(0)),
    sp.Piecewise: _piecewise,
}


FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}
CONTRADICTS = {">=": {"<"}, ">": {"<", "<=", "="}, "<=": {">"}, "<": {">", ">=", "="}, "=": {">", "<"}}


@dataclass(frozen=True)
class Region:
    expr: sp.Expr
    known: tuple[tuple[sp.Expr, str], ...]  # facts u rel 0 true in this region, in the region's own symbols
    shown: tuple[str, ...]  # the region's conditions as the split wrote them
    conditions: tuple[sp.Basic, ...] = ()  # the claim's conditions, in the region's own symbols

    def facts(self) -> tuple[sp.Basic, ...]:
        return tuple(_solved(u, rel) for u, rel in self.known)


def _solved(u: sp.Expr, rel: str) -> sp.Basic:
    """a·s + r rel 0 with numbers a, r as s rel −r/a, the form the certificates read a bound from."""
    if len(u.free_symbols) == 1:
        s = next(iter(u.free_symbols))
        a, r = u.diff(s), sp.expand(u - u.diff(s) * s)
        if a.is_number and a != 0 and r.is_number:
            if rel == "=":
                return sp.Eq(s, -r / a)
            return _unevaluated(s, -r / a, rel if a > 0 else FLIP[rel])
    return _relation(u, rel)


def _unevaluated(left: sp.Expr, right: sp.Expr, rel: str) -> sp.Basic:
    """A relation kept as written even where the symbols' signs settle it (so bounds can be read off it)."""
    return {">=": sp.Ge, ">": sp.Gt, "<=": sp.Le, "<": sp.Lt, "=": sp.Eq}[rel](left, right, evaluate=False)


def _relation(u: sp.Expr, rel: str) -> sp.Basic:
    return sp.Eq(u, 0) if rel == "=" else sp.core.relational.Relational(u, 0, rel)


def _canonical(u: sp.Expr, rel: str) -> tuple[sp.Expr, str]:
    u = sp.expand(u)
    return (-u, FLIP[rel]) if u.could_extract_minus_sign() else (u, rel)


def _kinked(expr: sp.Expr) -> list[sp.Expr]:
    """Kinked atoms with no kinked atom inside, simplest first."""
    every = expr.atoms(*PIECES)
    atoms = [a for a in every if not any(b != a and a.has(b) for b in every)]
    return sorted(atoms, key=lambda a: (sp.count_ops(a), sp.default_sort_key(a)))


def _constrained(symbol: sp.Symbol) -> bool:
    return any(getattr(symbol, f"is_{name}") is not None for name in ("positive", "negative", "zero"))


def _change_of_variable(u: sp.Expr, rel: str) -> tuple[sp.Symbol, sp.Expr, sp.Symbol | None] | None:
    """u = a·s + r with s an unconstrained real symbol: s = (v − r)/a for a fresh v with the sign of rel."""
    for s in sorted(u.free_symbols, key=sp.default_sort_key):
        if not isinstance(s, sp.Symbol) or s.is_integer or _constrained(s):
            continue
        a = u.diff(s)
        rest = sp.expand(u - a * s)
        if not a.is_number or a == 0 or rest.has(s):
            continue
        if rel == "=":
            return s, -rest / a, None
        fresh = sp.Symbol(s.name if u == s else f"{s.name}'", real=True, **{SIGN[rel]: True})
        return s, (fresh - rest) / a, fresh
    return None


def _decided(u: sp.Expr, rel: str, known: tuple[tuple[sp.Expr, str], ...]) -> bool | None:
    """Whether `u rel 0` is settled by the symbols' signs or by a recorded fact (None: not settled)."""
    relation = _relation(u, rel)
    if relation in (sp.true, sp.false):
        return relation is sp.true
    for v, known_rel in known:
        if v == u and known_rel == rel:
            return True
        if v == u and rel in CONTRADICTS[known_rel]:
            return False
    return None


def _refine(region: Region, atom: sp.Expr, piece: Piece) -> Region | None:
    """The region with the atom replaced by the piece and its facts added (None when they contradict)."""
    expr, known, shown = region.expr.xreplace({atom: piece.value}), region.known, region.shown
    conditions = region.conditions
    for u, rel in piece.facts:
        u, rel = _canonical(u, rel)
        settled = _decided(u, rel, known)
        if settled is False:
            return None
        if settled:
            continue
        shown = (*shown, _show(u, rel))
        change = _change_of_variable(u, rel)
        if change is None:
            known = (*known, (u, rel))
            continue
        s, value, fresh = change
        expr = expr.xreplace({s: value})
        conditions = tuple(c.xreplace({s: value}) for c in conditions)
        if sp.false in conditions:
            return None
        conditions = tuple(c for c in conditions if c is not sp.true)
        if fresh is not None:  # the new variable's sign, as a condition the certificates read bounds from
            conditions = (*conditions, _unevaluated(fresh, sp.Integer(0), rel))
        moved = []
        for v, known_rel in known:
            v, known_rel = _canonical(v.xreplace({s: value}), known_rel)
            truth = _relation(v, known_rel)
            if truth is sp.false:
                return None
            if truth is not sp.true:
                moved.append((v, known_rel))
        known = tuple(moved)
    return Region(expr, known, shown, conditions)


def _show(u: sp.Expr, rel: str) -> str:
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}[rel]
    return f"{sp.sstr(u)} {symbol} 0"


def regions(expr: sp.Expr, conditions: tuple[sp.Basic, ...] = ()) -> list[Region] | None:
    """Every region with its kink-free expression, or None when the split is too large or not tabled."""
    todo, done = [Region(expr, (), (), conditions)], []
    while todo:
        region = todo.pop()
        atoms = _kinked(region.expr)
        if not atoms:
            done.append(region)
            continue
        pieces = PIECES[type(atoms[0])](atoms[0])
        if pieces is None:
            return None
        for piece in pieces:
            refined = _refine(region, atoms[0], piece)
            if refined is not None and not refined.expr.has(sp.nan):
                todo.append(refined)  # a piece that is nan is undefined: outside the claim's domain
        if len(todo) + len(done) > MAX_REGIONS:
            return None
    return done


def case_certificate(expr: sp.Expr, conditions: tuple[sp.Basic, ...],
                     prove: Callable[[sp.Expr, tuple[sp.Basic, ...]], str | None],
                     budget: float = 4.0) -> str | None:
    """prove(expr in region, conditions + region facts) must succeed in every region; its sentence, or None."""
    if not expr.atoms(*PIECES):
        return None
    expr, conditions, named = abstract_products(expr, conditions)
    found = regions(expr, conditions)
    if not found or len(found) < 2:
        return None
    started, reasons = time.perf_counter(), []
    for region in found:
        if time.perf_counter() - started > budget:
            return None
        reason = prove(region.expr, (*region.conditions, *region.facts()))
        if reason is None:
            return None
        reasons.append(f"{' and '.join(region.shown) or 'everywhere'}: {reason}")
    where = f"; with {named}" if named else ""
    return f"proved in each of the {len(found)} regions where every piece is fixed{where} ({'; '.join(reasons)})"


def abstract_products(expr: sp.Expr, conditions: tuple[sp.Basic, ...]) -> tuple[sp.Expr, tuple, str]:
    """A product such as t·y through which alone its symbols enter: one real variable in its place.

    If expr(t, y) = F(t·y) then F ≥ 0 on all of ℝ implies expr ≥ 0: proving about the
    new variable proves more, never less. Conditions on t or y are dropped (also more).
    """
    named = []
    for atom in sorted(expr.atoms(*PIECES), key=sp.default_sort_key):
        arguments = [c.lhs - c.rhs for _, c in atom.args if isinstance(c, sp.core.relational.Relational)] \
            if isinstance(atom, sp.Piecewise) else atom.args
        for arg in arguments:
            for term in sp.Add.make_args(sp.expand(arg)):
                _, product = term.as_coeff_Mul()
                if not isinstance(product, sp.Mul) or not all(isinstance(f, sp.Symbol) for f in product.args):
                    continue
                if not expr.free_symbols & product.free_symbols:
                    continue  # already one variable
                fresh = sp.Symbol("·".join(str(f) for f in product.args), real=True)
                replaced = expr.subs(product, fresh)
                if replaced.free_symbols & product.free_symbols:
                    continue
                expr = replaced
                conditions = tuple(c for c in conditions if not c.free_symbols & product.free_symbols)
                named.append(f"{fresh} = {sp.sstr(product)} as one variable")
    return expr, conditions, ", ".join(named)
