"""One verdict for a claim with several plausible readings: proved or refuted only when all agree."""

from __future__ import annotations

from ..notation.reading import Reading, Readings
from ..notation.roles import latex_name
from .engine import verify
from .verdict import PROVED, REFUTED, UNDECIDED, Verdict


def verify_readings(found: Readings, seed: int = 0) -> tuple[Verdict, Reading]:
    """The verdict over every reading, and the reading it reports (the refuted one, or the first)."""
    if len(found.readings) == 1 and found.readings[0].claim is not None:
        return verify(found.readings[0].claim, seed), found.readings[0]
    decided = [(r, verify(r.claim, seed) if r.claim is not None else None) for r in found.readings]
    statuses = {v.status if v is not None else "unreadable" for _, v in decided}
    seconds = sum(v.seconds for _, v in decided if v is not None)
    summary = "; ".join(f"as {found.describe(r)}: {v.status if v else 'unreadable (' + r.problem + ')'}"
                        for r, v in decided)
    if statuses == {PROVED}:
        first = decided[0][1]
        return Verdict(PROVED, f"every reading proved ({len(decided)} readings)",
                       f"Proved under each of the {len(decided)} readings. {first.detail}",
                       evidence=first.evidence, seconds=seconds), decided[0][0]
    if statuses == {REFUTED}:
        reading, verdict = decided[0]
        return Verdict(REFUTED, f"every reading refuted ({len(decided)} readings)",
                       f"Refuted under each of the {len(decided)} readings; the counterexample is for "
                       f"the reading where {found.describe(reading)}. {verdict.detail}",
                       verdict.counterexample, verdict.evidence, seconds), reading
    advice = _how_to_write(found)
    return Verdict(UNDECIDED, "ambiguous notation",
                   f"The notation has {len(decided)} readings and they disagree: {summary}. {advice}",
                   seconds=seconds), decided[0][0]


def _how_to_write(found: Readings) -> str:
    """One sentence per ambiguous fragment: how to write each of its meanings."""
    seen: dict[str, list[str]] = {}
    for reading in found.readings:
        for choice in reading.choices:
            text = choice.how_to_write(found.survey)
            if text not in seen.setdefault(choice.key, []):
                seen[choice.key].append(text)
    return " ".join(f"To say which is meant for {latex_name(key)}, write " + " or ".join(ways) + "."
                    for key, ways in seen.items())
