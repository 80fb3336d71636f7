from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_national_admin_group(sender, **kwargs):
    # Model permissions only exist after migrate has created them, so the group that holds
    # them is kept in step here rather than in a data migration.
    from accounts.services import national_admin_group_sync

    national_admin_group_sync()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and trusts"

    def ready(self):
        post_migrate.connect(_sync_national_admin_group, sender=self)

        from accounts.trust_exports import trust_tables
        from core import trust_export

        trust_export.register(trust_tables)

        from core.navigation import register_frame_url

        register_frame_url("sign-in", "accounts:sign-in")
        register_frame_url("sign-out", "accounts:sign-out")
        register_frame_url("switch-trust", "accounts:trust-switch")
        register_frame_url("landing", "accounts:landing")
        register_frame_url("account", "accounts:account")
