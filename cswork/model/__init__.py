"""The pure domain: measures, workforce position, caseload pressure, cohorts, projections.

Nothing here touches SQLite, Textual or Rich; everything is frozen dataclasses and functions.
"""
