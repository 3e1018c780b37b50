"""Work in other processes, one mechanism per kind: the editor's exports and checks each in a spawned
process of its own (:mod:`xindex.jobs.process`); a big export, and ``xindex makeindex``, shared with forked
children that each do a part (:mod:`xindex.jobs.fork`)."""
