"""Training sessions held in memory: the store, one session's run and play loop, and its frames."""
