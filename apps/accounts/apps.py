from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from apps.accounts.access import access_changed, user_changed

        user_model = get_user_model()
        for through in (
            user_model.groups.through,
            user_model.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(access_changed, sender=through, dispatch_uid=f"access-{through.__name__}")
        for model in (Group, Permission):
            post_save.connect(access_changed, sender=model, dispatch_uid=f"access-save-{model.__name__}")
            post_delete.connect(access_changed, sender=model, dispatch_uid=f"access-delete-{model.__name__}")
        post_delete.connect(access_changed, sender=user_model, dispatch_uid="access-delete-user")
        post_save.connect(user_changed, sender=user_model, dispatch_uid="access-save-stored-user")
        post_delete.connect(user_changed, sender=user_model, dispatch_uid="access-delete-stored-user")
