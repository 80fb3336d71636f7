from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource library"

    def ready(self):
        from core.navigation import register
        from resources.navigation import library_nav_items

        register(library_nav_items)
