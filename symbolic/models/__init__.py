"""Networks as SymPy/symengine expressions: MLPs, the unrolled RNN and LSTM, convolution and pooling."""
