from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Culture community"

    def ready(self):
        from community.navigation import community_nav_items
        from core.navigation import register

        register(community_nav_items)

        from community.trust_exports import trust_tables
        from core import for_you, trust_export

        trust_export.register(trust_tables)

        from community.slots import fill_slots

        fill_slots()

        from community.for_you import national_admin_work
        from community.notifications import register_kinds

        register_kinds()
        for_you.register(national_admin_work)
