"""One entry-by-entry proof: each derived gradient entry against direct differentiation of the expanded cost.

The MLP, recurrent and convolution proofs all end here. An entry is a pair of
symengine expressions (derived, direct) in base symbols (weights, inputs,
targets) and atoms: names for nested pieces (aⱼ⁽ˡ⁾ = g(zⱼ⁽ˡ⁾), T = tanh(w), …),
each with a definition in the base symbols and earlier atoms. The verifier's
soundness policy (DESIGN.md), entry by entry:

- proved: the certificate (the difference, read in the atoms, expands to
  exactly 0, its numerator for rational costs, with no nested piece left
  unnamed) AND the sides agree at every sample point: in float64, or, where
  float64 disagrees, at 60 digits at the same exact rational point;
- refuted: no certificate, and at a sample point the difference is confirmed
  at 60 digits (SymPy's evalf, mpmath underneath: the base values exact, the
  atoms at 60 digits from their definitions);
- undecided: everything else, with the reason.

Sample points are exact: every base value is a float on a grid of 2⁻¹⁰
(`on_grid`), so the float64 point and the rational one are the same point.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
import symengine as se

from dlmath.symbolic.proofs.mp_eval import evaluate
from dlmath.symbolic.verify.sampling import AGREE, CONFIRM_DIGITS, CONFIRMED
from dlmath.symbolic.verify.verdict import Counterexample, Status, Verdict

Definition = tuple[se.Symbol, se.Basic]  # an atom and its value in base symbols and earlier atoms (real functions)
Point = Mapping[se.Basic, float]         # a value for every base symbol, on the grid
FLOAT_AGREE = 1e-9                       # float64 relative difference still counted as agreement
GRID = 2.0**-10                          # exact in binary, short in decimal


def on_grid(values: np.ndarray) -> np.ndarray:
    """Values rounded to multiples of 2⁻¹⁰: each float is then exactly the rational it prints as."""
    return np.round(np.asarray(values, dtype=float) / GRID) * GRID


@dataclass(frozen=True)
class EntryOutcome:
    """One entry's verdict: whether it has the certificate, the float64 evidence, and why it ended as it did."""

    name: str                 # e.g. "W1[0, 2]"; its group is the name up to the first "["
    status: Status
    certified: bool
    numeric_difference: float  # largest float64 |derived − direct| / max(1, |derived|, |direct|) over the points
    reason: str
    counterexample: Counterexample | None = None
    rechecked: int = 0         # sample points where it was re-evaluated at 60 digits

    @property
    def group(self) -> str:
        return self.name.split("[")[0]


@dataclass(frozen=True)
class EntryGroup:
    """A parameter matrix (or any group of entries): how many, which lack the certificate, the float64 evidence."""

    name: str
    entries: int
    failed: tuple[str, ...]
    max_numeric_difference: float


@dataclass(frozen=True)
class EntrywiseProof:
    """Every entry's outcome, for one network; `verdict` applies the policy to all entries or some groups."""

    claim: str      # what is said of every entry when proved: "at size 2-3-2: … expands to 0"
    sampled: str    # how the points were drawn: "3 random points"
    outcomes: tuple[EntryOutcome, ...]
    points: int
    seconds: float

    @property
    def entries(self) -> int:
        return len(self.outcomes)

    def groups(self) -> tuple[EntryGroup, ...]:
        out = []
        for name in dict.fromkeys(o.group for o in self.outcomes):
            mine = [o for o in self.outcomes if o.group == name]
            out.append(EntryGroup(name, len(mine), tuple(o.name for o in mine if not o.certified),
                                  max(o.numeric_difference for o in mine)))
        return tuple(out)

    def chosen(self, names: Sequence[str] | None = None) -> list[EntryOutcome]:
        return [o for o in self.outcomes if names is None or o.group in names]

    def worst(self, names: Sequence[str] | None = None) -> EntryOutcome | None:
        """The first refuted entry, else the first undecided one, else the one with the largest float64 difference."""
        chosen = self.chosen(names)
        for status in (Status.REFUTED, Status.UNDECIDED):
            found = [o for o in chosen if o.status == status]
            if found:
                return found[0]
        return max(chosen, key=lambda o: o.numeric_difference, default=None)

    def status(self, names: Sequence[str] | None = None) -> Status:
        worst = self.worst(names)
        return Status.UNDECIDED if worst is None else worst.status

    def verdict(self, names: Sequence[str] | None = None) -> Verdict:
        """The verdict on the named groups (all by default): refuted if one entry is, proved if all are."""
        chosen, worst = self.chosen(names), self.worst(names)
        if worst is None:
            return Verdict(Status.UNDECIDED, "expanded cost", "no entries chosen: nothing was proved",
                           seconds=self.seconds)
        largest = max(o.numeric_difference for o in chosen)
        rechecked = sum(o.rechecked > 0 for o in chosen)
        evidence = (f"{self.sampled}, largest float64 relative difference {largest:.1e}"
                    + (f"; {rechecked} entries re-evaluated at {CONFIRM_DIGITS} and {2 * CONFIRM_DIGITS} digits"
                       if rechecked else ""))
        count = sum(o.status == worst.status for o in chosen)
        if worst.status == Status.REFUTED:
            return Verdict(Status.REFUTED, "expanded cost",
                           f"{count} of {len(chosen)} entries differ, first {worst.name}: "
                           f"{worst.reason}", worst.counterexample, evidence, self.seconds)
        if worst.status == Status.UNDECIDED:
            return Verdict(Status.UNDECIDED, "expanded cost", f"{count} of {len(chosen)} entries undecided, first "
                           f"{worst.name}: {worst.reason}", evidence=evidence, seconds=self.seconds)
        which = f" of {', '.join(names)}" if names is not None else ""
        return Verdict(Status.PROVED, "expanded cost", f"all {len(chosen)} entries{which} {self.claim}",
                       evidence=evidence, seconds=self.seconds)


# ---------------------------------------------------------------- the certificate
def _pieces(expr: se.Basic) -> set[se.Basic]:
    """The functions, powers, substitutions and derivatives inside `expr`, found in one walk."""
    return expr.atoms(se.Function, se.Pow, se.Subs, se.Derivative)


def has_unnamed_pieces(expr: se.Basic, pieces: set[se.Basic] | None = None) -> bool:
    """Whether a function (g, g', tanh, …), an exponential or an unevaluated derivative escaped the naming."""
    pieces = _pieces(expr) if pieces is None else pieces
    # symengine's e^u is a power of E
    return any(not isinstance(p, se.Pow) or p.args[0] == se.E for p in pieces)


def is_exact_zero(difference: se.Basic) -> bool:
    """Whether the difference expands to 0, or its numerator does (rational in the atoms: cross-entropy, softmax)."""
    expanded = se.expand(difference)
    if expanded == 0:
        return True
    numerator, _ = expanded.as_numer_denom()
    return se.expand(numerator) == 0


def certificates(sides: list[tuple[se.Basic, se.Basic]], naming: Callable[[se.Basic], se.Basic] | None
                 ) -> tuple[list[bool], list[bool]]:
    """Per entry: (has the certificate, can be evaluated numerically as given), each side walked once."""
    certified, evaluable = [], []
    for derived, direct in sides:
        pieces = [_pieces(derived), _pieces(direct)]
        evaluable.append(not any(_undefined(p) for p in pieces))
        named = [naming(derived), naming(direct)] if naming else [derived, direct]
        named_pieces = [_pieces(side) for side in named] if naming else pieces
        certified.append(not any(has_unnamed_pieces(side, p) for side, p in zip(named, named_pieces))
                         and is_exact_zero(named[0] - named[1]))
    return certified, evaluable


def _undefined(pieces: set[se.Basic]) -> bool:
    """Real functions (tanh, exp, max) evaluate; an undefined g, g' or derivative does not."""
    return any(isinstance(p, (se.FunctionSymbol, se.Subs, se.Derivative)) for p in pieces)


# ---------------------------------------------------------------- the numeric half
def float_differences(sides: list[tuple[se.Basic, se.Basic]], evaluable: list[bool],
                      definitions: Sequence[Definition], points: Sequence[Point]) -> np.ndarray:
    """(points × entries) float64 relative differences; inf where not finite or not evaluable."""
    base = list(points[0])
    atoms = [atom for atom, _ in definitions]
    nested: dict[se.Basic, se.Basic] = {}
    for atom, definition in definitions:  # every atom in the base symbols alone, for one compiled function
        nested[atom] = definition.xreplace(nested)
    known = set(base) | set(atoms)
    usable = [k for k, (d, r) in enumerate(sides) if evaluable[k] and (d.free_symbols | r.free_symbols) <= known]
    out = np.full((len(points), len(sides)), np.inf)
    if not usable:
        return out
    atom_values = se.Lambdify(base, [nested[a] for a in atoms] or [se.Integer(0)], real=True, backend="lambda",
                              cse=True)
    both = se.Lambdify(base + atoms, [sides[k][0] for k in usable] + [sides[k][1] for k in usable], real=True,
                       backend="lambda")
    for p, point in enumerate(points):
        values = [point[s] for s in base]
        named = list(np.asarray(atom_values(values), dtype=float).ravel())[:len(atoms)]
        with np.errstate(all="ignore"):
            result = np.asarray(both(values + named), dtype=float).ravel()
            left, right = result[:len(usable)], result[len(usable):]
            gap = np.abs(left - right) / np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
        out[p, usable] = np.where(np.isfinite(gap), gap, np.inf)
    return out


class _PointValues:
    """Every symbol's value at each sample point, at a given precision: the base values exactly (they are on
    the grid), the atoms from their definitions in order. Built once per point and precision."""

    def __init__(self, definitions: Sequence[Definition], points: Sequence[Point]) -> None:
        self.definitions, self.points = definitions, points
        self.cache: dict[tuple[int, int], dict[se.Basic, mpmath.mpf]] = {}

    def at(self, index: int, digits: int) -> dict[se.Basic, mpmath.mpf]:
        if (index, digits) not in self.cache:
            # exact: a float is a binary fraction
            values = {s: mpmath.mpf(float(v)) for s, v in self.points[index].items()}
            for atom, definition in self.definitions:
                value = evaluate([definition], values, digits)
                if value is not None:  # undefined here (the step at 0): the sides that use it are too
                    values[atom] = value[0]
            self.cache[index, digits] = values
        return self.cache[index, digits]


def _show(value: mpmath.mpf) -> str:
    return mpmath.nstr(value, 15)


def high_precision_check(derived: se.Basic, direct: se.Basic, values: _PointValues, index: int
                         ) -> tuple[str, Counterexample] | None:
    """("differs" | "agrees" | "unclear", the point) from both sides at 60 and at 120 digits; None if undefined.

    differs: the difference is above CONFIRMED (relative) and the 60-digit one agrees with the 120-digit one
    to AGREE of itself, so rounding did not make it; agrees: at 120 digits it is below CONFIRMED.
    The counterexample names only the symbols of the two expressions (atoms included), at 60 digits.
    """
    low = evaluate([derived, direct], values.at(index, CONFIRM_DIGITS), CONFIRM_DIGITS)
    high = evaluate([derived, direct], values.at(index, 2 * CONFIRM_DIGITS), 2 * CONFIRM_DIGITS)
    if low is None or high is None:
        return None
    with mpmath.workdps(2 * CONFIRM_DIGITS):
        gap, gap_low = high[0] - high[1], low[0] - low[1]
        scale = 1 + abs(high[0]) + abs(high[1])
        if abs(gap) <= CONFIRMED * scale:
            outcome = "agrees"
        elif abs(gap_low - gap) <= AGREE * abs(gap):
            outcome = "differs"
        else:
            outcome = "unclear"
    at_60 = values.at(index, CONFIRM_DIGITS)
    names = sorted(derived.free_symbols | direct.free_symbols, key=str)
    shown = {str(s): _show(at_60[s]) for s in names}
    return outcome, Counterexample(shown, _show(low[0]), _show(low[1]), _show(gap_low))


# ---------------------------------------------------------------- the verdict on one entry
def judge(name: str, has_certificate: bool, differences: np.ndarray,
          check: Callable[[int], tuple[str, Counterexample] | None]) -> EntryOutcome:
    """One entry's outcome from its certificate, its float64 differences per point, and `check`(point index),
    its re-evaluation at 60 and 120 digits there (`high_precision_check`)."""
    worst = float(differences.max())
    if has_certificate and worst <= FLOAT_AGREE:
        return EntryOutcome(name, Status.PROVED, True, worst, "certificate and float64 agreement")
    # Without a certificate every point is tried, largest difference first: a tiny real difference is refuted
    # once 60 digits confirm it. With one, only the points where float64 disagrees need a second look.
    order = [int(k) for k in np.argsort(-differences, kind="stable")]
    tried = order if not has_certificate else [k for k in order if differences[k] > FLOAT_AGREE]
    doubts = []
    for count, k in enumerate(tried, start=1):
        result = check(k)
        if result is None or result[0] == "unclear":
            doubts.append(f"at sample point {k + 1} " + ("a side is undefined" if result is None else
                          f"the {CONFIRM_DIGITS}- and {2 * CONFIRM_DIGITS}-digit differences disagree"))
            continue
        outcome, point = result
        if outcome == "differs" and has_certificate:
            return EntryOutcome(name, Status.UNDECIDED, True, worst,
                                f"the difference expands to 0, yet at {CONFIRM_DIGITS} "
                                f"digits it is {point.difference} at sample point {k + 1}: the two checks disagree",
                                point, count)
        if outcome == "differs":
            return EntryOutcome(name, Status.REFUTED, False, worst,
                                f"no certificate, and at {CONFIRM_DIGITS} digits the "
                                f"difference is {point.difference} at the point below", point, count)
    if doubts:
        return EntryOutcome(name, Status.UNDECIDED, has_certificate, worst, f"{'a' if has_certificate else 'no'} "
                            f"certificate; {'; '.join(doubts)}", rechecked=len(tried))
    if has_certificate:
        return EntryOutcome(name, Status.PROVED, True, worst,
                            f"certificate; float64 disagreed at {len(tried)} point(s), "
                            f"{2 * CONFIRM_DIGITS} digits agree there", rechecked=len(tried))
    return EntryOutcome(name, Status.UNDECIDED, False, worst,
                        f"no certificate, though at {2 * CONFIRM_DIGITS} digits the "
                        f"sides agree to {mpmath.nstr(CONFIRMED, 1)} (relative) at all {len(tried)} sample points",
                        rechecked=len(tried))


class ProofFacts:
    """What a network's proof (BackpropProof, ConvProof: each a record with a `result`) shows of its result."""

    result: EntrywiseProof

    @property
    def entries(self) -> int:
        return self.result.entries

    @property
    def groups(self) -> tuple[EntryGroup, ...]:
        return self.result.groups()

    @property
    def points(self) -> int:
        return self.result.points

    @property
    def seconds(self) -> float:
        return self.result.seconds


def prove_entries(entries: Mapping[str, tuple[se.Basic, se.Basic]], definitions: Sequence[Definition],
                  points: Sequence[Point], claim: str, sampled: str,
                  naming: Callable[[se.Basic], se.Basic] | None = None, start: float | None = None) -> EntrywiseProof:
    """Prove every {entry name: (derived, direct)} by the policy above.

    `definitions` give every atom's value (in order; later ones may use earlier ones); `points` give every
    base symbol's value, on the grid. `naming` puts a side in the atoms for the certificate (the identity if
    the sides are written in them already); the numeric half evaluates the sides as given.
    """
    start = time.perf_counter() if start is None else start
    if not points:
        raise ValueError("no sample points: the numeric half of the proof needs at least one")
    names, sides = list(entries), list(entries.values())
    certified, evaluable = certificates(sides, naming)
    differences = float_differences(sides, evaluable, definitions, points)
    values = _PointValues(definitions, points)
    outcomes = []
    for k, (name, (derived, direct)) in enumerate(zip(names, sides)):
        outcomes.append(judge(name, certified[k], differences[:, k],
                              lambda p, d=derived, r=direct: high_precision_check(d, r, values, p)))
    return EntrywiseProof(claim, sampled, tuple(outcomes), len(points), time.perf_counter() - start)
