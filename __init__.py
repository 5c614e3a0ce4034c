"""dlmath: derive, check and run the mathematics of deep learning.

The three floors are subpackages: `dlmath.symbolic` (SymPy: the reader, the
verifier, the calculus), `dlmath.numeric` (numpy: compiled gradients, backprop,
training) and `dlmath.derivations` (the catalog, the renderers, the command).
The names below are the public API; they are imported on first use, so that
`import dlmath` (and every `dlmath` command) stays fast.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dlmath")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

# public name -> the private module that defines it (one table: __all__ and __getattr__ read it)
_API = "dlmath.derivations.api"
_PUBLIC = {
    # what a user calls
    "read": _API,
    "verify": _API,
    "audit": _API,
    "derive": _API,
    "catalog": _API,
    "compile_network": _API,
    "check_gradients": _API,
    "experiment": _API,
    "check": "dlmath.derivations.tutor",
    "exercise": _API,
    # what they get back
    "Claim": "dlmath.symbolic.notation.claim",
    "Verdict": "dlmath.symbolic.verify.verdict",
    "Status": "dlmath.symbolic.verify.verdict",
    "Counterexample": "dlmath.symbolic.verify.verdict",
    "AuditReport": "dlmath.derivations.report",
    "Derivation": "dlmath.derivations.core",
    "Compiled": "dlmath.numeric.compiled.mlp",
    "GradCheck": "dlmath.numeric.gradcheck",
    "Findings": "dlmath.derivations.experiment",
    "CheckReport": "dlmath.derivations.tutor",
    "Exercise": "dlmath.derivations.tutor.exercises",
    "Grade": "dlmath.derivations.tutor.exercises",
    # what they catch: every one is a DlmathError
    "DlmathError": "dlmath.symbolic.errors",
    "NotationError": "dlmath.symbolic.notation.errors",
    "AmbiguousNotation": "dlmath.symbolic.notation.reading",
    "UnknownNameError": "dlmath.symbolic.errors",
    "ParameterError": "dlmath.symbolic.errors",
    "NetworkError": "dlmath.symbolic.models.networks",
    "SourceError": "dlmath.derivations.sources",
    "CacheError": "dlmath.derivations.cache",
    "ClusterError": "dlmath.derivations.cluster",
    "DerivationError": "dlmath.derivations.tutor",
    # the reader itself, as before the API (read() is the same function with a shorter name)
    "read_claim": "dlmath.symbolic.notation.reading",
}

__all__ = ["__version__", *_PUBLIC]


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


def __getattr__(name: str) -> object:
    # PEP 562: called only for names not yet in the module, so each module is imported on first use.
    if name not in _PUBLIC:
        raise AttributeError(f"module 'dlmath' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
