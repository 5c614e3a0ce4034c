"""Words after a formula: `\\quad \\text{for all } x`, `\\text{if } x > 0`, `, \\quad x \\ne 0`.

Prose is never read as symbols. A recognised phrase at the end of a claim
becomes what it says: a quantifier over symbols that are free anyway ("for
all x" adds nothing, "for all x > 0" adds x > 0), or a condition ("if",
"for", "where", "when", "with", "provided"). Any other prose is refused with
a message that says how to write the condition instead.
"""

from __future__ import annotations

from .errors import NotationError
from .names import RELATIONS
from .scripts import split_commas
from .tokens import Token, tokenize

PROSE_COMMANDS = frozenset({"\\text", "\\mbox", "\\textrm", "\\textnormal", "\\textit", "\\textup"})

# What each phrase means; "quantifier" phrases may name bare symbols, "condition" phrases may not.
PHRASES: dict[str, str] = {
    "for all": "quantifier", "for every": "quantifier", "for each": "quantifier", "for any": "quantifier",
    "\\forall": "quantifier",
    "if": "condition", "for": "condition", "when": "condition", "whenever": "condition", "where": "condition",
    "with": "condition", "provided": "condition", "provided that": "condition", "given": "condition",
    "given that": "condition", "such that": "condition", "for all real": "quantifier",
    "and": "",  # keeps the meaning of the phrase before it
}

CONDITION_SIGNS = frozenset({*RELATIONS, "\\in"})


def prose_text(source: str, tokens: list[Token], k: int) -> tuple[str, int]:
    """The words of `\\text{…}` starting at tokens[k], and the index after its closing brace."""
    if tokens[k].text == "\\forall":
        return "\\forall", k + 1
    if k + 1 >= len(tokens) or tokens[k + 1].text != "{":
        raise NotationError("prose needs braces, as in \\text{if }", source[tokens[k].pos: tokens[k].pos + 20])
    depth, j = 0, k + 1
    while j < len(tokens) and tokens[j].kind != "end":
        depth += tokens[j].text == "{"
        depth -= tokens[j].text == "}"
        if depth == 0:
            return source[tokens[k + 1].pos + 1: tokens[j].pos], j + 1
        j += 1
    raise NotationError("missing '}'", source[tokens[k].pos: tokens[k].pos + 20])


def _phrase(words: str, source: str) -> str:
    normal = " ".join(words.replace(",", " ").split()).lower()
    if normal in PHRASES or normal == "":
        return PHRASES.get(normal, "")
    raise NotationError("this prose is not part of a formula; write conditions as "
                        "\\text{if } x > 0 or \\text{for all } x (or with --where)", words.strip())


def _cut(source: str, tokens: list[Token]) -> int | None:
    """Index of the first top-level token after which the rest is prose and conditions."""
    depth, relations = 0, 0
    for k, token in enumerate(tokens[:-1]):
        if not depth and token.text == "(" and relations and _spaced(source, tokens, k) \
                and _condition_in_parentheses(tokens, k):
            return k  # Boyd's x^2 \ge 0 \qquad (x \in \mathbb{R}): a relation in parentheses ending the claim
        if token.kind == "symbol" and token.text in "([{" or token.text in ("\\begin", "\\{"):
            depth += 1
        elif token.kind == "symbol" and token.text in ")]}" or token.text in ("\\end", "\\}"):
            depth -= 1
        if depth:
            continue
        if (token.text in PROSE_COMMANDS or token.text == "\\forall") and relations:
            return k  # words before the relation are part of the formula, and the reader refuses them there
        if token.text in RELATIONS:
            relations += 1
        if token.text == "," and relations and any(t.text in CONDITION_SIGNS for t in tokens[k + 1:]):
            return k
    return None


def _spaced(source: str, tokens: list[Token], k: int) -> bool:
    """A spacing command (\\quad, \\,) or a comma sets tokens[k] apart: never P(y = 1), a function applied."""
    before = tokens[k - 1] if k else None
    gap = source[before.pos + len(before.text): tokens[k].pos] if before is not None else ""
    return "\\" in gap or before is not None and before.text == ","


def _condition_in_parentheses(tokens: list[Token], opener: int) -> bool:
    """tokens[opener] opens a parenthesis that ends the claim (but for punctuation) and holds a relation."""
    depth, signs = 0, 0
    for k in range(opener, len(tokens) - 1):
        depth += tokens[k].kind == "symbol" and tokens[k].text in "([{"
        depth -= tokens[k].kind == "symbol" and tokens[k].text in ")]}"
        signs += depth == 1 and tokens[k].text in CONDITION_SIGNS
        if depth == 0:
            return signs > 0 and all(t.text in (".", ",", ";") for t in tokens[k + 1:-1])
    return False


def split_prose(source: str) -> tuple[str, list[str]]:
    """(the formula, the conditions its trailing words state) of a claim."""
    tokens = tokenize(source)
    cut = _cut(source, tokens)
    if cut is None:
        return source, []
    body = source[: tokens[cut].pos]
    pieces: list[tuple[str, list[Token]]] = []  # (phrase kind, math tokens that follow it)
    kind, math, k = "condition", [], cut
    while tokens[k].kind != "end":
        token = tokens[k]
        if token.text in PROSE_COMMANDS or token.text == "\\forall":
            pieces.append((kind, math))
            words, k = prose_text(source, tokens, k)
            kind, math = _phrase(words, words) or kind, []
            continue
        math.append(token)
        k += 1
    pieces.append((kind, math))
    conditions: list[str] = []
    for kind, math in pieces:
        conditions += _conditions(source, kind, math)
    return body, conditions


def _conditions(source: str, kind: str, math: list[Token]) -> list[str]:
    """`x, y > 0` → [x > 0, y > 0]; `x` after a quantifier → nothing; `0 < p < 1` → itself."""
    while math and math[-1].text in (".", ",", ";"):
        math = math[:-1]
    while math and math[0].text in (",", ";"):
        math = math[1:]
    if len(math) > 2 and math[0].text == "(" and math[-1].text == ")":
        math = math[1:-1]  # (x \ge 0) ending the claim
    out: list[str] = []
    pending: list[str] = []
    for part in split_commas(math):
        if not part:
            continue
        text = source[part[0].pos: part[-1].pos + len(part[-1].text)].strip()
        if not any(t.text in CONDITION_SIGNS for t in part):
            pending.append(text)
            continue
        first = next(k for k, t in enumerate(part) if t.text in CONDITION_SIGNS)
        rest = source[part[first].pos: part[-1].pos + len(part[-1].text)]
        out += [f"{name} {rest}" for name in pending] + [text]
        pending = []
    if pending and kind != "quantifier":
        raise NotationError("a condition needs a relation, as in \\text{if } x > 0", ", ".join(pending))
    return out
