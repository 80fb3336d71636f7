from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Culture community"

    def ready(self):
        from community.navigation import community_nav_items
        from core.navigation import (
            register,
            register_footer_link,
            register_frame_url,
            register_public_item,
        )

        register(community_nav_items)
        # Open to everyone: a trust not yet in the community finds it, and how to join.
        register_public_item("Community", "community:directory", order=45)
        register_footer_link("Culture community", "community:directory", order=20)
        register_frame_url("community", "community:directory")
        register_frame_url("community-join", "community:join")

        from community.trust_exports import trust_tables
        from core import for_you, trust_export

        trust_export.register(trust_tables)

        from community.slots import fill_slots

        fill_slots()

        from community.for_you import national_admin_work
        from community.notifications import register_kinds

        register_kinds()
        for_you.register(national_admin_work)
