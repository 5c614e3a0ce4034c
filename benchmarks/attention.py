"""Compiled symbolic against hand-written gradient step of the attention head and the transformer block.

    python benchmarks/attention.py [--rounds 21]

Both gradients of each case run in this one process on the same seeded float64 batch, checked
against each other first, then timed in interleaved rounds (timing.py: each round calls each one
repeatedly for about 10 ms, the two in alternating order): the figures are the medians over the
rounds, in milliseconds per gradient step, and their ratio compiled / hand-written. BLAS runs on one
thread (OPENBLAS_NUM_THREADS etc. are set to 1 before numpy loads, as `dlmath bench --peers` does).
"""

from __future__ import annotations

import argparse

from timing import report  # first: it sets BLAS to one thread before numpy loads

from dlmath.numeric.compiled.attention import attention_case
from dlmath.numeric.compiled.transformer import block_case

BATCH = 64
CASES = {  # label → (the model and its problem) at a size the compiled gradient can expand
    f"attention T=3 d=2 ({BATCH})": lambda: attention_case(0, 3, 2, batch=BATCH),
    f"attention T=4 d=3 ({BATCH})": lambda: attention_case(0, 4, 3, batch=BATCH),
    f"attention T=4 d=3 causal ({BATCH})": lambda: attention_case(0, 4, 3, causal=True, batch=BATCH),
    f"transformer-block T=3 d=3 ({BATCH})": lambda: block_case(0, batch=BATCH),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds of about 10 ms each")
    report(CASES, parser.parse_args().rounds, 38)


if __name__ == "__main__":
    main()
