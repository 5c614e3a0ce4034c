"""Where claims come from: the displayed equations of a .tex file, or a .jsonl file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from dlmath.symbolic.errors import DlmathError
from dlmath.symbolic.verify.verdict import Status, Verdict
from dlmath.symbolic.verify.worker import Checked, unreadable

from .definitions import Decision, Scope, mentions, token_texts
from .macros import REFUSED
from .prose_math import Declared, prose_declarations
from .tex import Link, blank, display_links

SEED_CLAIMS = "seed_claims.jsonl"


class SourceError(DlmathError):
    """A file of claims that cannot be read (missing, unreadable, malformed)."""


@dataclass(frozen=True)
class ClaimSource:
    """One claim to check (or a definition to report) and where it came from (FILE:LINE).

    `fixed` is the result when the display is not run (a definition, a claim that uses a definition
    the verifier cannot substitute; a definition is never checked, so its status is undecided and the
    audit reports it by its role); `needs` are the sources of the definitions of known functions
    (\\sigma(z) = …) that must agree with the reader's meaning for this claim's verdict to stand.
    """

    latex: str
    where: tuple[str, ...]
    source: str
    note: str = ""
    role: str = "claim"          # claim | definition
    fixed: Checked | None = None
    needs: tuple[str, ...] = ()


MARKDOWN = (".md", ".markdown")  # read like .tex: their $$…$$ displays are the claims
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)`[^`\n]+`(?!`)")


def without_code(text: str, markdown: bool) -> str:
    """Fenced code blocks (and in Markdown `code` spans) blanked, line breaks kept: code is not math."""
    text = _FENCE.sub(blank, text)
    return _CODE_SPAN.sub(blank, text) if markdown else text


UNEXPANDED = ("a macro of this file that dlmath does not expand (an optional argument's default, \\let): "
              "write it out in the display")


def tex_claims(path: Path, text: str) -> list[ClaimSource]:
    """One entry per link of every relation chain in the file's displays: claims and definitions."""
    text = without_code(text, path.suffix in MARKDOWN)
    scope = Scope()
    declared = prose_declarations(text)
    out = []
    for link in display_links(text):
        source = f"{path}:{link.line}"
        if REFUSED in link.latex:
            out.append(ClaimSource(link.latex, (), source, fixed=unreadable(UNEXPANDED)))
            continue
        out.append(_declared_in_prose(link_claim(link, source, scope.decide(link, source)), link, path, declared))
    return out


def _declared_in_prose(claim: ClaimSource, link: Link, path: Path, declared: list[Declared]) -> ClaimSource:
    """The shapes the prose before the display declares for the names it writes (prose_math.py)."""
    texts = token_texts(link.latex)
    uses = [d for d in declared if d.line <= link.line and mentions(texts, d.name)]
    if not uses or claim.role != "claim" or link.error:
        return claim
    unusable = next((d for d in uses if not d.where), None)
    if unusable is not None and claim.fixed is None:
        why = (f"uses {' '.join(unusable.name)}, declared in the prose at {path}:{unusable.line} "
               f"(${unusable.latex}$) in a form the verifier cannot use: give it numeric sizes, "
               "as in $A \\in \\mathbb{R}^{2 \\times 2}$")
        return replace(claim, fixed=Checked(Verdict(Status.UNDECIDED, "definition", why)))
    extra = tuple(dict.fromkeys(d.where for d in uses if d.where))
    return replace(claim, where=(*extra, *claim.where))


def link_claim(link: Link, source: str, decision: Decision) -> ClaimSource:
    """The claim (or definition) one link of a display stands for, as the audit decides it."""
    if link.error:
        return ClaimSource(link.latex, (), source, link.error)
    if decision.usage == "compare":
        return ClaimSource(link.latex, (), source, role="definition")
    if decision.definition:
        detail = ("substituted into the later claims of this file" if decision.usage == "where" else
                  f"not substituted ({decision.reason}): later claims that use {link.left} are undecided")
        return ClaimSource(link.latex, (), source, role="definition",
                           fixed=Checked(Verdict(Status.UNDECIDED, "definition", detail)))
    fixed = (unreadable(decision.refused) if decision.refused else
             Checked(Verdict(Status.UNDECIDED, "definition", decision.blocked)) if decision.blocked else None)
    return ClaimSource(link.latex, decision.where + link.conditions, source, fixed=fixed, needs=decision.needs)


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
        claims = jsonl_claims(path, text)
        if not claims:
            raise SourceError(f"{path}: no claims found (a .jsonl file has one JSON object per line, "
                              '{"latex": "…", "where": ["…"]})')
        return claims
    if path.suffix in (".tex", ".ltx", ".latex", *MARKDOWN):
        claims = tex_claims(path, text)
        if not claims:
            raise SourceError(f"{path}: no claims found (no displayed equation with a relation, =, \\le, …, "
                              "in \\[…\\], $$…$$ or an equation/align environment; inline $…$ math is not audited)")
        return claims
    raise SourceError(f"{path}: unknown kind of file; give a .tex, .md or .jsonl file")


def seed_claims() -> list[ClaimSource]:
    """The built-in audit: formulas transcribed from the five seed documents."""
    text = resources.files("dlmath.derivations").joinpath("data", SEED_CLAIMS).read_text(encoding="utf-8")
    claims = jsonl_claims(Path(SEED_CLAIMS), text)
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [ClaimSource(c.latex, c.where, r.get("source", c.source), r.get("note", ""))
            for c, r in zip(claims, records)]
