"""The implementations of one gradient step that `dlmath bench --peers` times, each in a process of its own.

A peer is a module with two names:

    REQUIRES: tuple[str, ...]   the packages it imports; the bench says which are missing instead of failing
    prepare(case, problem) -> Prepared

`problem` is the case's seeded float64 parameters and data (cases.problem), the same in every
process; `Prepared.step` runs one gradient step and returns when it is finished (what is timed),
`Prepared.gradient` returns that step's gradient as numpy arrays (checked against the hand-written
backprop before any timing). The modules here: dlmath's compiled gradient, the hand-written one, the
matmul-rate probe, and torch and jax (not dependencies of dlmath: used when importable).
"""
