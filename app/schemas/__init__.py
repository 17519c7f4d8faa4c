"""Request and response bodies, split by direction, with the bounds each field accepts."""
