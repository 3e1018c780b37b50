"""xindex: make back-of-book indexes."""

__version__ = "0.1.0"
