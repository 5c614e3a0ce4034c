"""How fast a big audit runs: a generated book of 1,008 claims on the local pool, on a 2-worker Dask
LocalCluster, and again from a warm verdict cache.

    python benchmarks/audit_scale.py [--per-family 63] [--jobs 2] [--keep book.jsonl]

The book is 16 families of claims of the kinds in tests/corpus (derivatives of σ, tanh and softplus,
inequalities, sums, a matrix identity, a least-squares gradient), each a true claim or a false one
(a dropped factor, a wrong constant, the transpose the wrong way round), instantiated for the
constants c = 2, 3, …: every claim is a different reading, so the cache cannot fold two into one.
Deterministic: the same book every run.

The runs, in this process, in this order:
  local pool, cold cache   every claim checked (a fresh cache file, so its verdicts are stored)
  Dask LocalCluster        2 worker processes, no cache: every claim checked on the cluster
  warm cache               the same audit again: every verdict from the cache
  after an edit            1 % of the claims changed (10 checked again), 1 % respaced (found by reading)
Claims per second for each, the warm/cold ratio (the issue's figure to beat: warm ≥ 50× cold), and a
check that the cluster's and the cache's verdicts are the local pool's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from dlmath.derivations import audit
from dlmath.derivations.cache import VerdictCache
from dlmath.derivations.cluster import DaskCluster
from dlmath.derivations.executor import LocalPool
from dlmath.derivations.sources import ClaimSource

TIMEOUT = 20.0
GOAL = 50.0  # warm cache at least this many times faster than cold (issue 18)


def families(c: int) -> list[tuple[str, tuple[str, ...], bool]]:
    """(claim, conditions, true?) of every family for the constant c ≥ 2."""
    square = (r"A \in \mathbb{R}^{2 \times 2}", r"B \in \mathbb{R}^{2 \times 2}")
    shapes = (r"A \in \mathbb{R}^{2 \times 3}", r"B \in \mathbb{R}^{3 \times 2}")
    return [
        (rf"\frac{{d}}{{dx}} \sigma({c}x) = {c}\sigma({c}x)(1-\sigma({c}x))", (), True),
        (rf"\frac{{d}}{{dx}} \sigma({c}x) = \sigma({c}x)(1-\sigma({c}x))", (), False),
        (rf"\frac{{d}}{{dx}} \tanh({c}x) = {c}(1-\tanh^2({c}x))", (), True),
        (rf"\frac{{d}}{{dx}} \tanh({c}x) = 1-\tanh^2({c}x)", (), False),
        (rf"\frac{{d}}{{dx}} \ln(1+e^{{{c}x}}) = {c}\sigma({c}x)", (), True),
        (rf"\frac{{d}}{{dx}} \ln(1+e^{{{c}x}}) = \sigma({c}x)", (), False),
        (rf"e^{{{c}x}} \ge 1 + {c}x", (), True),
        (rf"e^{{{c}x}} \ge 1 + {c + 1}x", (), False),
        (rf"\ln(1+{c}x) \le {c}x", (rf"x > -\frac{{1}}{{{c}}}",), True),
        (rf"\ln(1+{c}x) \le x", ("x > 0",), False),
        (rf"\sum_{{i=1}}^{{n}} {c} i = \frac{{{c} n(n+1)}}{{2}}", (), True),
        (rf"\sum_{{i=1}}^{{n}} {c}^{{i}} = \frac{{{c}^{{n+1}}-1}}{{{c - 1}}}", (), False),
        (rf"({c} A B)^{{T}} = {c} B^{{T}} A^{{T}}", shapes, True),
        (rf"({c} A B)^{{T}} = {c} A^{{T}} B^{{T}}", square, False),
        (rf"\frac{{\partial}}{{\partial w}} \frac{{1}}{{2}}({c} w x - y)^2 = {c}({c} w x - y) x", (), True),
        (rf"\frac{{\partial}}{{\partial w}} \frac{{1}}{{2}}({c} w x - y)^2 = ({c} w x - y) x", (), False),
    ]


def book(per_family: int) -> list[ClaimSource]:
    rows = [row for c in range(2, 2 + per_family) for row in families(c)]
    return [ClaimSource(latex, where, f"book:{i + 1}", note="true" if true else "false")
            for i, (latex, where, true) in enumerate(rows)]


def edited(claims: list[ClaimSource]) -> tuple[list[ClaimSource], int, int]:
    """Every 100th claim changed (+ 1 on both sides: a new reading, to be checked again), every 100th from the
    50th respaced (a new spelling, the same reading)."""
    out, changed, respaced = [], 0, 0
    for i, claim in enumerate(claims):
        relation = next(r for r in (" = ", r" \ge ", r" \le ") if r in claim.latex)
        if i % 100 == 0:
            left, right = claim.latex.split(relation, 1)
            claim = ClaimSource(f"{left} + 1{relation}{right} + 1", claim.where, claim.source, claim.note)
            changed += 1
        elif i % 100 == 50:
            claim = ClaimSource(claim.latex.replace(relation, f"  {relation}  "), claim.where, claim.source, claim.note)
            respaced += 1
        out.append(claim)
    return out, changed, respaced


def timed(label: str, claims: list[ClaimSource], **options: object) -> tuple[list[audit.AuditResult], float]:
    print(f"  {label} …", file=sys.stderr, flush=True)
    start = time.perf_counter()
    results = audit.run_audit(claims, 2, TIMEOUT, progress=False, **options)
    return results, time.perf_counter() - start


def verdicts(results: list[audit.AuditResult]) -> list[tuple[str, str]]:
    return [(r.status, r.checked.verdict.method) for r in results]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-family", type=int, default=63, help="constants per family (16 families; 63: 1,008)")
    parser.add_argument("--jobs", type=int, default=2, help="local worker processes, and the cluster's workers")
    parser.add_argument("--keep", type=Path, help="also write the book as .jsonl here")
    args = parser.parse_args(argv)
    claims = book(args.per_family)
    if args.keep:
        import json
        args.keep.write_text("".join(json.dumps({"latex": c.latex, "where": list(c.where), "truth": c.note == "true"})
                                     + "\n" for c in claims), encoding="utf-8")
    print(f"book: {len(claims)} claims ({sum(c.note == 'true' for c in claims)} true), timeout {TIMEOUT:g} s, "
          f"{args.jobs} workers", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        cache = VerdictCache(Path(folder) / "verdicts.sqlite")
        local, cold = timed("local pool, cold cache", claims, executor=LocalPool(args.jobs), cache=cache)
        rows.append(("local pool, cold cache", len(claims), cold))
        from dask.distributed import Client, LocalCluster
        with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=":0") as lc, \
                Client(lc, set_as_default=False) as client:
            remote, seconds = timed(f"Dask LocalCluster ({args.jobs} workers), no cache", claims,
                                    executor=DaskCluster(client))
        rows.append((f"Dask LocalCluster, {args.jobs} workers", len(claims), seconds))
        warm, hot = timed("warm cache", claims, executor=LocalPool(args.jobs), cache=cache)
        rows.append(("warm cache (local pool)", len(claims), hot))
        changed_claims, changed, respaced = edited(claims)
        after, seconds = timed("after an edit", changed_claims, executor=LocalPool(args.jobs), cache=cache)
        rows.append((f"after editing {changed} and respacing {respaced}", len(claims), seconds))
        cache.close()
    print(f"\n{'run':<40} {'claims':>7} {'seconds':>9} {'claims/s':>10}")
    for label, count, seconds in rows:
        print(f"{label:<40} {count:>7} {seconds:>9.2f} {count / seconds:>10.1f}")
    ratio = cold / hot
    print(f"\nwarm cache / cold: {ratio:.0f}× faster (goal ≥ {GOAL:g}×)")
    print(f"cached: warm {sum(r.cached for r in warm)}/{len(warm)}, after the edit {sum(r.cached for r in after)}"
          f"/{len(after)} ({changed} changed claims checked again)")
    print("verdicts (local pool):", dict(Counter(str(r.status) for r in local)))
    wrong = [r.claim.source for r in local if r.status in ("proved", "refuted")
             and (r.status == "proved") != (r.claim.note == "true")]
    print(f"false proved or true refuted: {len(wrong)}" + (f" ({', '.join(wrong[:5])})" if wrong else ""))
    same = verdicts(remote) == verdicts(local) and verdicts(warm) == verdicts(local)
    print(f"cluster and warm cache give the local pool's verdicts: {same}")
    return 0 if same and ratio >= GOAL and not wrong else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
