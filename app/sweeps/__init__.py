"""Sweeps on the server: the queue that runs them on the sweep executor, their state and the
plain JSON they are answered and stored as."""
