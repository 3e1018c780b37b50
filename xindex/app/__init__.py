"""The use cases both faces call: the command line (``xindex.cli``) and the editor (``xindex.gui``).

An operation that a person asks for in words (add this heading with these pages and references,
delete that one and say what goes blind, renumber from page 120 by two, check with this page span)
is written here once, over a :class:`~xindex.store.Document`, so that neither face holds a rule the
other lacks. Each face only asks, shows and reports. Nothing here imports PySide6.
"""
