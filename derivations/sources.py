"""Where claims come from: the displayed equations of a .tex file, or a .jsonl file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dlmath.symbolic.notation.claim import split_relations
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.tokens import tokenize

ENVIRONMENTS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*")
_BLOCK = re.compile(
    r"\\begin\{(?P<env>" + "|".join(re.escape(e) for e in ENVIRONMENTS) + r")\}(?P<body>.*?)\\end\{(?P=env)\}"
    r"|\$\$(?P<dollars>.*?)\$\$|\\\[(?P<bracket>.*?)\\\]",
    re.DOTALL,
)
_DROP = re.compile(r"\\label\{[^}]*\}|\\nonumber|\\notag|\\tag\{[^}]*\}")
SEED_CLAIMS = "seed_claims.jsonl"


class SourceError(Exception):
    """A file of claims that cannot be read (missing, unreadable, malformed)."""


@dataclass(frozen=True)
class ClaimSource:
    """One claim to check and where it came from (FILE:LINE)."""

    latex: str
    where: tuple[str, ...]
    source: str
    note: str = ""


def strip_comments(text: str) -> str:
    """Blank out % comments (not \\%), keeping every line break so line numbers stay right."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def tex_claims(path: Path, text: str) -> list[ClaimSource]:
    """One claim per link of every relation chain in the file's displayed equations."""
    clean = strip_comments(text)
    claims: list[ClaimSource] = []
    for match in _BLOCK.finditer(clean):
        group = next(g for g in ("body", "dollars", "bracket") if match.group(g) is not None)
        body, start = match.group(group), match.start(group)
        env = match.group("env") or ""
        rows = _rows(body, start, env)
        for chain, offset in _chains(rows, env):
            claims.extend(_links(path, clean, chain, offset))
    return claims


def _rows(body: str, start: int, env: str) -> list[tuple[str, int]]:
    """(text, offset) of each row; multline and equation rows are one row."""
    body = _DROP.sub(lambda m: " " * len(m.group()), body)
    if not env.startswith(("align", "gather")):
        return [(body.replace("\\\\", "  ").replace("&", " "), start)]
    rows, position = [], 0
    for piece in re.split(r"(\\\\)", body):
        if piece != "\\\\":
            rows.append((piece.replace("&", " "), start + position))
        position += len(piece)
    return [(row, offset) for row, offset in rows if row.strip()]


def _chains(rows: list[tuple[str, int]], env: str) -> list[tuple[str, int]]:
    """Join align rows that start with a relation (`&= …`) onto the chain above them."""
    chains: list[tuple[str, int]] = []
    for row, offset in rows:
        lead = row.lstrip()
        continues = env.startswith("align") and chains and re.match(r"(=|<|>|\\le|\\ge|\\leq|\\geq)(?![a-zA-Z])", lead)
        if continues:
            text, first = chains[-1]
            gap = offset - (first + len(text))
            chains[-1] = (text + " " * max(gap, 1) + row, first) if gap >= 0 else (text + " " + row, first)
        else:
            chains.append((row, offset))
    return chains


def _links(path: Path, text: str, chain: str, offset: int) -> list[ClaimSource]:
    try:
        tokens = tokenize(chain)
        sides, relations = split_relations(chain, tokens)
    except NotationError as error:
        line = _line_of(text, offset + len(chain) - len(chain.lstrip()))
        return [ClaimSource(chain.strip(), (), f"{path}:{line}", f"unreadable: {error}")]
    if not relations:
        return []  # a displayed expression, not a claim
    out = []
    for k in range(len(relations)):
        left, right = sides[k], sides[k + 1]
        begin, end = left[0].pos, right[-1].pos + len(right[-1].text)
        link = chain[begin:end]
        out.append(ClaimSource(link.strip(), (), f"{path}:{_line_of(text, offset + begin)}"))
    return out


def jsonl_claims(path: Path, text: str) -> list[ClaimSource]:
    """One claim per line: {"latex": …, "where": [...]} (blank lines skipped)."""
    claims = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SourceError(f"{path}:{number}: not a JSON object ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("latex"), str):
            raise SourceError(f"{path}:{number}: each line needs a \"latex\" string")
        where = record.get("where") or []
        if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
            raise SourceError(f"{path}:{number}: \"where\" must be a list of strings")
        source = record.get("source")
        label = f"{path}:{number}" + (f" ({source})" if isinstance(source, str) else "")
        claims.append(ClaimSource(record["latex"], tuple(where), label, str(record.get("note", ""))))
    return claims


def read_claims(path: Path) -> list[ClaimSource]:
    """The claims of a .tex or .jsonl file; SourceError if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    if path.suffix == ".jsonl":
        return jsonl_claims(path, text)
    if path.suffix in (".tex", ".ltx", ".latex"):
        return tex_claims(path, text)
    raise SourceError(f"{path}: unknown kind of file; give a .tex or a .jsonl file")


def seed_claims() -> list[ClaimSource]:
    """The built-in audit: formulas transcribed from the five seed documents."""
    text = resources.files("dlmath.derivations").joinpath("data", SEED_CLAIMS).read_text(encoding="utf-8")
    claims = jsonl_claims(Path(SEED_CLAIMS), text)
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [ClaimSource(c.latex, c.where, r.get("source", c.source), r.get("note", ""))
            for c, r in zip(claims, records)]
