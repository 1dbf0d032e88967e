"""Who may read and change the catalog: the catalog's permission names, defined here only."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

VIEW = "accounts.view_catalog"
EDIT = "accounts.edit_catalog"


def may_edit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` may change the catalog (products, formulas, lots, barcodes, reasons)."""
    return user.has_perm(EDIT)
