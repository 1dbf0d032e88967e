"""The audit log: who did what to which Blend record, and how it went. Records are named by id (the
page asks Blend for their names); an edit's Detail says what it changed, before and after (an
address is patient data: the log is for managers only, and a secret such as an SSN is only said to
have changed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.audit.wording import action_words


class Outcome(models.TextChoices):
    OK = "ok", "OK"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class AuditEntry(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=50, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    request_id = models.CharField(max_length=128, blank=True)
    client_ip = models.CharField(max_length=45, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["username", "created_at"], name="audit_user_idx"),
            models.Index(fields=["action", "created_at"], name="audit_action_idx"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target_id} {self.outcome}"
        )

    @property
    def action_words(self) -> str:
        """The action as people read it ("Paused order"), for every page that shows it."""
        return action_words(self.action)
