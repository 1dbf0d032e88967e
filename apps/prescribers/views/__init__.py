"""Prescribers views, one module per page or part: list (and search), detail, new and edit,
licences, supervision."""
