"""Import sqlite-utils without what cswork never uses of it: its numpy and pandas type maps, and
(until used) dateutil's parser.

sqlite-utils imports numpy and pandas, when installed, only to map their scalar types to column types
when it infers a schema. cswork declares every table in migrations and never inserts numpy values, and
importing numpy costs about 100 ms, a fifth of the budget for ``cswork summary``. So the two modules
are hidden for the duration of this one import, then restored for code that does want numpy.

It also imports dateutil's parser at the top (about 30 ms, with the time zone machinery it pulls
in) and uses it only inside its date-parsing recipes, which cswork never calls. So it is loaded
lazily: the module object is there at once, and its code runs on first use, if any.
"""

from __future__ import annotations

import importlib.util
import sys

_HIDDEN = ("numpy", "pandas")
_LAZY = ("dateutil.parser",)


def _load_lazily(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a module that is executed when first used."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: sqlite-utils' own import will say so
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as the import system does, so 'from parent import child' finds it unloaded
        setattr(sys.modules[parent], child, module)


for _name in _LAZY:
    _load_lazily(_name)
_hide = [name for name in _HIDDEN if name not in sys.modules]
for _name in _hide:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    import sqlite_utils
finally:
    for _name in _hide:
        del sys.modules[_name]

__all__ = ["sqlite_utils"]
