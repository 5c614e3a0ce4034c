"""Symbolic gradients compiled to numpy: MLP, convolution, RNN and LSTM."""
