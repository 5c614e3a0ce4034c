"""Compiled symbolic against hand-written gradient step of layer and batch normalisation.

    python benchmarks/norms.py [--rounds 21]

Measured as benchmarks/timing.py measures: both gradients of each case in this one
process on the same seeded float64 batch, checked against each other first, then timed in interleaved
rounds of about 10 ms; medians in milliseconds per gradient step (γ, β and ∂C/∂X of ½‖y − Y‖²), their
ratio compiled / hand-written, and the seconds it took to differentiate and compile. BLAS on one thread.
"""

from __future__ import annotations

import argparse

from timing import report  # first: it sets BLAS to one thread before numpy loads

from dlmath.numeric.compiled.norms import norm_case

CASES = {  # label → (the model and its problem); N, the entries of one group, is at most MAX_GROUP
    "layernorm N=8 (batch 64)": lambda: norm_case("layer", 0, features=8, batch=64),
    "layernorm N=32 (batch 64)": lambda: norm_case("layer", 0, features=32, batch=64),
    "batchnorm B=16 (16 features)": lambda: norm_case("batch", 0, features=16, batch=16),
    "batchnorm B=32 (64 features)": lambda: norm_case("batch", 0, features=64, batch=32),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds of about 10 ms each")
    report(CASES, parser.parse_args().rounds, 32)


if __name__ == "__main__":
    main()
