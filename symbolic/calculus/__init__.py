"""Activations and costs as records, rule-table differentiation with checked steps,
the layer-level backprop calculus."""
