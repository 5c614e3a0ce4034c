"""`dlmath gradcheck` and `dlmath grad`: the compiled symbolic gradient at work (`dlmath bench` times it: bench.py).

Exit codes:
    gradcheck: 0 all three gradients agree, 1 they do not, 3 bad input.
    grad:      0 written, 3 bad input (wrong shapes, missing keys, unreadable files).
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .names import DTYPES, MODELS
from .options import UsageError, add_network_options, positive_int

if TYPE_CHECKING:  # the handlers import numpy and the numeric floor when they run, not when the parser is built
    import numpy as np

    from dlmath.numeric.gradcheck import GradCheck, GradientModel, Problem
    from dlmath.symbolic.models.networks import Network



def add_commands(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("gradcheck", help="compiled symbolic vs hand-written vs numerical gradient")
    add_network_options(check, "12,3,2", "sigmoid", "quadratic")
    check.add_argument("--batch", type=positive_int, help="samples in the checked batch (default 64; batchnorm 16)")
    check.add_argument("--seed", type=int, default=0, help="random seed of the weights and the data")
    check.add_argument("--show-code", action="store_true", help="print the compiled gradient's source first")
    check.add_argument("--dtype", choices=DTYPES, default="float64",
                       help="mlp: the arithmetic of the compiled gradient (the others stay float64)")
    check.add_argument("--model", choices=MODELS, default="mlp",
                       help="mlp (default, uses --layers …, --activation), softmax, log-softmax, residual or dropout "
                            "(--hidden is the width n), rnn or lstm (--hidden, --steps), cnn, implicit, layernorm "
                            "or batchnorm (--hidden, --batch), attention (--steps, --hidden, --causal), "
                            "transformer-block")
    check.add_argument("--hidden", type=positive_int, default=3,
                       help="rnn/lstm: hidden units; layernorm/batchnorm: features; attention: the width d; "
                            "softmax … dropout: n (default 3)")
    check.add_argument("--steps", type=positive_int, default=4,
                       help="rnn/lstm: time steps; attention: the sequence length T (default 4)")
    check.add_argument("--causal", action="store_true", help="attention, transformer-block: the causal mask")
    check.set_defaults(handler=run_gradcheck)
    grad = commands.add_parser("grad", help="one gradient of a network's cost, from .npz files")
    add_network_options(grad, None, "sigmoid", "quadratic", unset="required")
    grad.add_argument("--params", type=Path, required=True, help="npz with W1, b1, W2, b2, …")
    grad.add_argument("--data", type=Path, required=True, help="npz with X (batch, n0) and Y (batch, nL)")
    grad.add_argument("--method", choices=("symbolic", "backprop", "numeric"), default="symbolic",
                      help="compiled symbolic gradient, hand-written backprop, or central differences")
    grad.add_argument("-o", "--output", type=Path, required=True,
                      help="npz to write dW1, db1, … (its directory is created if missing)")
    grad.add_argument("--show-code", action="store_true", help="print the compiled gradient's source")
    grad.set_defaults(handler=run_grad)


def network_from(args: argparse.Namespace) -> Network:
    from ..api import network

    if not args.layers:
        raise UsageError("--layers is required, e.g. --layers 12,3,2")
    return network(args.layers, args.activation, args.cost)  # a bad or too large one: NetworkError, exit 3


def _recurrent_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.recurrent import MAX_HIDDEN, MAX_STEPS, recurrent_case

    if args.hidden > MAX_HIDDEN or args.steps > MAX_STEPS:
        raise UsageError(f"the compiled symbolic rnn/lstm gradient is for small sizes: --hidden ≤ {MAX_HIDDEN}, "
                         f"--steps ≤ {MAX_STEPS}")
    return recurrent_case(args.model, args.hidden, args.steps, args.seed)


def _cnn_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.conv import cnn_case

    return cnn_case(args.seed)


def _implicit_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.implicit import implicit_case

    return implicit_case(args.seed)


def _norm_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.norms import norm_case

    try:
        return norm_case(args.model.removesuffix("norm"), args.seed, args.hidden, args.batch)
    except ValueError as error:  # a group too large to expand, or of one entry
        raise UsageError(f"{error} (--hidden is the features, --batch the samples)") from None


def _layer_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.layers import layer_case

    try:
        return layer_case(args.model, args.seed, args.hidden, args.batch)
    except ValueError as error:  # too wide to expand: --hidden is n here
        raise UsageError(f"{error} (--hidden is n)") from None


def _attention_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.attention import attention_case

    try:
        return attention_case(args.seed, args.steps, args.hidden, args.causal, args.batch)
    except ValueError as error:  # too large to expand: --steps and --hidden are T and d here
        raise UsageError(f"{error} (--steps is T, --hidden is d)") from None


def _block_case(args: argparse.Namespace) -> tuple[GradientModel, Problem]:
    from dlmath.numeric.compiled.transformer import block_case

    return block_case(args.seed, args.batch, args.causal)


OTHER_MODELS = {"softmax": _layer_case, "log-softmax": _layer_case, "residual": _layer_case, "dropout": _layer_case,
                "rnn": _recurrent_case, "lstm": _recurrent_case, "cnn": _cnn_case, "implicit": _implicit_case,
                "layernorm": _norm_case, "batchnorm": _norm_case,
                "attention": _attention_case, "transformer-block": _block_case}
SIZES = {"softmax": "n {hidden}, batch {batch}", "log-softmax": "n {hidden}, batch {batch}",
         "residual": "n {hidden}, batch {batch}", "dropout": "n {hidden}, batch {batch}, rate 0.25",
         "rnn": "hidden {hidden}, {steps} steps", "lstm": "hidden {hidden}, {steps} steps",
         "layernorm": "{hidden} features, batch {batch}", "batchnorm": "batch {batch}, {hidden} features",
         "attention": "T {steps}, d {hidden}, batch {batch}", "transformer-block": "T 3, d 3, batch {batch}"}


def default_batch(model: str) -> int:
    """The batch a model is checked at unless --batch says otherwise: 64, but batch norm expands it whole."""
    from dlmath.numeric.compiled.norms import CHECKED_BATCH

    return CHECKED_BATCH if model == "batchnorm" else 64


def _report(result: GradCheck, heading: str, dtype: str = "float64") -> int:
    print(heading + f", {dtype}, eps {result.eps:g}, atol {result.atol:g}, rtol {result.rtol:g}")
    print(result.report())
    if result.passed:
        print("all three gradients agree")
        return 0
    print("dlmath gradcheck: the gradients disagree", file=sys.stderr)
    return 1


def run_gradcheck(args: argparse.Namespace) -> int:
    import numpy as np

    from dlmath.numeric.compiled.mlp import MlpGradients, compile_network, mlp_problem
    from dlmath.numeric.gradcheck import check_gradients

    from ..api import MAX_CHECKED_ENTRIES

    if args.batch is None:
        args.batch = default_batch(args.model)
    if args.causal and args.model not in ("attention", "transformer-block"):
        raise UsageError(f"--causal is for attention and transformer-block, not {args.model}")
    if args.model != "mlp":
        if args.dtype != "float64":
            raise UsageError(f"--dtype {args.dtype} is for the compiled MLP gradient; the {args.model} one is float64")
        size = ", " + SIZES[args.model].format(**vars(args)) if args.model in SIZES else ""
        if args.model == "implicit":  # the two exact gradients are not a compiled and a hand-written one here
            size = " (compiled: the implicit-function-theorem backward; hand-written: backprop through the iteration)"
        causal = ", causal" if args.causal and args.model in ("attention", "transformer-block") else ""
        return _report(check_gradients(*OTHER_MODELS[args.model](args)),
                       f"{args.model}{size}{causal}, seed {args.seed}")
    network = network_from(args)
    compiled = compile_network(network, dtype=args.dtype)
    if args.show_code:
        print(compiled.source)
    try:
        problem = mlp_problem(network, args.batch, np.random.default_rng(args.seed), MAX_CHECKED_ENTRIES)
    except ValueError as error:
        raise UsageError(str(error)) from None
    result = check_gradients(MlpGradients(compiled), problem)
    return _report(result, f"{network.label} {network.activation}, {network.cost} cost, batch {args.batch}",
                   f"compiled in {args.dtype}" if args.dtype != "float64" else "float64")


def _load_npz(path: Path, what: str) -> dict[str, np.ndarray]:
    """The arrays of an .npz archive, or one line saying why not (never pickles: allow_pickle=False)."""
    import numpy as np

    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise UsageError(f"{what} file {path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{what} {path} is a directory, not an .npz file") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        raise UsageError(f"{what} file {path} is not an .npz archive (write one with numpy.savez)") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise UsageError(f"{what} file {path} holds one array (.npy); an .npz archive with named arrays is needed")
    try:
        with data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        raise UsageError(f"{what} file {path} is a damaged .npz archive") from None


def run_grad(args: argparse.Namespace) -> int:
    import numpy as np

    from dlmath.numeric.backprop import mlp as backprop
    from dlmath.numeric.compiled.mlp import compile_network
    from dlmath.numeric.gradcheck import numerical_gradient
    from dlmath.numeric.params import ParamError, check_data, check_params

    network = network_from(args)
    compiled = compile_network(network)
    if args.show_code:
        print(compiled.source)
    data = _load_npz(args.data, "--data")
    missing = [k for k in ("X", "Y") if k not in data]
    if missing:
        raise UsageError(f"--data {args.data} lacks {' and '.join(missing)}: it must hold X (batch, "
                         f"{network.sizes[0]}) and Y (batch, {network.sizes[-1]})")
    try:
        params = check_params(network, _load_npz(args.params, "--params"))
        X, Y = check_data(network, data["X"], data["Y"])
    except ParamError as error:
        raise UsageError(str(error)) from None
    if args.method == "symbolic":
        gradient = compiled.gradient(params, X, Y)
    elif args.method == "backprop":
        gradient = backprop.gradient(network, params, X, Y)
    else:
        gradient = numerical_gradient(lambda p: backprop.loss(network, p, X, Y), params)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with open(args.output, "wb") as out:
            np.savez(out, **{f"d{name}": value for name, value in gradient.items()})
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
    print(f"wrote {args.output}: " + ", ".join(f"d{k} {v.shape}" for k, v in gradient.items()), file=sys.stderr)
    return 0
