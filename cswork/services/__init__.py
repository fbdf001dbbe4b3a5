"""Use cases that join the store and the model: what the CLI and the TUI both ask for."""
