"""Hand-written vectorized forward and backward passes: MLP, convolution, RNN and LSTM."""
