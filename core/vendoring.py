"""Pure rewrites applied when NHS.UK frontend's compiled files are vendored.

The package's CSS is built for a site that serves it from its web root and loads the
Frutiger font from NHS England's font host. The portal serves every asset from its own
origin under a strict Content-Security-Policy, so three things change at vendoring time
(see shared/reference/ecosystem.md section 1):

* icon URLs become relative to the CSS file (``url(/assets/...)`` -> ``url(assets/...)``);
* the ``@font-face`` rules that point at the external font host are removed, so the
  stack falls back to Arial instead of the browser reporting blocked fonts;
* ``sourceMappingURL`` comments are removed, because the maps are not vendored and
  ManifestStaticFilesStorage would refuse to collect a file that names a missing map.
"""

import re

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
