"""The cycle collector held while a screen or a table builds many records (see
:mod:`cswork.services.collector`)."""

from cswork.services.collector import building

__all__ = ["building"]
