"""Exports: tables as shown on screen to CSV or XLSX, without spreadsheet formulas (DESIGN.md §7)."""
