"""Data shipped with the package: DfE England figures (``dfe_national.csv``)."""
