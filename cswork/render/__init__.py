"""Rich renderables built by pure functions, for the CLI (and tests that render them to text)."""
