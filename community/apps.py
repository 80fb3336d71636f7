from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Culture community"

    def ready(self):
        from community.navigation import community_nav_items
        from core.navigation import register

        register(community_nav_items)

        from community.trust_exports import trust_tables
        from core import trust_export

        trust_export.register(trust_tables)

        from community.slots import fill_slots

        fill_slots()
