"""Import sqlite-utils without its optional numpy and pandas type maps.

sqlite-utils imports numpy and pandas, when installed, only to map their scalar types to column types
when it infers a schema. cswork declares every table in migrations and never inserts numpy values, and
importing numpy costs about 100 ms, a fifth of the budget for ``cswork summary``. So the two modules
are hidden for the duration of this one import, then restored for code that does want numpy.
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "pandas")
_hide = [name for name in _HIDDEN if name not in sys.modules]
for _name in _hide:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    import sqlite_utils
finally:
    for _name in _hide:
        del sys.modules[_name]

__all__ = ["sqlite_utils"]
