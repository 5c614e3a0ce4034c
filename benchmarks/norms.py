"""Compiled symbolic against hand-written gradient step of layer and batch normalisation.

    python benchmarks/norms.py [--rounds 21]

Measured as benchmarks/attention.py measures (its `measure`): both gradients of each case in this one
process on the same seeded float64 batch, checked against each other first, then timed in interleaved
rounds of about 10 ms; medians in milliseconds per gradient step (γ, β and ∂C/∂X of ½‖y − Y‖²), their
ratio compiled / hand-written, and the seconds it took to differentiate and compile. BLAS on one thread.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402 - after the thread settings, which numpy reads when it loads

from attention import measure  # noqa: E402 - benchmarks/attention.py, beside this script

from dlmath.numeric.compiled.norms import norm_case  # noqa: E402

CASES = {  # label → (the model and its problem); N, the entries of one group, is at most MAX_GROUP
    "layernorm N=8 (batch 64)": lambda: norm_case("layer", 0, features=8, batch=64),
    "layernorm N=32 (batch 64)": lambda: norm_case("layer", 0, features=32, batch=64),
    "batchnorm B=16 (16 features)": lambda: norm_case("batch", 0, features=16, batch=16),
    "batchnorm B=32 (64 features)": lambda: norm_case("batch", 0, features=64, batch=32),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds of about 10 ms each")
    args = parser.parse_args()
    print(f"{'case':32s} {'compiled ms':>12s} {'hand-written ms':>16s} {'ratio':>8s} {'compile s':>10s}")
    for label, case in CASES.items():
        compiled, hand, seconds = measure(case, args.rounds)
        print(f"{label:32s} {compiled:12.3f} {hand:16.3f} {compiled / hand:7.2f}× {seconds:10.2f}")
    print("ratio = compiled / hand-written step time, medians of interleaved rounds in this one process")


if __name__ == "__main__":
    main()
