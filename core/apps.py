from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import operations
        from core.outbox import email_figures

        operations.register(email_figures)
