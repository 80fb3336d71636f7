from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from core.navigation import register, register_programme_sections
        from programmes.navigation import programme_nav_items, programme_sections

        register(programme_nav_items)
        register_programme_sections(programme_sections)

        from core import trust_export
        from programmes.trust_exports import trust_tables

        trust_export.register(trust_tables)

        from accounts import leavers
        from programmes.leavers import handler

        leavers.register(handler)

        from core import for_you
        from programmes import for_you as waiting
        from programmes.notifications import register_kinds

        register_kinds()
        for provider in (
            waiting.phases_to_sign_off,
            waiting.programme_work,
        ):
            for_you.register(provider)
