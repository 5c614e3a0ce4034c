"""The claim as read, as one text: what the verifier's verdict depends on, and nothing of the spelling.

Two spellings that read the same (spacing, `\\left(`, a condition written in another order of
whitespace) give the same text; the verdict cache (derivations/cache.py) keys verdicts by it.
It holds every reading's meaning (each side, the relation, the conditions, definitions, shapes and
implicit sizes, as `sympy.srepr`, which names every symbol with its assumptions), the meaning chosen
for each ambiguous fragment, why a reading is unreadable, and the two facts of the survey the verdict
quotes: the names written (the misreading guard) and the superscripts as written (the advice on how
to write an ambiguous one). The raw text itself is left out.
"""

from __future__ import annotations

import json
import re

import sympy as sp

from .claim import Claim
from .reading import Readings

DUMMY_INDEX = re.compile(r"dummy_index=(\d+)")


def reading_text(found: Readings) -> str:
    """The canonical text of every reading of one claim (JSON, deterministic across processes)."""
    readings = [{"choices": [[c.kind, c.key, c.meaning] for c in r.choices],
                 "claim": _claim_text(r.claim) if r.claim is not None else None,
                 "problem": r.problem} for r in found.readings]
    survey = found.survey
    text = json.dumps({"readings": readings, "written": sorted(survey.written),
                       "scripts": sorted([k, *v] for k, v in survey.scripts.items())}, sort_keys=True)
    return _numbered_dummies(text)


def _claim_text(claim: Claim) -> dict[str, object]:
    definitions = [[sp.srepr(d.target), sp.srepr(d.value), d.constraint] for d in claim.definitions]
    return {"lhs": sp.srepr(claim.lhs), "relation": claim.relation, "rhs": sp.srepr(claim.rhs),
            "conditions": [sp.srepr(c) for c in claim.conditions], "integers": [sp.srepr(s) for s in claim.integers],
            "definitions": definitions, "shapes": [[name, list(shape)] for name, shape in claim.shapes],
            "implicit_sizes": [sp.srepr(s) for s in claim.implicit_sizes]}


def _numbered_dummies(text: str) -> str:
    """A Dummy's index is a per-process counter: number them by first appearance, so the text is the same
    in every process (the structure, which Dummy stands where, is kept)."""
    order: dict[str, int] = {}
    return DUMMY_INDEX.sub(lambda m: f"dummy_index={order.setdefault(m.group(1), len(order))}", text)
