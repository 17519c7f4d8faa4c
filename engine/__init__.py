"""NN Playground's training engine: feedforward networks in pure NumPy."""
