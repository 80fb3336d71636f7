from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource library"

    def ready(self):
        from core.navigation import register, register_footer_link, register_public_item
        from resources.navigation import library_nav_items

        register(library_nav_items)
        register_public_item("Resources", "resources:library", order=40)
        register_footer_link("Resource library", "resources:library", order=10)

        from resources.slots import fill_slots

        fill_slots()

        from core import for_you
        from resources.for_you import curator_work
        from resources.notifications import register_kinds

        register_kinds()
        for_you.register(curator_work)
