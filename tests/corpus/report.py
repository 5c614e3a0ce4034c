"""Measure the verifier on the corpora and print the figures the issues ask for.

    python tests/corpus/report.py [--corpus textbook|modern|all] [--jobs N] [--timeout S] [--json]

Runs every claim of tests/corpus/textbook_claims.jsonl and modern_claims.jsonl the way
`dlmath audit` does (parallel workers, a time limit each) and compares the verdicts with
the corpus's truth labels: false proved, true refuted, unreadable and undecided shares,
proved and refuted shares, and refutations whose counterexample names a symbol the claim
never wrote.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from written_names import foreign_names  # noqa: E402  (tests/corpus is on the path: this file's folder)

from dlmath.derivations.audit import run_audit  # noqa: E402
from dlmath.derivations.sources import ClaimSource  # noqa: E402

CORPORA = {"textbook": HERE / "textbook_claims.jsonl", "modern": HERE / "modern_claims.jsonl"}


def load(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(corpus: Path, jobs: int, timeout: float) -> dict[str, object]:
    records = load(corpus)
    claims = [ClaimSource(r["latex"], tuple(r.get("where", [])), r["id"]) for r in records]
    results = run_audit(claims, jobs, timeout, progress=True)
    true = [(r, res.checked.verdict) for r, res in zip(records, results) if r["truth"]]
    false = [(r, res.checked.verdict) for r, res in zip(records, results) if not r["truth"]]
    seconds = [res.checked.verdict.seconds for res in results]
    figures = {
        "claims": len(records),
        "true": len(true),
        "false": len(false),
        "false_proved": [r["id"] for r, o in false if o.status == "proved"],
        "true_refuted": [r["id"] for r, o in true if o.status == "refuted"],
        "true_proved": sum(o.status == "proved" for _, o in true),
        "false_refuted": sum(o.status == "refuted" for _, o in false),
        "unreadable": [r["id"] for r, res in zip(records, results) if res.status == "error"],
        "undecided": [r["id"] for r, res in zip(records, results) if res.status == "undecided"],
        "proved": sum(res.status == "proved" for res in results),
        "refuted": sum(res.status == "refuted" for res in results),
        "foreign_names": invented_symbols(records, results),
        "median_seconds": statistics.median(seconds),
        "worst_seconds": max(seconds),
        "by_kind": {},
    }
    for kind in sorted({r["kind"] for r in records}):
        rows = [(r, res.checked.verdict) for r, res in zip(records, results) if r["kind"] == kind]
        figures["by_kind"][kind] = {
            "claims": len(rows),
            "true_proved": f"{sum(o.status == 'proved' for r, o in rows if r['truth'])}/"
                           f"{sum(r['truth'] for r, _ in rows)}",
            "false_refuted": f"{sum(o.status == 'refuted' for r, o in rows if not r['truth'])}/"
                             f"{sum(not r['truth'] for r, _ in rows)}",
        }
    figures["details"] = {r["id"]: {"truth": r["truth"], "verdict": res.status, "method": res.checked.verdict.method,
                                    "detail": res.checked.verdict.detail} for r, res in zip(records, results)}
    return figures


def invented_symbols(records: list[dict], results: list) -> dict[str, list[str]]:
    """Per refuted claim, the counterexample's value names that the claim never wrote."""
    found = {}
    for record, result in zip(records, results):
        counterexample = result.checked.verdict.counterexample
        if result.status == "refuted" and counterexample is not None:
            foreign = foreign_names(counterexample.values, record["latex"], record.get("where", []))
            if foreign:
                found[record["id"]] = foreign
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    figures = {name: measure(CORPORA[name], args.jobs, args.timeout) for name in names}
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    for name, f in figures.items():
        print_figures(name, f)
    return 0


def print_figures(name: str, f: dict[str, object]) -> None:
    pct = lambda a, b: f"{a}/{b} = {100 * a / b:.1f} %" if b else "n/a"  # noqa: E731
    print(f"{name} corpus: {f['claims']} claims, {f['true']} true, {f['false']} false")
    print(f"false claims proved:   {len(f['false_proved'])} {f['false_proved']}   (must be 0)")
    print(f"true claims refuted:   {len(f['true_refuted'])} {f['true_refuted']}")
    print(f"true claims proved:    {pct(f['true_proved'], f['true'])}   (goal ≥ 90 %)")
    print(f"false claims refuted:  {pct(f['false_refuted'], f['false'])}   (goal ≥ 95 %)")
    print(f"unreadable:            {pct(len(f['unreadable']), f['claims'])} {f['unreadable']}   "
          "(goal ≤ 2 % textbook, ≤ 5 % modern)")
    print(f"undecided:             {pct(len(f['undecided']), f['claims'])} {f['undecided']}")
    print(f"proved / refuted:      {pct(f['proved'], f['claims'])} / {pct(f['refuted'], f['claims'])}")
    print(f"foreign names:         {len(f['foreign_names'])} {f['foreign_names']}   (must be 0)")
    print(f"seconds per claim:     median {f['median_seconds']:.2f}, worst {f['worst_seconds']:.2f}")
    for kind, row in f["by_kind"].items():
        print(f"  {kind:11s} {row['claims']:3d} claims, true proved {row['true_proved']}, "
              f"false refuted {row['false_refuted']}")
    print()


if __name__ == "__main__":
    sys.exit(main())
