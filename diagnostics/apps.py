from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = "Diagnostics and surveys"

    def ready(self):
        from core.navigation import register
        from diagnostics.navigation import survey_nav_items

        register(survey_nav_items)
