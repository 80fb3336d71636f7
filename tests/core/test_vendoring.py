from pathlib import Path

from django.conf import settings

from core.vendoring import external_urls, rewrite_nhsuk_css, strip_source_map_comment

SAMPLE = (
    "@font-face{font-family:Frutiger W01;src:url(https://assets.nhs.uk/fonts/a.woff2)}"
    ".nhsuk-icon{background:url(/assets/images/nhsuk-icon-cross.svg)}"
    '.b{background:url("/assets/images/x.svg")}'
    "\n/*# sourceMappingURL=nhsuk-frontend.min.css.map */"
)


def test_rewrite_removes_the_font_host_and_makes_icon_urls_relative():
    css = rewrite_nhsuk_css(SAMPLE)
    assert "@font-face" not in css
    assert "url(assets/images/nhsuk-icon-cross.svg)" in css
    assert 'url("assets/images/x.svg")' in css
    assert "sourceMappingURL" not in css
    assert external_urls(css) == []


def test_external_urls_finds_other_hosts():
    assert external_urls(SAMPLE) == ["https://assets.nhs.uk/fonts/a.woff2"]


def test_source_map_comment_is_removed_from_js():
    assert strip_source_map_comment("a();//# sourceMappingURL=x.js.map") == "a();"


def test_the_vendored_files_load_nothing_from_other_hosts_and_carry_their_licence():
    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "nhsuk"
    css = (vendor / "nhsuk-frontend.min.css").read_text()
    assert external_urls(css) == []
    assert "sourceMappingURL" not in css
    assert "sourceMappingURL" not in (vendor / "nhsuk-frontend.min.js").read_text()
    assert "MIT License" in (vendor / "LICENCE.txt").read_text()
