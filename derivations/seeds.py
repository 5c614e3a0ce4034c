"""The five seed documents the catalog cites: one record each, so a reader sees a title, not a file name.

The files themselves are described in the project's seeds/README.md; the titles here are the ones given there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seed:
    """A seed document: its file, who wrote it and what it is called."""

    file: str
    author: str
    title: str

    @property
    def number(self) -> str:
        """'004' for 004_153ca892f3cbebf4.txt."""
        return self.file.split("_", 1)[0]

    @property
    def citation(self) -> str:
        """'Bearden, “The Mathematics of Deep Learning” (seed 004, `004_….txt`)', as prose with the file as code."""
        return f"{self.author}, “{self.title}” (seed {self.number}, `{self.file}`)"

    @property
    def reference(self) -> str:
        """'Bearden (UT Tyler), “The Mathematics of Deep Learning” (seed 004)': a chapter's source line; the
        preface's list of seeds (`citation`) gives each file name once."""
        return f"{self.author}, “{self.title}” (seed {self.number})"


SEEDS: dict[str, Seed] = {s.file: s for s in (
    Seed("000_c0bdae25d982a9c0.txt", "Jacobson (QTM)", "Deep learning mathematics"),
    Seed("001_f4e3cb575dde6e58.txt", "Mukherjee", "A Study of the Mathematics of Deep Learning"),
    Seed("002_cf0eb5ed628efded.txt", "Gattami", "Mathematical Foundations of Deep Learning"),
    Seed("003_2ef027bd369c874d.txt", "notes on Wakui & Wakui", "Mathematics to understand Deep Learning"),
    Seed("004_153ca892f3cbebf4.txt", "Bearden (UT Tyler)", "The Mathematics of Deep Learning"),
)}


def cited(document: str) -> str:
    """How prose names a source document: a seed by its author and title, anything else by its name."""
    seed = SEEDS.get(document)
    return seed.reference if seed is not None else f"`{document}`"
