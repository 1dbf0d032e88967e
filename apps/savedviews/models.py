"""Saved views of the order list: a name for a set of the list's filters (its query string, without
search words, which may be patient data), private to its owner or shared with a role; and each
role's default queue, one shared view per role, set by a manager. BlendAdmin's own data: no Blend
call writes or reads it."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.http import QueryDict

from apps.accounts.roles import ROLES
from apps.orders.filters import OrderFilterForm, OrderFilters, list_url

NAME_MAX = 80
QUERY_MAX = 1000
ROLE_CHOICES = [(role, role) for role in ROLES]


class SavedView(models.Model):
    name = models.CharField(max_length=NAME_MAX)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    query = models.CharField(max_length=QUERY_MAX, blank=True)  # the order list's filters
    shared_with = models.CharField(max_length=40, blank=True, choices=ROLE_CHOICES)  # "": private
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="savedview_name_once")]
        indexes = [models.Index(fields=["shared_with", "name"], name="savedview_shared_idx")]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def filters(self) -> OrderFilters:
        """The order list's filters (read once per object: a page counts and links each view)."""
        return OrderFilterForm(QueryDict(self.query)).filters()

    @property
    def url(self) -> str:
        """The order list showing exactly the orders counted: answered from the order index."""
        return list_url(self.filters.indexed)


class RoleQueue(models.Model):
    """The saved view a role starts from (its home page, first on the order list's views)."""

    role = models.CharField(max_length=40, unique=True, choices=ROLE_CHOICES)
    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="role_queues")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.role}: {self.view_id}"
