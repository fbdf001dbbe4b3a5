"""Allow ``python -m cswork``."""

from cswork.cli import main

main()
