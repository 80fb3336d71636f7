"""Vendor plotly.js (the basic bundle: bar, scatter and pie traces) into static/vendor/plotly/.

Run by a developer when upgrading plotly.js (it needs npm and the registry); the result is
committed, so neither `make run` nor CI needs Node. The basic bundle is a quarter of the full
one's size and draws every chart the portal has. It also needs no `eval`, so it runs under
the portal's strict Content-Security-Policy; two placeholders in the page's head stop it
injecting <style> elements (see templates/includes/plotly_head.html).
"""

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.vendoring import npm_pack, strip_source_map_comment

PLOTLY_BASIC_VERSION = "4.1.1"
BUNDLE = "plotly-basic.min.js"


class Command(BaseCommand):
    help = "Download plotly.js-basic-dist-min from npm and vendor its bundle."

    def add_arguments(self, parser):
        parser.add_argument(
            "--package-version", dest="package_version", default=PLOTLY_BASIC_VERSION
        )

    def handle(self, *args, package_version, **options):
        target = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly"
        with tempfile.TemporaryDirectory() as tmp:
            package = npm_pack(f"plotly.js-basic-dist-min@{package_version}", Path(tmp))
            js = strip_source_map_comment((package / BUNDLE).read_text())
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            (target / BUNDLE).write_text(js)
            # plotly fills this stylesheet through the CSSOM instead of adding <style>.
            (target / "plotly-rules.css").write_text("/* filled by plotly.js at run time */\n")
            ids = sorted(set(re.findall(r'getElementById\("([0-9a-f]{64})"\)', js)))
            (target / "style-ids.txt").write_text("".join(f"{i}\n" for i in ids))
            (target / "VERSION").write_text(f"plotly.js-basic-dist-min {package_version}\n")
            shutil.copy(package / "LICENSE", target / "LICENCE.txt")
        self.stdout.write(self.style.SUCCESS(f"Vendored plotly.js basic {package_version}"))
