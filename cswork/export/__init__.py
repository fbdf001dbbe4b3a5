"""What leaves cswork as files: ``tables`` writes a table as shown on screen to CSV or XLSX (without
spreadsheet formulas; docs/architecture.md), and ``census`` writes the census return as CSWW XML.
"""
