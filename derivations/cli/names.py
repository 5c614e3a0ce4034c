"""The names the command line accepts, as plain tuples, so that building the parser imports no SymPy or numpy.

Each table is a copy of the one that defines the names (named beside it); tests/derivations/test_cli_manners.py
checks that they are equal, so a new activation, cost, dataset or format fails that test until it is added here.
"""

from __future__ import annotations

# symbolic.models.networks.ACTIVATIONS (hidden layers)
ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity", "gelu", "gelu-tanh", "silu", "softplus")
COSTS = ("quadratic", "cross-entropy", "softmax-cross-entropy")  # symbolic.models.networks.COSTS
DATASETS = ("wakui-digits", "bearden-ring", "xor")  # numeric.datasets.DATASETS
SEQUENCE_TASKS = ("copy", "reversal")  # numeric.sequences.SEQUENCE_TASKS (the transformer block)
SUFFIXES = {"text": ".txt", "tex": ".tex", "md": ".md", "html": ".html"}  # derivations.render.formats.RENDERERS
DEFAULT_FORMAT = "text"  # derivations.render.formats.DEFAULT
DEFAULT_DEPTH = 2  # derivations.render.outline.DEFAULT_DEPTH
# cli.networks: mlp and OTHER_MODELS
MODELS = ("mlp", "softmax", "log-softmax", "residual", "dropout", "rnn", "lstm", "cnn", "implicit", "layernorm",
          "batchnorm", "attention", "transformer-block")
DTYPES = ("float64", "float32")  # numeric.compiled.mlp.DTYPES
