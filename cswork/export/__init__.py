"""What leaves cswork as files: ``tables`` writes a table as shown on screen to CSV or XLSX
(without spreadsheet formulas; docs/design.md, Data protection), ``census`` the census return as
CSWW XML, and ``files`` writes any of them owner-only, whole or not at all.
"""
