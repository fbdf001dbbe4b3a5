"""Modal dialogs, each a typed ``ModalScreen[T]`` returning what the user chose."""
