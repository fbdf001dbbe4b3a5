"""The CSWW file format: the DfE children's social work workforce census return as XML.

``read`` turns a return into records (:mod:`cswork.importers.csww` is the import kind), ``write``
turns the return cswork builds into XML (:mod:`cswork.export.census` writes the file), and
``schema`` validates XML against the schema shipped in ``cswork/data/csww/`` (from the
MIT-licensed liia-tools project).
"""
