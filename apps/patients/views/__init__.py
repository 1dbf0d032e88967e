"""Patients views, one module per page: list (and search), detail (with its orders), edit (and
new), risk factors (the detail page's risk-factor section and its actions)."""
