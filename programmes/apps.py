from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from core.navigation import register
        from programmes.navigation import programme_nav_items

        register(programme_nav_items)

        from core import trust_export
        from programmes.trust_exports import trust_tables

        trust_export.register(trust_tables)
