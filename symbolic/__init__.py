"""Pure mathematics on SymPy: activations, the DL-notation reader, the verifier."""
