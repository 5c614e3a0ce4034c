"""The public Python API: the functions `import dlmath` offers, each doing what its `dlmath` command does.

Every function here is re-exported by the package (`dlmath.verify`, `dlmath.derive`, …); the modules
behind it are private. Errors are typed (all `DlmathError`) and carry the one line the command prints
after "dlmath: ".
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import numpy as np

from dlmath.numeric.compiled.attention import attention_case
from dlmath.numeric.compiled.conv import cnn_case
from dlmath.numeric.compiled.layers import layer_case
from dlmath.numeric.compiled.mlp import DTYPES, Compiled, MlpGradients, mlp_problem
from dlmath.numeric.compiled.mlp import compile_network as _compile
from dlmath.numeric.compiled.norms import CHECKED_BATCH, norm_case
from dlmath.numeric.compiled.recurrent import MAX_HIDDEN, MAX_STEPS, recurrent_case
from dlmath.numeric.compiled.transformer import block_case
from dlmath.numeric.gradcheck import GradCheck
from dlmath.numeric.gradcheck import check_gradients as _three_way
from dlmath.numeric.implicit import implicit_case
from dlmath.symbolic.errors import ParameterError, UnknownNameError
from dlmath.symbolic.models.networks import Network, NetworkError, parse_layers
from dlmath.symbolic.notation.claim import Claim
from dlmath.symbolic.notation.errors import NotationError
from dlmath.symbolic.notation.reading import read_claim
from dlmath.symbolic.verify.verdict import Verdict
from dlmath.symbolic.verify.worker import check_with_timeout

from . import audit as _audit
from . import core
from .cache import VerdictCache, default_path
from .cluster import connect
from .core import Derivation
from .executor import LocalPool
from .experiment import Config, Experiment, Findings, experiments
from .report import AuditReport
from .sources import MARKDOWN, ClaimSource, SourceError, read_claims, tex_claims
from .tutor.exercises import Exercise, pose

DEFAULT_TIMEOUT = 10.0  # seconds per claim, as `dlmath verify` and `dlmath audit`
MAX_PARAMETERS = 20_000_000  # as `dlmath gradcheck`: 160 MB of float64 weights is a typo, not a network
MAX_CHECKED_ENTRIES = 400  # per parameter, as `dlmath gradcheck`: central differences of a wide layer take minutes
LAYER_MODELS = ("softmax", "log-softmax", "residual", "dropout")  # numeric.backprop.layers.LAYERS
# the layer models (softmax … dropout) after the MLP, the normalisations before attention
MODELS = ("mlp", "softmax", "log-softmax", "residual", "dropout", "rnn", "lstm", "cnn", "implicit", "layernorm",
          "batchnorm", "attention", "transformer-block")


def _conditions(where: str | Sequence[str]) -> tuple[str, ...]:
    """A single condition may be given as a string; a string is never taken as a sequence of characters."""
    return (where,) if isinstance(where, str) else tuple(where)


def _seconds(timeout: float) -> float:
    number = isinstance(timeout, int | float) and not isinstance(timeout, bool)
    if not number or not (timeout > 0 and math.isfinite(timeout)):
        raise ParameterError(f"timeout must be a positive number of seconds: {timeout!r}")
    return float(timeout)


def read(latex: str, where: str | Sequence[str] = ()) -> Claim:
    r"""The claim as dlmath reads it, in the notation of docs/notation.md.

    Args:
        latex: the claim, e.g. r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))".
        where: conditions, shapes and definitions, e.g. ["x > 0", r"p = \sigma(z)"] (one may be a string).

    Returns:
        The Claim. Raises NotationError with the reader's one-line message when the text cannot be read
        faithfully (AmbiguousNotation, a NotationError, when it has several plausible readings).
    """
    return read_claim(latex, _conditions(where))


def verify(claim: str | Claim, where: str | Sequence[str] = (), timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    r"""Prove, refute with a counterexample, or leave undecided, in a worker process under a time limit.

    Args:
        claim: LaTeX (read under every plausible reading, as `dlmath verify` does) or a Claim from `read`.
        where: conditions, shapes and definitions for a LaTeX claim (a Claim carries its own).
        timeout: seconds before the worker is stopped and the verdict is undecided.

    Returns:
        The Verdict: `.status` (proved, refuted, undecided, or error if the check crashed), `.method`,
        `.detail`, `.evidence`, `.counterexample` and `.claim`, the claim as read in LaTeX.
        Raises NotationError with the message `dlmath verify` prints when the LaTeX cannot be read.
    """
    seconds = _seconds(timeout)
    if isinstance(claim, Claim):
        if _conditions(where):
            raise ParameterError("where= is for a claim given as LaTeX; a Claim carries its own conditions")
        checked = check_with_timeout("", (), seconds, claim=claim)
    elif isinstance(claim, str):
        checked = check_with_timeout(claim, _conditions(where), seconds)
    else:
        raise ParameterError(f"verify takes LaTeX (a str) or a Claim, not {type(claim).__name__}")
    if checked.unreadable:
        raise NotationError(checked.verdict.detail)
    return checked.verdict


def _audit_claims(source: str | os.PathLike[str]) -> list[ClaimSource]:
    """A path's claims as `dlmath audit PATH` reads them (and Markdown like .tex); a str is the source text."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        if path.suffix not in MARKDOWN:
            return read_claims(path)
        try:
            label, text = path, path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    elif isinstance(source, str):
        label, text = Path("<text>"), source
    else:
        raise ParameterError(f"audit takes LaTeX or Markdown text (a str) or a path, not {type(source).__name__}")
    claims = tex_claims(label, text)
    if not claims:
        hint = "" if isinstance(source, os.PathLike) else "; to audit a file, pass a pathlib.Path"
        raise SourceError(f"{label}: no displayed equation with a relation (=, \\le, …) to audit; "
                          f"inline $…$ math is not audited{hint}")
    return claims


def audit(source: str | os.PathLike[str], *, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
          cache: bool | str | os.PathLike[str] = True, scheduler: str | None = None) -> AuditReport:
    r"""Verify every displayed equation of a document, each claim in its own worker process.

    Args:
        source: the text itself (LaTeX or Markdown with `\[…\]`, `$$…$$` or equation environments), or a
            path (pathlib.Path) to a .tex, .md or .jsonl file. A str is always text, never a file name.
        jobs: parallel workers (default: all cores).
        timeout: seconds per claim.
        cache: the verdict cache, as `dlmath audit` keeps it: True for the default file
            ($XDG_CACHE_HOME/dlmath/verdicts.sqlite), a path for another, False for none.
        scheduler: a Dask scheduler's address (tcp://HOST:PORT) to run the claims on its cluster
            (`pip install 'dlmath[cluster]'`); None runs them on this machine.

    Returns:
        The AuditReport: `.results` in document order, `.summary` counts, `.summary_line`, `.refuted`.
        Raises SourceError when the source cannot be read or has nothing to audit, ClusterError when
        the scheduler cannot be reached, CacheError when the cache file cannot be opened.
    """
    if jobs is None:
        jobs = os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a positive integer: {jobs!r}")
    seconds = _seconds(timeout)  # bad input is refused before any file is read
    if not isinstance(cache, bool | str | os.PathLike):
        raise ParameterError(f"cache must be True, False or a path: {cache!r}")
    if scheduler is not None and not isinstance(scheduler, str):
        raise ParameterError(f"scheduler must be an address such as 'tcp://10.0.0.5:8786': {scheduler!r}")
    claims = _audit_claims(source)
    executor = connect(scheduler) if scheduler else LocalPool(jobs)
    verdicts = None if cache is False else VerdictCache(default_path() if cache is True else Path(cache))
    start = time.perf_counter()
    try:
        results = _audit.run_audit(claims, jobs, seconds, progress=False, executor=executor, cache=verdicts)
    finally:
        executor.close()
        if verdicts is not None:
            verdicts.close()
    return AuditReport(tuple(results), _audit.summary(results, time.perf_counter() - start))


def catalog() -> tuple[core.Entry, ...]:
    """Every derivation of the catalog in book order: `.name`, `.title`, `.parameters` (name → help), `.sources`."""
    return tuple(core.catalog().values())


def _parameter_text(name: str, key: str, value: object) -> object:
    """A parameter as the builders take it: text as `--param` gives it, a whole number, or sizes (12, 3, 2)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Sequence) and value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return ",".join(str(v) for v in value)
    raise ParameterError(f"{name}: parameter {key} must be text as `dlmath derive --param` takes it "
                         f"(or whole numbers such as (12, 3, 2)), not {value!r}")


def catalog_entry(name: str) -> core.Entry:
    """The catalog's entry called `name`, or UnknownNameError listing the names; `dlmath derive` uses it too."""
    entries = core.catalog()
    if name not in entries:
        raise UnknownNameError(f"no derivation named {name!r}; `dlmath list` shows them: {', '.join(entries)}")
    return entries[name]


def derive(name: str, **params: object) -> Derivation:
    """Build one derivation of the catalog; every step is checked by the verifier as it is built.

    Args:
        name: a name from `dlmath.catalog()`, e.g. "sigmoid-derivative" or "backprop".
        params: the entry's parameters, e.g. derive("backprop", layers=(2, 3, 1), activation="tanh").

    Returns:
        The Derivation: `.steps`, `.result`, `.proved`, `.unproved`; in Jupyter its numbered, checked steps.
        Raises UnknownNameError for an unknown name, ParameterError for a bad parameter.
    """
    entry = catalog_entry(name)
    known = entry.parameters
    for key in params:
        if key not in known:
            raise ParameterError(f"bad parameter {key!r} for {name} (its parameters: {', '.join(known) or 'none'})")
    arguments = {key: _parameter_text(name, key, value) for key, value in params.items()}
    try:
        return entry.build(**arguments)
    except ValueError as error:  # the builders' own message for a value they cannot use, as `dlmath derive` shows
        raise ParameterError(f"{name}: {error}") from None



def network(layers: str | Sequence[int], activation: str, cost: str) -> Network:
    """The Network of these sizes, or NetworkError (also for one too large to handle); `dlmath` uses it too."""
    try:
        sizes = parse_layers(layers) if isinstance(layers, str) else tuple(layers)
        network = Network(sizes, activation, cost)
    except TypeError:
        raise NetworkError(f"layers must be sizes such as '12,3,2' or (12, 3, 2), not {layers!r}") from None
    weights = sum(int(np.prod(shape)) for shape in network.shapes().values())
    if weights > MAX_PARAMETERS:
        raise NetworkError(f"{network.label} has {weights:,} parameters; dlmath works with at most {MAX_PARAMETERS:,}")
    return network


def compile_network(layers: str | Sequence[int], activation: str = "sigmoid", cost: str = "quadratic",
                    dtype: str = "float64") -> Compiled:
    """Derive a fully connected network's gradient at the layer level and compile it to numpy.

    Args:
        layers: sizes n0 (inputs), …, nL (outputs): "12,3,2" or (12, 3, 2).
        activation: sigmoid, tanh, relu, identity, gelu, gelu-tanh, silu or softplus (every hidden layer).
        cost: quadratic, cross-entropy or softmax-cross-entropy, summed over the batch.
        dtype: "float64" or "float32": the arithmetic and the result of `.gradient`.

    Returns:
        Compiled: `.gradient(params, X, Y, out=None)` (out: arrays shaped like params to write into),
        `.loss(params, X, Y)`, `.predict(params, X)` and `.source`, the generated numpy code.
        Parameters are W1, b1, W2, b2, … with Wl of shape (nl, nl-1).
        Raises NetworkError (a DlmathError) for bad sizes, an unknown activation, cost or dtype.
    """
    checked = network(layers, activation, cost)
    if dtype not in DTYPES:
        raise NetworkError(f"dtype must be one of {', '.join(DTYPES)}, not {dtype!r}")
    return _compile(checked, dtype=dtype)


def check_gradients(model: str = "mlp", *, layers: str | Sequence[int] = "12,3,2", activation: str = "sigmoid",
                    cost: str = "quadratic", batch: int | None = None, seed: int = 0, hidden: int = 3,
                    steps: int = 4, causal: bool = False) -> GradCheck:
    """The three-way gradient check of `dlmath gradcheck`: compiled symbolic, hand-written, central differences.

    Args:
        model: mlp (uses layers, activation, cost, batch), softmax, log-softmax, residual or dropout (hidden = the
            width n, batch), rnn or lstm (hidden, steps), cnn (seed 003's net),
            layernorm or batchnorm (hidden = features, batch), attention (steps = T, hidden = d, batch, causal)
            or transformer-block (batch, causal).
        batch: the samples checked; 64 by default, 16 for batchnorm (whose compiled gradient expands it whole).
        seed: the random point; the same seed gives the same check.

    Returns:
        GradCheck: `.passed`, `.checks` (per parameter: max abs/rel error, worst entry), `.worst`, `.report()`.
    """
    if batch is None:
        batch = CHECKED_BATCH if model == "batchnorm" else 64
    for label, value in (("batch", batch), ("hidden", hidden), ("steps", steps)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(f"{label} must be a positive integer: {value!r}")
    if model == "mlp":
        mlp = network(layers, activation, cost)
        try:
            problem = mlp_problem(mlp, batch, np.random.default_rng(seed), MAX_CHECKED_ENTRIES)
        except ValueError as error:
            raise ParameterError(str(error)) from None
        return _three_way(MlpGradients(_compile(mlp)), problem)
    if model in LAYER_MODELS:
        try:
            return _three_way(*layer_case(model, seed, hidden, batch))
        except ValueError as error:
            raise ParameterError(f"{error} (hidden is n)") from None
    if model in ("rnn", "lstm"):
        if hidden > MAX_HIDDEN or steps > MAX_STEPS:
            raise ParameterError(f"the compiled symbolic rnn/lstm gradient is for small sizes: hidden ≤ {MAX_HIDDEN}, "
                                 f"steps ≤ {MAX_STEPS}")
        return _three_way(*recurrent_case(model, hidden, steps, seed))
    if model == "cnn":
        return _three_way(*cnn_case(seed))
    if model == "implicit":
        return _three_way(*implicit_case(seed))
    if model in ("layernorm", "batchnorm"):
        try:
            return _three_way(*norm_case(model.removesuffix("norm"), seed, hidden, batch))
        except ValueError as error:
            raise ParameterError(f"{error} (hidden is the features)") from None
    if model == "attention":
        try:
            return _three_way(*attention_case(seed, steps, hidden, causal, batch))
        except ValueError as error:
            raise ParameterError(f"{error} (steps is T, hidden is d)") from None
    if model == "transformer-block":
        return _three_way(*block_case(seed, batch, causal))
    raise UnknownNameError(f"no model named {model!r}; choose one of {', '.join(MODELS)}")


SETTINGS = tuple(f.name for f in fields(Config))


def experiment_entry(name: str) -> Experiment:
    """The experiment called `name`, or UnknownNameError listing the names; `dlmath experiment` uses it too."""
    known = experiments()
    if name not in known:
        raise UnknownNameError(f"no experiment named {name!r}; `dlmath experiment list` shows them: {', '.join(known)}")
    return known[name]


def experiment(name: str, **config: object) -> Findings:
    """Re-run one of the seeds' experiments with dlmath's own gradients (`dlmath experiment NAME`).

    Args:
        name: a name from `dlmath experiment list`, e.g. "relu-gate".
        config: seed (default 0), out (the plots' directory, default dlmath-out/NAME), reduced (the small,
            seconds-long version the tests run), progress (a progress line on stderr; default False).

    Returns:
        Findings: `.results` (our figures), `.seed_reported` (the seed's), `.table`, `.files`, `.notes`.
    """
    entry = experiment_entry(name)
    for key, value in config.items():
        if key not in SETTINGS:
            raise ParameterError(f"bad setting {key!r} for experiment {name} (its settings: {', '.join(SETTINGS)})")
        if key == "seed" and (isinstance(value, bool) or not isinstance(value, int)):
            raise ParameterError(f"seed must be a whole number: {value!r}")
        if key in ("reduced", "progress") and not isinstance(value, bool):
            raise ParameterError(f"{key} must be True or False: {value!r}")
    out = Path(config.pop("out", None) or Path("dlmath-out") / name)  # type: ignore[arg-type]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ParameterError(f"cannot write to {out}: {error.strerror}") from None
    settings = {"progress": False, **config, "out": out}
    return entry.run(Config(**settings))  # type: ignore[arg-type]


def exercise(topic: str, seed: int = 0) -> Exercise:
    """A backprop exercise posed from the catalog (`dlmath exercise TOPIC --seed S`); the same seed, the same one.

    Args:
        topic: neuron, delta, weight-gradient, softmax-cross-entropy, bptt or convolution.
        seed: a whole number from 0; give a class one seed and every student gets the same problem.

    Returns:
        The Exercise: `.statement`, `.grade(answer)` (a Grade: correct, wrong with the diagnosis, undecided or
        unreadable), `.hint(k)` from 1, `.solution`; in Jupyter its statement with formulas.
        Raises UnknownNameError (listing the topics) for an unknown topic, ParameterError for a bad seed.
    """
    return pose(topic, seed)
