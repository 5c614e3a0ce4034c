"""Entry-by-entry proofs of derived gradients against direct differentiation of the expanded cost."""
