"""Write the paper: pick the format, render, and put the file in place atomically, owner-only.

Each file goes through :func:`cswork.export.files.write_private_bytes`: a temporary file (0600)
beside the destination renamed over it, so a failure leaves nothing half-written, and a symlink at
the destination is replaced, never written through.
"""

from __future__ import annotations

from pathlib import Path

from cswork.report.document import Report

FORMATS: tuple[str, ...] = ("html", "docx", "md")
_SUFFIXES = {".html": "html", ".htm": "html", ".docx": "docx", ".md": "md", ".markdown": "md"}


class ReportWriteError(Exception):
    """The report could not be written where asked (the message is one line)."""


class ReportDestinationError(ReportWriteError):
    """The place asked for cannot take the report (no such folder, a folder, a database): the
    destination given is refused, as every command that writes a file refuses it."""


def suffix_format(path: Path) -> str | None:
    """The format ``path``'s suffix names (``.htm`` is HTML), or ``None`` for any other suffix."""
    return _SUFFIXES.get(path.suffix.lower())


def format_for(path: Path | None, given: str | None) -> str:
    """The format given, else the one ``path``'s suffix names, else HTML."""
    if given:
        return given
    return (suffix_format(path) if path is not None else None) or "html"


def default_path(report: Report, fmt: str) -> Path:
    """``workforce-report-2025-09-30.html`` in the current directory."""
    return Path(f"workforce-report-{report.as_at.isoformat()}.{fmt}")


def write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` owner-only via a temporary file and a rename (the one way cswork
    writes files), as a :class:`ReportWriteError` saying why if it cannot."""
    from cswork.export.files import DestinationError, write_private_bytes

    try:
        write_private_bytes(path, content)
    except DestinationError as exc:
        raise ReportDestinationError(f"cannot write the report: {exc}") from exc
    except OSError as exc:
        raise ReportWriteError(f"cannot write the report to {path}: {exc.strerror or exc}") from exc


def chart_folder(path: Path) -> Path:
    """Where a Markdown report's SVG charts go: ``NAME_charts/`` beside it."""
    return path.with_name(f"{path.stem}_charts")


def write_report(report: Report, path: Path, fmt: str) -> list[Path]:
    """Render ``report`` as ``fmt`` and write it to ``path``; the files written, the report last."""
    if fmt == "html":
        from cswork.report.html import render_html

        write_private(path, render_html(report).encode("utf-8"))
        return [path]
    if fmt == "docx":
        from cswork.report.docx import render_docx

        write_private(path, render_docx(report))
        return [path]
    if fmt == "md":
        from cswork.report.markdown import render_markdown

        folder = chart_folder(path)
        document, charts = render_markdown(report, folder.name)
        written = []
        if charts:
            try:
                folder.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise ReportWriteError(
                    f"cannot write the report's charts to {folder}: {exc.strerror}"
                ) from exc
            for name, svg in charts.items():
                write_private(folder / name, svg.encode("utf-8"))
                written.append(folder / name)
        write_private(path, document.encode("utf-8"))
        return [*written, path]
    raise ValueError(f"unknown report format {fmt!r}")
