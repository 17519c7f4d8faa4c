"""Saved runs: the embedded database, session snapshots and share links."""
