"""Importers and exporters, one module per format; the registry of exporters is :mod:`.registry`.

This package's own module imports nothing: ``xindex makeindex`` (:mod:`.makeindex`) lives here and starts
on every LaTeX pass, so the registry (its dataclasses and table) loads only where formats are listed or
chosen.
"""
