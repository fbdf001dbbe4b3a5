"""Importers: turn real extracts into validated records for the store to apply.

Using them
    Call :func:`cswork.services.imports.run_import` (the CLI and the TUI do); it reads the file,
    validates every row, applies everything in one transaction with an undo journal, and logs the
    attempt. Nothing is written if any problem is found, or on a dry run.

Adding a kind (e.g. ``csww`` for the DfE census XML)
    A kind is an :class:`~cswork.services.import_kinds.ImportKind` with five parts::

        ImportKind(name, summary, columns, parse, apply)

    ``parse(ctx: ImportContext) -> Iterator[Record]``
        Reads ``ctx.path`` (``ctx.facts`` has its SHA-256 and format) and yields validated,
        frozen records carrying their source ``row``. Report each problem with
        ``ctx.problems.add(row, column, value, reason)`` (the reason must not repeat the value:
        the import log keeps reasons, never values) and do not yield the record. Tabular kinds
        call ``ctx.sheet(columns)`` to get matched rows (``Row.get(field, parser)`` parses a cell
        and reports problems; in a hot loop fetch ``sheet.reader(field, parser)`` once and call
        its ``read(row, required)``; blank and 'Total' rows are skipped and counted for you); other
        formats read the file themselves and raise
        :class:`~cswork.importers.readers.ReadError` if it cannot be read at all. Count
        ``ctx.counts.read`` (and ``skipped``) for what you read. ``ctx.options`` has the
        command-line options; ``ctx.settings`` the effective settings.

    ``apply(db, records, ctx, journal) -> None``
        Lives in ``cswork/store/`` (only the store touches SQLite) and sees ``ctx`` as an
        :class:`~cswork.model.imports.ApplyContext`. Consumes the records and
        writes them, journalling every change: ``journal.inserted(table, row_id)`` after an
        insert (or ``journal.inserted_range(table, first, last)`` for a run of consecutive ids),
        ``journal.updated(table, before_row_dict)`` before an update
        (:func:`cswork.store.apply_common.upsert` does both per row;
        :class:`cswork.store.apply_bulk.KeyedRows` does both in bulk). Add to ``ctx.counts.added``,
        ``changed`` and ``closed``, and report problems found only against the database (an
        unknown reference, say) through ``ctx.problems``. The caller runs parse and apply inside
        one transaction and rolls it back if any problem was reported or on a dry run, so apply
        may write as it goes.

    Add it to ``BUILT_IN`` in :mod:`cswork.services.import_kinds` (or call
    :func:`~cswork.services.import_kinds.register_kind` at run time); ``cswork import NAME FILE``
    then accepts it, and the README's "Data formats" test expects its fields documented.

Modules
    ``readers`` (CSV and XLSX to numbered rows), ``columns`` (header matching, the mapping file),
    ``values`` (cell parsers), ``synonyms`` (the labels they accept), ``context`` (what parse
    shares for one file), and one module per kind. The records they yield are in
    :mod:`cswork.model.records`, so the store's writers need nothing from here.
"""

from cswork.importers.context import ImportContext
from cswork.model.imports import ImportOptions

__all__ = ["ImportContext", "ImportOptions"]
