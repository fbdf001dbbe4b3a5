"""The CSWW census return as XML: writing it, reading it back, and validating it against the schema
shipped in ``cswork/data/csww/`` (from the MIT-licensed liia-tools project)."""
