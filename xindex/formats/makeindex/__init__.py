r"""makeindex in xindex: ``xindex makeindex`` as a drop-in for makeindex, and the ``.idx`` importer.

One module per job, each importing only those above it here:

``style``       the ``.ist`` style reader (:class:`~.style.IstStyle`, :func:`~.style.read_style`): every key
                makeindex documents, read and reported as makeindex reads it
``latex_text``  LaTeX source to the plain text that headings sort by
``entries``     what reading makes: headings with their locators as page codes, references
``links``       cross-references linked to the entries they name
``pages``       makeindex's page numbers: types, composites, precedence, as codes
``reader``      the ``.idx`` reader (:func:`~.reader.read_idx`), with range pairing
``writer``      the ``.ind`` of what was read (:func:`~.writer.convert_text`: the run in one process)
``command``     the ``xindex makeindex`` run: its job, transcript (``.ilg``) and outputs
``importer``    :func:`~.importer.read_idx_import`, an ``.idx`` as an imported index

The rules of the craft are the core's: conflation and range abbreviation
(:mod:`xindex.core.ranges`, with its fast path for page codes), sorting
(:class:`~xindex.core.sorting.SortKeys`), cross-reference wording and
letter groups (:mod:`xindex.core.formatter`); the ``.ind`` text is written by
:class:`xindex.formats.ind.IndWriter`, as the LaTeX export's is. Splitting
a big file between two processes is :mod:`xindex.jobs.makeindex`'s work, and
the command that starts fast (forking before the heavy imports) is
:mod:`xindex.makeindex_cli`.

Differences from makeindex, on purpose: headings sort as words in Unicode
(ICU, the document's rules), not by bytes; adjacent pages conflate (``1, 2``
→ ``1--2``) and ranges are abbreviated by the range rule; a page cited bold
and plain prints once, bold (with ``--cms``, where roman pages print in lower case); subentries may
go deeper than three levels. ``xindex makeindex`` reads every page
makeindex reads (``pages``: its five page types, composite pages by
``page_compositor``, ``page_precedence``, pages printed as written); ``--cms``
and the importer read arabic and roman pages only and report the others. Not
supported (reported, never a crash): several entries on one line.
"""
