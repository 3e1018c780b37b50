"""Background work (generation, checks, big imports) in a process pool."""
