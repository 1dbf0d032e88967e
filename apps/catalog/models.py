"""The formulas BlendAdmin added: Blend answers a new formula but offers no way to list or read
formulas, so BlendAdmin keeps what Blend answered, to find a formula (and its id) again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AddedFormula(models.Model):
    blend_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200, blank=True)  # blank: added before BlendAdmin kept names
    description = models.TextField(blank=True)
    medication_scdgs = models.JSONField(default=list, blank=True)
    allergen_scdgs = models.JSONField(default=list, blank=True)
    allergen_snomeds = models.JSONField(default=list, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["name", "blend_id"]

    def __str__(self) -> str:
        return f"{self.name or '(no name kept)'} ({self.blend_id})"
