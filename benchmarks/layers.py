"""Compiled symbolic against hand-written gradient step of the layer models: softmax, log-softmax, residual, dropout.

    python benchmarks/layers.py [--rounds 21]

Each model is a dense layer z = W x + b followed by the layer (the residual block x + tanh(W x + b)),
fitted with ½‖y − t‖²; the hand-written step is numeric/backprop/layers.py, the compiled one the
expanded cost's derivatives compiled by symengine (numeric/compiled/layers.py), both returning the
gradients of W, b and of the input X. How the two are timed: timing.py (one BLAS thread, interleaved
rounds in this one process, medians).
"""

from __future__ import annotations

import argparse

from timing import report  # first: it sets BLAS to one thread before numpy loads

from dlmath.numeric.backprop.layers import LAYERS
from dlmath.numeric.compiled.layers import layer_case

BATCH = 64
CASES = {  # label → (the model and its problem) at the widths the compiled gradient expands
    f"{layer} n={width} ({BATCH})": (lambda layer=layer, width=width: layer_case(layer, 0, width, BATCH))
    for layer in LAYERS for width in (2, 4)
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds of about 10 ms each")
    report(CASES, parser.parse_args().rounds, 26)


if __name__ == "__main__":
    main()
