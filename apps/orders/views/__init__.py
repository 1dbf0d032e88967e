"""Orders views, one module per page: list (and search), detail, actions, edit, lines."""
