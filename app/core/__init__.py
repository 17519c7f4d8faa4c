"""Settings, limits, errors and worker threads shared by every route."""
