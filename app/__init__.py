"""NN Playground's web layer: a FastAPI service around the NumPy engine."""
