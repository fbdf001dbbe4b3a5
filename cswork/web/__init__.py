"""The app in a web browser (``cswork serve``): textual-serve behind a token, one app per tab."""
