"""One screen per module; each returns its result with ``dismiss`` and never pushes the next."""
