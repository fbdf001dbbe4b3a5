"""The terminal app (Textual): screens, widgets and dialogs over the services layer.

Import :func:`cswork.tui.app.make_app` to build the app; nothing here runs at import time.
"""
