"""Cut the displayed equations of a .tex file into links `LEFT REL RIGHT`, as the author wrote them.

Only the display's own alignment belongs to the display: its top-level `&` and row breaks `\\\\`
(including those of a `split`, `aligned` or `gathered` inside it). A matrix, `cases` or `array`
inside a display keeps its `&` and `\\\\`, and so does anything inside braces. Every change is
made in place, character for character, so that every offset (hence every line number) stays right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dlmath.symbolic.notation.claim import split_relations
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.tokens import tokenize

from .macros import expanded

ENVIRONMENTS = ("equation", "align", "alignat", "flalign", "gather", "multline", "eqnarray", "displaymath")
_BLOCK = re.compile(
    r"\\begin\{(?P<env>(?:" + "|".join(ENVIRONMENTS) + r")\*?)\}(?P<body>.*?)\\end\{(?P=env)\}"
    r"|(?<!\\)\$\$(?P<dollars>.*?)\$\$|(?<!\\)\\\[(?P<bracket>.*?)\\\]",
    re.DOTALL,
)
_DROP = re.compile(r"\\label\{[^}]*\}|\\nonumber|\\notag|\\tag\*?\{[^}]*\}")
_COLUMNS = re.compile(r"^\s*\{\d+\}")  # alignat's column count
# Written forms of "is defined as"; each becomes `=` and marks its link as an explicit definition.
_DEFINES = re.compile(r":=|\\coloneqq|\\triangleq|\\equiv|\\(?:stackrel|overset)\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\{=\}")
# Alignment environments inside a display: their & and \\ are the display's own.
_TRANSPARENT = re.compile(r"\\(?:begin|end)\{(?:split|aligned|alignedat|gathered|multlined)\}"
                          r"(?:\[[a-z]\])?(?:\{\d+\})?")
_SCAN = re.compile(r"(?P<transparent>" + _TRANSPARENT.pattern + r")|\\begin\{(?P<begin>[^}]*)\}|\\end\{(?P<end>[^}]*)\}"
                   r"|(?P<newrow>\\\\\*?(?:\s*\[[^\]]*\])?|\\(?:short)?intertext\{[^}]*\})"  # text between rows
                   r"|(?P<separator>,\s*\\q?quad(?![a-zA-Z])|\\qquad(?![a-zA-Z]))|(?P<amp>&)|\\[{}&%$#]|(?P<open>\{)|(?P<close>\})")
_RELATION_LEAD = re.compile(r"(=|<|>|\\(?:le|ge|leq|geq|leqslant|geqslant|lt|gt|ne|neq)(?![a-zA-Z]))")
_OPERATOR_LEAD = re.compile(r"([+\-]|\\(?:cdot|times|pm|mp)(?![a-zA-Z]))")
_SPACING = re.compile(r"^(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:!]|~)+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n\s*\n")
# Words of the sentence just before a display that make it a definition ("Let", "where", …).
_CUE = re.compile(r"\b(let|define[sd]?|denote[sd]?|where|definition|we write)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One link `LEFT REL RIGHT` of a relation chain in a display, and what surrounds it."""

    latex: str
    left: str
    right: str
    relation: str        # =, <=, >=, <, >, != as split_relations names them
    line: int            # the line of the relation sign: the row the link is written on
    first: bool          # the first link of its chain (only a first link can define)
    explicit: bool       # written with :=, \coloneqq, \equiv, \stackrel{def}{=} …
    cue: bool            # the sentence before the display says Let / Define / where …
    error: str = ""      # the chain cannot be read: the reader's message (latex is the whole chain)
    conditions: tuple[str, ...] = ()  # `a = b, \\quad x > 0`: the inequalities written beside it


def strip_comments(text: str) -> str:
    """Blank out % comments (not \\%), keeping every line break so line numbers stay right."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)


def blank(match: re.Match[str]) -> str:
    """The matched text as spaces, its line breaks kept (so every line number stays right)."""
    return re.sub(r"[^\n]", " ", match.group())


def display_links(text: str) -> list[Link]:
    """Every link of every relation chain in the displayed equations of a .tex text, in file order."""
    clean = expanded(strip_comments(text))
    links: list[Link] = []
    previous_end = 0
    for match in _BLOCK.finditer(clean):
        group = next(g for g in ("body", "dollars", "bracket") if match.group(g) is not None)
        start = match.start(group)
        before = _SENTENCE_END.split(clean[previous_end:match.start()])[-1]
        cue = bool(_CUE.search(before))
        previous_end = match.end()
        env = (match.group("env") or "").rstrip("*")
        body = _DROP.sub(blank, _COLUMNS.sub(blank, match.group(group)) if env == "alignat" else match.group(group))
        explicit = {m.start() for m in _DEFINES.finditer(body)}
        body = _DEFINES.sub(lambda m: "=" + " " * (len(m.group()) - 1), body)
        body, masked, breaks, columns = _flatten(body, env)
        pieces = []
        for first, last in _chains(match.group(group), body, breaks, columns, env):
            found = _links(clean, body[first:last], masked[first:last], start + first,
                           {p - first for p in explicit}, cue)
            if first in columns and _is_condition(found) and pieces and pieces[-1]:
                condition = _words(body[first:last]).strip(" ,.;")  # `a = b, \\quad x > 0`: where it holds
                pieces[-1] = [replace(link, conditions=(*link.conditions, condition)) for link in pieces[-1]]
            else:
                pieces.append(found)
        links.extend(link for piece in pieces for link in piece)
    return links


def _flatten(body: str, env: str) -> tuple[str, str, list[int], list[int]]:
    """Blank the display's own & and \\\\ (not a matrix's, not inside braces).

    Returns the blanked body, the same with every nested environment masked (so that the `>` of a
    `cases` is not taken for a relation of the display), where rows break, and where a row's second
    column group begins (`a &= b && \\text{reason}`: every second `&` of an align starts one).
    """
    out, breaks, columns = list(body), [], []
    nested = braces = ampersands = opened = 0
    masked: list[tuple[int, int]] = []
    for match in _SCAN.finditer(body):
        kind = match.lastgroup
        if kind == "begin":
            nested += 1
            opened = match.start() if nested == 1 else opened
        elif kind == "end":
            nested -= 1
            if nested == 0:
                masked.append((opened, match.end()))
        elif kind == "open":
            braces += 1
        elif kind == "close":
            braces -= 1
        elif nested == 0 and braces == 0 and kind in ("transparent", "newrow", "amp", "separator"):
            out[match.start():match.end()] = blank(match)
            if kind == "newrow":
                breaks.append(match.start())
                ampersands = 0
            elif kind == "separator":
                columns.append(match.start())
            elif kind == "amp":
                ampersands += 1
                if ampersands % 2 == 0 and env != "eqnarray":
                    columns.append(match.start())
    flat = "".join(out)
    mask = list(flat)
    for first, last in masked:
        mask[first:last] = "(" + " " * (last - first - 2) + ")"
    return flat, "".join(mask), breaks, columns


def _chains(original: str, body: str, breaks: list[int], columns: list[int], env: str) -> list[tuple[int, int]]:
    """(start, end) of each relation chain: rows that start with a relation continue the chain above.

    A row's second and later column groups are chains of their own (a reason, or a second equation).
    """
    bounds = [0, *breaks, len(body)]
    chains: list[tuple[int, int]] = []
    extra: list[tuple[int, int]] = []
    for first, last in zip(bounds, bounds[1:]):
        cuts = [c for c in columns if first < c < last]
        extra += list(zip(cuts, [*cuts[1:], last]))
        last = cuts[0] if cuts else last
        row = body[first:last]
        if not row.strip():
            continue
        lead = _SPACING.sub("", row)
        empty_left = "&" in original[first:last - len(lead)]  # the row begins in the right column
        continues = chains and env != "gather" and (
            env == "multline" or _RELATION_LEAD.match(lead) or (empty_left and _OPERATOR_LEAD.match(lead)))
        if continues:
            chains[-1] = (chains[-1][0], last)
        else:
            chains.append((first, last))
    return sorted(chains + [e for e in extra if body[e[0]:e[1]].strip()])


def _is_condition(links: list[Link]) -> bool:
    """`x > 0`, `0 < p_i < 1`: inequalities that bound a single symbol (not a second claim such as a \\le b)."""
    def single(side: str) -> bool:
        try:
            texts = [t.text for t in tokenize(side)[:-1]]
        except NotationError:
            return False
        return len(texts) == 1 or (len(texts) == 3 and texts[1] == "_")
    return bool(links) and all(link.relation in ("<", "<=", ">", ">=") for link in links) and any(
        single(side) for link in links for side in (link.left, link.right))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _words(text: str) -> str:
    return " ".join(text.split())


def _links(text: str, chain: str, masked: str, offset: int, explicit_at: set[int], cue: bool) -> list[Link]:
    """The links of one chain; `masked` (nested environments hidden) is where the relations are found."""
    try:
        sides, relations = split_relations(masked, tokenize(masked))
    except NotationError as error:
        line = _line_of(text, offset + len(chain) - len(chain.lstrip()))
        return [Link(_words(chain), "", "", "", line, True, False, cue, f"unreadable: {error}")]
    out = []
    for k in range(len(relations)):
        left, right = sides[k], sides[k + 1]
        begin, end = left[0].pos, right[-1].pos + len(right[-1].text)
        left_end = left[-1].pos + len(left[-1].text)
        relation = left_end + len(chain[left_end:right[0].pos]) - len(chain[left_end:right[0].pos].lstrip())
        out.append(Link(_words(chain[begin:end]), _words(chain[begin:left_end]), _words(chain[right[0].pos:end]),
                        relations[k], _line_of(text, offset + relation), k == 0, relation in explicit_at, cue))
    return out
