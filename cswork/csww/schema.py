"""Checking CSWW XML against the census schema.

The schema (``social_work_workforce_2022.xsd``) ships inside the package with its licence, so an
installed wheel validates without the source tree.

Two validators share the work. libxml2 (through lxml) answers "is this valid?" in milliseconds, for
a whole return or for a run of its records at once; xmlschema, which takes 0.3 s to import and
longer to build, words the reasons. So a return, or a run of records, that libxml2 finds valid
(nearly always) costs no more than that, and only what it finds invalid is checked again by
xmlschema for the ``path: reason`` lines, which are therefore the same as when xmlschema checked
everything. The two agree on what is valid (``tests/csww/test_schema.py`` checks this on thousands of
spoilt returns); were libxml2 ever stricter, the xmlschema check would still decide.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from cswork.paths import cache_dir

SCHEMA_FILE = "social_work_workforce_2022.xsd"
#: libxml2's schema object is shared by the process and keeps one error log, so two workers
#: validating at once would read each other's errors: one validates at a time.
_VALIDATING = threading.Lock()
#: The root of a run of records checked together by libxml2 (a name the census schema lacks).
PIECES = "CsworkPieces"
_XS = "{http://www.w3.org/2001/XMLSchema}"


def _schema_text() -> str:
    return resources.files("cswork.data").joinpath("csww", SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def _quick_schema() -> Any:
    """The census schema for libxml2, with one element added: :data:`PIECES`, holding any number
    of the elements a ``Message`` holds (``Header``, ``LALevelVacancies``, ``CSWWWorker``) in any
    order, each of its type in the schema, so that a run of records is checked in one call.
    Building it takes about 15 ms, so it is built once per process and not kept on disk."""
    from lxml import etree

    root = etree.fromstring(_schema_text().encode("utf-8"))
    message = root.find(f"{_XS}complexType[@name='messagetype']")
    assert message is not None, "the census schema has no messagetype"
    pieces = etree.SubElement(root, f"{_XS}element", name=PIECES)
    choice = etree.SubElement(
        etree.SubElement(pieces, f"{_XS}complexType"),
        f"{_XS}choice",
        minOccurs="0",
        maxOccurs="unbounded",
    )
    for child in message.iter(f"{_XS}element"):
        etree.SubElement(choice, f"{_XS}element", name=child.get("name"), type=child.get("type"))
    return etree.XMLSchema(root)


def quick_valid(document: bytes) -> bool:
    """Whether libxml2 finds ``document`` (a whole return) valid against the census schema."""
    from lxml import etree

    try:
        root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    if root.tag != "Message":
        return False
    schema = _quick_schema()
    with _VALIDATING:
        return bool(schema.validate(root))


def invalid_pieces(nodes: Sequence[ET.Element]) -> set[int]:
    """The positions in ``nodes`` (elements under ``Message``, as ElementTree elements) of those
    libxml2 finds invalid, or that it cannot check: checked together, in one call."""
    from lxml import etree

    document = b"".join((f"<{PIECES}>".encode(), *map(ET.tostring, nodes), f"</{PIECES}>".encode()))
    try:
        root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return set(range(len(nodes)))
    schema = _quick_schema()
    with _VALIDATING:  # the schema keeps one error log: read it before another thread validates
        if schema.validate(root):
            return set()
        log = list(schema.error_log)
    by_tag: dict[str, list[int]] = {}
    for position, child in enumerate(root):
        by_tag.setdefault(child.tag, []).append(position)
    bad: set[int] = set()
    for error in log:
        # the path names the element as /CsworkPieces/CSWWWorker[3]/FTE ([n] only when needed)
        step = (error.path or "").split("/")[2:3]
        tag, _, index = (step[0] if step else "").partition("[")
        positions = by_tag.get(tag, [])
        number = int(index.rstrip("]")) if index.rstrip("]").isdigit() else 1
        if not 1 <= number <= len(positions):
            return set(range(len(nodes)))  # an error not placed in one element: check them all
        bad.add(positions[number - 1])
    return bad


@cache
def _schema() -> Any:
    """The census schema, built once per schema and xmlschema version and then kept in the user's
    cache directory: building it took 1.8 of the 4 seconds of ``cswork export csww``.

    The cached copy is a pickle in a directory only its owner can write, named by a hash of the
    schema text, the xmlschema version and the Python version, so a new schema or library is
    never answered with an old object. A missing, unreadable or stale file is simply rebuilt.
    """
    import xmlschema

    text = _schema_text()
    key = hashlib.sha256(f"{xmlschema.__version__}|{sys.version}|{text}".encode()).hexdigest()
    path = cache_dir() / f"csww-schema-{key[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            if _private(handle.fileno()) and _private(path.parent):
                return pickle.load(handle)
    except Exception:  # anything wrong with the cached copy: build it afresh
        pass
    schema = xmlschema.XMLSchema(text)
    _keep(path, pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL))
    return schema


def _private(where: int | Path) -> bool:
    """Whether a file (an open descriptor) or directory belongs to this user and no one else can
    write to it: a pickle is only loaded from such a place, since loading one runs its code."""
    if not hasattr(os, "getuid"):  # not a POSIX system: the per-user cache directory is private
        return True
    status = os.fstat(where) if isinstance(where, int) else where.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (owner-only); a cache that cannot be written
    is no error."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".schema-")
    except OSError:
        return
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)


def element_errors(node: Any) -> list[str]:
    """Every way one element under ``Message`` (a ``Header``, ``LALevelVacancies`` or
    ``CSWWWorker``, as an ElementTree element) breaks the schema, as ``/path: reason`` lines
    relative to it; an element the schema does not have under ``Message`` gives none here."""
    component = _schema().find(f"Message/{node.tag}")
    if component is None:
        return []
    errors = []
    try:
        for error in component.iter_errors(node):
            reason = error.reason or str(error.message)
            path = (error.path or "").removeprefix(f"/{node.tag}")
            errors.append(f"{path}: {reason}")
    except (OverflowError, ValueError, RecursionError):  # a year or number past what it can hold
        errors.append(": a value is out of range, so the record could not be checked in full")
    return errors


def schema_errors(document: bytes) -> list[str]:
    """Every way ``document`` breaks the schema, as ``path: reason`` lines; empty if valid."""
    if quick_valid(document):
        return []
    import xmlschema

    errors = []
    try:
        for error in _schema().iter_errors(document.decode("utf-8")):
            reason = error.reason or str(error.message)
            errors.append(f"{error.path}: {reason}")
    except (UnicodeDecodeError, xmlschema.XMLResourceError, xmlschema.XMLSchemaException) as exc:
        errors.append(f"/: the file could not be checked against the schema ({exc})")
    except (OverflowError, ValueError, RecursionError):
        errors.append("/: a value is out of range, so the file could not be checked in full")
    return errors
