"""The app's screens, one module (and sibling ``.tcss``) each."""
