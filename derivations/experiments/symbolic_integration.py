"""Seed 001's neural symbolic integration, checked as its paper checks a model's outputs: by differentiating.

Lample & Charton (in seed 001) count an integral answered when the model's antiderivative,
differentiated, simplifies back to the integrand. Here a table of integration problems and
candidate answers (right ones and the typical wrong ones a model or a student writes) is
checked by `dlmath verify`, each claim in its own worker process under the time limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from dlmath.numeric.plots import save_formats
from dlmath.symbolic.verify.verdict import Status

from ..executor import LocalPool
from ..experiment import Config, Findings, Row, experiment

SEED_FILE = "001_f4e3cb575dde6e58.txt"
TIMEOUT_SECONDS = 20.0
RIGHT = "right"


@dataclass(frozen=True)
class Candidate:
    """One answer to one integration problem: the claim `\\int f \\, dx = F + C`, and what kind of answer it is."""

    integrand: str
    answer: str
    kind: str  # RIGHT, or the mistake: "wrong sign", "missing chain factor", "ln x for ln|x|", "missing 1/a"
    where: tuple[str, ...] = ()

    @property
    def latex(self) -> str:
        return f"\\int {self.integrand} \\, dx = {self.answer} + C"


# Each problem's right answer first, then the wrong ones a model (or a student) typically writes.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate("x^{3}", "\\frac{x^{4}}{4}", RIGHT),
    Candidate("x^{3}", "\\frac{x^{4}}{3}", "wrong power rule"),
    Candidate("\\sin(x)", "-\\cos(x)", RIGHT),
    Candidate("\\sin(x)", "\\cos(x)", "wrong sign"),
    Candidate("\\cos(3x)", "\\frac{1}{3}\\sin(3x)", RIGHT),
    Candidate("\\cos(3x)", "\\sin(3x)", "missing chain factor"),
    Candidate("e^{a x}", "\\frac{e^{a x}}{a}", RIGHT, ("a \\ne 0",)),
    Candidate("e^{a x}", "e^{a x}", "missing 1/a", ("a \\ne 0",)),
    Candidate("\\frac{1}{x}", "\\ln|x|", RIGHT),
    Candidate("\\frac{1}{x}", "\\ln x", "ln x for ln|x|"),
    Candidate("\\frac{1}{x}", "\\ln x", RIGHT, ("x > 0",)),
    Candidate("\\frac{1}{a x + b}", "\\frac{1}{a}\\ln|a x + b|", RIGHT, ("a \\ne 0",)),
    Candidate("\\frac{1}{a x + b}", "\\ln|a x + b|", "missing 1/a", ("a \\ne 0",)),
    Candidate("x e^{x^{2}}", "\\frac{1}{2} e^{x^{2}}", RIGHT),
    Candidate("x e^{x^{2}}", "e^{x^{2}}", "missing chain factor"),
    Candidate("x \\cos(x)", "x \\sin(x) + \\cos(x)", RIGHT),
    Candidate("x \\cos(x)", "x \\sin(x) - \\cos(x)", "wrong sign"),
    Candidate("\\frac{1}{1 + x^{2}}", "\\arctan(x)", RIGHT),
    Candidate("\\frac{1}{1 + x^{2}}", "-\\arctan(x)", "wrong sign"),
    Candidate("\\tanh(x)", "\\ln(\\cosh(x))", RIGHT),
    Candidate("\\sigma(x)", "\\ln(1 + e^{x})", RIGHT),
    Candidate("\\sigma(x)", "\\ln(1 + e^{-x})", "wrong sign"),
    Candidate("\\sin(x) \\cos(x)", "\\frac{1}{2}\\sin^{2}(x)", RIGHT),
    Candidate("\\sin(x) \\cos(x)", "-\\frac{1}{4}\\cos(2x)", RIGHT),  # differs from the line above by a constant
    Candidate("\\frac{1}{2\\sqrt{x}}", "\\sqrt{x}", RIGHT),
    Candidate("\\ln x", "x \\ln x - x", RIGHT),
    Candidate("\\ln x", "\\frac{1}{x}", "derivative for antiderivative"),
)


@dataclass(frozen=True)
class Outcome:
    candidate: Candidate
    status: str
    method: str


def check_candidates(candidates: tuple[Candidate, ...], jobs: int = 2) -> list[Outcome]:
    """Each candidate's verdict, every claim in a worker process under the time limit."""
    from dlmath.symbolic.verify.worker import check  # the worker's own task: read, then verify

    items = [(c.latex, c.where, 0) for c in candidates]
    outcomes: dict[int, Outcome] = {}
    for index, checked in LocalPool(jobs).run(check, items, TIMEOUT_SECONDS):
        outcomes[index] = Outcome(candidates[index], str(checked.verdict.status), checked.verdict.method)
    return [outcomes[i] for i in range(len(candidates))]


def _plot(outcomes: list[Outcome], out: Path) -> tuple[Path, ...]:
    """Verdict counts for the right answers and for each kind of mistake."""
    kinds = list(dict.fromkeys(o.candidate.kind for o in outcomes))
    statuses = [str(s) for s in (Status.PROVED, Status.REFUTED, Status.UNDECIDED, Status.ERROR)]
    colours = {"proved": "#2ca02c", "refuted": "#d62728", "undecided": "#7f7f7f", "error": "#9467bd"}
    figure = Figure(figsize=(9, 4.2))
    axes = figure.subplots()
    left = [0] * len(kinds)
    for status in statuses:
        counts = [sum(o.status == status and o.candidate.kind == k for o in outcomes) for k in kinds]
        axes.barh(kinds, counts, left=left, color=colours[status], label=status)
        left = [a + b for a, b in zip(left, counts)]
    axes.invert_yaxis()
    axes.set(xlabel="candidate answers", title="Integration answers checked by differentiation: verdict per kind")
    axes.legend(loc="lower right")
    figure.tight_layout()
    return save_formats(figure, out, "symbolic_integration", dpi=110)


@experiment("symbolic-integration", "Integration answers checked by differentiation: right ones proved, "
            "typical wrong ones refuted", sources=(SEED_FILE,))
def run(config: Config) -> Findings:
    """Check the table of candidate antiderivatives; count right answers proved and wrong ones refuted."""
    outcomes = check_candidates(CANDIDATES)
    right = [o for o in outcomes if o.candidate.kind == RIGHT]
    wrong = [o for o in outcomes if o.candidate.kind != RIGHT]
    proved = sum(o.status == "proved" for o in right)
    refuted = sum(o.status == "refuted" for o in wrong)
    unsound = sum(o.status == "proved" for o in wrong) + sum(o.status == "refuted" for o in right)
    results = {"candidates": len(outcomes), "right_answers": len(right), "right_proved": proved,
               "wrong_answers": len(wrong), "wrong_refuted": refuted, "unsound_verdicts": unsound,
               "undecided": sum(o.status in ("undecided", "error") for o in outcomes)}
    table = (Row("right answers proved", "—", f"{proved} of {len(right)}"),
             Row("wrong answers refuted", "—", f"{refuted} of {len(wrong)}"),
             Row("verdicts against the truth", "—", str(unsound)),
             *(Row(f"$\\int {o.candidate.integrand}\\,dx = {o.candidate.answer} + C$"
                   + (f" (${', '.join(o.candidate.where)}$)" if o.candidate.where else ""),
                   o.candidate.kind, o.status) for o in outcomes))
    notes = ("Seed 001 lists Lample & Charton’s neural symbolic integration, whose answers are accepted when the "
             "derivative of the model’s antiderivative simplifies to the integrand. Here the candidates are a table "
             "of right answers and the typical wrong ones (a wrong sign, a missing chain factor or $1/a$, $\\ln x$ "
             "where $\\ln |x|$ is meant), written by hand: no model is trained.",
             r"$\ln x$ for $1/x$ is refuted at a point $x < 0$, where $1/x$ is defined and $\ln x$ is not real; with "
             r"the condition $x > 0$ the same answer is proved. Two right answers may differ by a constant "
             r"($\sin^2 x / 2$ and $-\cos 2x / 4$): both are proved.")
    return Findings("symbolic-integration", results, {}, table, _plot(outcomes, Path(config.out)), notes)
