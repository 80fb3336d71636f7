"""Load the demo data: each installed app may provide `<app>.demo.seed(stdout)`.

Apps are visited in INSTALLED_APPS order, so an app's demo can build on the apps it
depends on. Every seed function is idempotent: a second run changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo trusts, users and programme data (idempotent; never in production)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_demo creates accounts with published passwords and is refused under "
                "production settings."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
