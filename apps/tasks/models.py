"""Each BlendAdmin user's Blend user id: Blend's tasks name assignees and watchers by Blend user id,
so a manager records them and staff pick people by name. An id nobody mapped shows as the id."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BlendUserId(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blend_user")
    blend_user_id = models.UUIDField(unique=True)

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.blend_user_id}"
