"""When a display of a .tex file defines a name, and what the claims after it may assume.

The rule (docs: README, `dlmath audit`). The first link `L = R` of a chain is a definition when L
is a name: a symbol (J, \\hat{y}, \\theta^{(2)}), an indexed symbol (p_k, w_{t+1}) or a function of
names (f(x), L(w, b)), L as written does not occur in R, and either
  * it is explicit: written `:=`, `\\coloneqq`, `\\equiv`, `\\triangleq`, `\\stackrel{\\text{def}}{=}`,
    or the sentence just before the display says Let / Define / denote / where / definition; or
  * it is implicit: L as written has not appeared in an earlier display of the file, and L is not
    a function the reader already knows (`\\sigma(z) = …` defines only when the text says so).
A definition is never verified. A symbol's definition is passed to every later claim of the file
as a --where entry. A known function's definition is checked against the reader's own meaning;
the later claims that use it count only if it agrees. A definition the verifier cannot substitute
(f(x) = …, a matrix, an unreadable one) makes every later claim that uses its name undecided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from dlmath.symbolic.notation import read_claim
from dlmath.symbolic.notation.algebra import MATRIX_FUNCTIONS
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.tokens import tokenize

from .tex import Link

_FONTS = frozenset({"\\mathcal", "\\mathrm", "\\operatorname", "\\text", "\\mathbf", "\\mathit", "\\hat",
                    "\\tilde", "\\bar", "\\boldsymbol"})


@dataclass(frozen=True)
class Name:
    """The left side of a possible definition."""

    written: tuple[str, ...]   # its tokens as written: p _ k
    base: tuple[str, ...]      # without indices or arguments: p, f, \sigma
    function: bool             # f(x): a function of names
    known: bool                # a function the reader already knows: \sigma(z), \tanh(x)
    symbol: str = ""           # the reader's name of a defined symbol (p for p_k), "" for a function


@dataclass(frozen=True)
class Decision:
    """What one link is, for the audit."""

    definition: bool
    usage: str = ""            # definitions: "where", "compare" or "none"
    reason: str = ""           # usage "none": why it cannot be substituted
    where: tuple[str, ...] = ()          # claims: the definitions before it, as --where entries
    blocked: str = ""                    # claims: why it is not checked (it uses an unusable definition)
    refused: str = ""                    # claims: why it cannot be read as written
    needs: tuple[str, ...] = ()          # claims: compared definitions it relies on (their sources)


def token_texts(latex: str) -> tuple[str, ...]:
    try:
        return tuple(t.text for t in tokenize(latex)[:-1])
    except NotationError:
        return tuple(latex.split())


def mentions(texts: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether the token texts contain the name's tokens in a row (a false alarm only makes us careful)."""
    n = len(name)
    return n > 0 and any(texts[k:k + n] == name for k in range(len(texts) - n + 1))


def name_of(left: str) -> Name | None:
    """The name a left side spells, or None when it is an expression (x^2, \\frac{…}{…}, 2a)."""
    written = token_texts(left)
    try:
        value = read_claim(f"{left} = 0").lhs
    except NotationError:
        value = None
    if isinstance(value, (sp.Symbol, sp.Indexed)):
        cut = next((k for k, t in enumerate(written) if t == "_"), len(written))
        return Name(written, written[:cut], False, False, _symbol(value))
    if "(" in written and written[-1] == ")":
        cut = written.index("(")
        head, arguments = written[:cut], written[cut + 1:-1]
        names = arguments[0::2] and all(a.isalpha() or a.startswith("\\") for a in arguments[0::2])
        commas = all(c == "," for c in arguments[1::2])
        if _is_head(head) and names and commas and not _matrix_function(head):
            known = isinstance(value, sp.Function) and all(isinstance(a, sp.Symbol) for a in value.args)
            return Name(written, head, True, known)
    return None


def _symbol(value: sp.Basic) -> str:
    return str(value.base.label) if isinstance(value, sp.Indexed) else str(value)


def _variables(latex: str) -> set[str]:
    """The symbols a claim differentiates with respect to (∂J/∂z: z), as the reader names them."""
    try:
        claim = read_claim(latex)
    except NotationError:
        return set()
    sides = sp.Tuple(*(side for side in (claim.lhs, claim.rhs) if isinstance(side, sp.Basic)))
    return {_symbol(v) for d in sides.atoms(sp.Derivative) for v in d.variables
            if isinstance(v, (sp.Symbol, sp.Indexed))}


def _matrix_function(head: tuple[str, ...]) -> bool:
    """\\det(A), \\operatorname{tr}(A), \\mathrm{Tr}(A): a claim about A, never a definition of \\det."""
    word = head[0][1:] if len(head) == 1 else "".join(head[2:-1])
    return word in MATRIX_FUNCTIONS


def _is_head(head: tuple[str, ...]) -> bool:
    """f, \\sigma, \\mathcal{L}, \\operatorname{ReLU}: what can name a function (not \\frac{d}{dx}\\sigma)."""
    if not head:  # a left side that opens with its parenthesis, (a + b)(c): a product, no name
        return False
    if len(head) == 1:
        return head[0].isalpha() or (head[0].startswith("\\") and head[0][1:].isalpha())
    return (head[0] in _FONTS and len(head) >= 4 and head[1] == "{" and head[-1] == "}"
            and all(t.isalpha() for t in head[2:-1]))


@dataclass
class Scope:
    """What the displays of one file have defined so far, in file order."""

    seen: list[tuple[str, ...]] = field(default_factory=list)
    where: list[tuple[Name, str, tuple[str, ...]]] = field(default_factory=list)  # (name, latex, right side)
    blocked: dict[tuple[str, ...], str] = field(default_factory=dict)   # name -> why claims using it are not checked
    needs: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # name -> compared definitions

    def decide(self, link: Link, source: str) -> Decision:
        """Classify the link and remember what it defines."""
        texts = token_texts(link.latex)
        name = name_of(link.left) if link.first and link.relation == "=" and not link.error else None
        if name is not None and self._defines(link, name):
            self.seen.append(texts)
            return self._define(link, name, source)
        self.seen.append(texts)
        if link.explicit:
            return Decision(False, refused="a definition (:=, \\equiv, \\stackrel{def}{=}) needs a name on its "
                                           "left that its right side does not use")
        return Decision(False, where=self._where(texts, _variables(link.latex)), blocked=self._blocked(texts),
                        needs=self._needs(texts))

    def _defines(self, link: Link, name: Name) -> bool:
        if mentions(token_texts(link.right), name.written):
            return False
        if link.explicit or link.cue:
            return True
        return not name.known and not any(mentions(texts, name.written) for texts in self.seen)

    def _define(self, link: Link, name: Name, source: str) -> Decision:
        right = token_texts(link.right)
        if name.known:
            self.needs[name.base] = (source,)
            return Decision(True, "compare")
        reason = ("the verifier substitutes symbols, not functions such as f(x)" if name.function
                  else _unusable(link.latex))
        if reason:
            self.blocked[name.base] = (f"uses {link.left}, defined at {source} in a form the verifier "
                                       f"cannot substitute ({reason})")
            return Decision(True, "none", reason)
        self.where.append((name, link.latex, right))
        inherited = self._blocked(right)
        if inherited:
            self.blocked[name.base] = inherited
        self.needs[name.base] = self._needs(right)
        return Decision(True, "where")

    def _where(self, texts: tuple[str, ...], variables: set[str]) -> tuple[str, ...]:
        """The definitions the claim uses, directly or through another definition, in file order.

        Not those of the variables it differentiates by: in ∂J/∂z the author means J as a function
        of z, so `z = w x + b` must not replace z.
        """
        used: set[int] = set()
        frontier = [texts]
        while frontier:
            current = frontier.pop()
            for k, (name, _, right) in enumerate(self.where):
                if k not in used and name.symbol not in variables and mentions(current, name.base):
                    used.add(k)
                    frontier.append(right)
        return tuple(self.where[k][1] for k in sorted(used))

    def _blocked(self, texts: tuple[str, ...]) -> str:
        return next((why for name, why in self.blocked.items() if mentions(texts, name)), "")

    def _needs(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        found = [s for name, sources in self.needs.items() if mentions(texts, name) for s in sources]
        return tuple(dict.fromkeys(found))


def _unusable(latex: str) -> str:
    """Why a symbol's definition cannot be a --where entry ("" when it can)."""
    try:
        read_claim("0 = 0", [latex])
    except NotationError as error:
        return str(error)
    return ""
