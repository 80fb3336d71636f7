"""Fetching npm packages for vendoring, and the pure rewrites applied when NHS.UK
frontend's compiled files are vendored.

The package's CSS is built for a site that serves it from its web root and loads the
Frutiger font from NHS England's font host. The portal serves every asset from its own
origin under a strict Content-Security-Policy, so three things change at vendoring time
(docs/decisions/0006-vendored-front-end-assets.md):

* icon URLs become relative to the CSS file (``url(/assets/...)`` -> ``url(assets/...)``);
* the ``@font-face`` rules that point at the external font host are removed, so the
  stack falls back to Arial instead of the browser reporting blocked fonts;
* ``sourceMappingURL`` comments are removed, because the maps are not vendored and
  ManifestStaticFilesStorage would refuse to collect a file that names a missing map.
"""

import re
import subprocess
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

FONT_FACE_RULE = re.compile(r"@font-face\s*\{[^}]*\}")
ABSOLUTE_ASSET_URL = re.compile(r"url\((['\"]?)/assets/")
SOURCE_MAP_COMMENT = re.compile(r"\n?/[/*][#@] sourceMappingURL=[^\n*]*(\*/)?\s*$")


def rewrite_nhsuk_css(css: str) -> str:
    css = FONT_FACE_RULE.sub("", css)
    css = ABSOLUTE_ASSET_URL.sub(r"url(\1assets/", css)
    return strip_source_map_comment(css)


def strip_source_map_comment(text: str) -> str:
    return SOURCE_MAP_COMMENT.sub("", text)


def external_urls(css: str) -> list[str]:
    """Every url(...) in the CSS that would leave our origin."""
    return re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css)


def npm_pack(spec: str, workdir: Path) -> Path:
    """Fetch an npm package (e.g. "nhsuk-frontend@10.6.1") into `workdir` with `npm pack`
    and unpack it; returns the unpacked folder. For the vendoring commands only (a
    developer's machine with the registry, never at run time)."""
    result = subprocess.run(  # noqa: S603 - fixed command, the spec is the developer's
        ["npm", "pack", spec, "--silent"],  # noqa: S607
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"npm pack failed: {result.stderr.strip()}")
    tarball = Path(workdir) / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return Path(workdir) / "package"
