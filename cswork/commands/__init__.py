"""The commands of ``cswork``, one module per group, each with a ``register(app)``.

:mod:`cswork.cli` builds the typer app and wires these in. Heavy imports (Textual, numpy) happen inside
the commands so that ``cswork --help`` and ``cswork summary`` stay fast.
"""
