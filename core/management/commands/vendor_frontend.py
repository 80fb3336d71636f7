"""Vendor NHS.UK frontend's compiled files into static/vendor/nhsuk/.

Run by a developer when upgrading the design system (it needs npm and the registry);
the result is committed, so neither `make run` nor CI needs Node.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.vendoring import (
    external_urls,
    npm_pack,
    rewrite_nhsuk_css,
    strip_source_map_comment,
)

NHSUK_FRONTEND_VERSION = "10.6.1"


class Command(BaseCommand):
    help = "Download nhsuk-frontend from npm and vendor its compiled CSS, JS and assets."

    def add_arguments(self, parser):
        parser.add_argument(
            "--package-version", dest="package_version", default=NHSUK_FRONTEND_VERSION
        )

    def handle(self, *args, package_version, **options):
        target = Path(settings.BASE_DIR) / "static" / "vendor" / "nhsuk"
        with tempfile.TemporaryDirectory() as tmp:
            package = npm_pack(f"nhsuk-frontend@{package_version}", Path(tmp))
            dist = package / "dist" / "nhsuk"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(dist / "assets", target / "assets")
            css = rewrite_nhsuk_css((dist / "nhsuk-frontend.min.css").read_text())
            leaks = external_urls(css)
            if leaks:
                raise CommandError(f"CSS still loads from other hosts: {leaks}")
            (target / "nhsuk-frontend.min.css").write_text(css)
            js = strip_source_map_comment((dist / "nhsuk-frontend.min.js").read_text())
            (target / "nhsuk-frontend.min.js").write_text(js)
            (target / "VERSION").write_text(f"nhsuk-frontend {package_version}\n")
            (target / "LICENCE.txt").write_text(LICENCE.format(version=package_version))
        self.stdout.write(self.style.SUCCESS(f"Vendored nhsuk-frontend {package_version}"))


LICENCE = """nhsuk-frontend {version} (npm package "nhsuk-frontend", NHS England)

The package declares the MIT licence ("license": "MIT" in its package.json) and its README
says: the codebase is released under the MIT Licence, unless stated otherwise; the
documentation is (c) NHS England under the Open Government Licence v3.0.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.

Changes made when vendoring (core/vendoring.py): the @font-face rules that load Frutiger
from the NHS font host are removed (the portal loads nothing from other hosts; text falls
back to Arial), icon URLs are made relative to the CSS file, and source-map comments are
removed.
"""
