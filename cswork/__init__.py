"""cswork: case-load and workforce planning for English children's social care."""

__version__ = "0.1.0"
