"""A corpus file read and audited once per test process (the corpus tests share it)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from dlmath.derivations.audit import run_audit
from dlmath.derivations.sources import ClaimSource
from dlmath.symbolic.verify.verdict import Verdict


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def audited(path: Path) -> dict[str, Verdict]:
    """Every claim's verdict by id. Cached beyond any fixture: xdist may run another module's tests
    between one module's, which tears a module fixture down, and the corpus was audited twice."""
    claims = [ClaimSource(r["latex"], tuple(r["where"]), r["id"]) for r in records(path)]
    return {r["id"]: res.checked.verdict
            for r, res in zip(records(path), run_audit(claims, jobs=2, timeout=20, progress=False))}
