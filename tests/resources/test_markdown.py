"""Resource bodies: Markdown becomes HTML that is safe to show whatever the author wrote, and
plain text for search. Pure: no database.

Raw HTML in a body is shown as text (escaped), so a hostile body may still *contain* words like
‘onerror=’ as visible text. The checks therefore read the output as a browser would, as tags
and attributes, and also look for the strings that would only matter inside a tag."""

import html
import re
from html.parser import HTMLParser

import pytest

from resources.markdown import (
    ALLOWED_TAGS,
    allowed_link,
    plain_text,
    render_markdown,
    sanitise_html,
)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def markup(output: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Markup()
    parser.feed(output)
    parser.close()
    return parser.tags


def scheme_of(href: str) -> str:
    """The scheme a browser would see: entities decoded, tabs and newlines dropped."""
    text = re.sub(r"[\t\n\r]", "", html.unescape(href)).strip("\x00 ").lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", text)
    return match[1] if match else ""


def assert_harmless(output: str) -> None:
    lowered = output.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<img" not in lowered
    assert "<style" not in lowered
    assert "<svg" not in lowered
    assert "<!--" not in lowered
    # An event handler or style only matters inside a tag.
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert not re.search(r"<[^>]*\sstyle\s*=", lowered)
    assert not re.search(r"""href\s*=\s*["']?\s*(?:javascript|vbscript|data):""", lowered)
    for tag, attrs in markup(output):
        assert tag in ALLOWED_TAGS, tag
        for name in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name in {"href", "title", "rel", "class", "scope"}, (tag, name)
        if "href" in attrs:
            href = attrs["href"]
            assert scheme_of(href) in {"", "http", "https", "mailto"}, href
            assert not href.replace("\\", "/").startswith("//"), href
            assert attrs["rel"] == "noopener noreferrer"


HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script-block"),
    pytest.param("Hello <script>alert(1)</script> there", id="script-inline"),
    pytest.param("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", id="script-src"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('Text <img src="x" onerror="alert(1)"> more', id="img-inline"),
    pytest.param('<iframe src="https://evil.example"></iframe>', id="iframe"),
    pytest.param("<svg onload=alert(1)>", id="svg"),
    pytest.param("<style>body { display: none }</style>", id="style-tag"),
    pytest.param('<p style="position:fixed;top:0">Cover</p>', id="style-attribute"),
    pytest.param("<div>\n<b onmouseover=alert(1)>Hover</b>\n</div>", id="html-block"),
    pytest.param('<a href="https://ok.example" onclick="alert(1)">link</a>', id="onclick"),
    pytest.param('<strong onclick="alert(1)">bold</strong>', id="handler-on-allowed"),
    pytest.param("<!-- hidden --><b>x</b>", id="comment"),
    pytest.param('<object data="x.swf"></object><embed src="x">', id="object"),
    pytest.param("[x](javascript:alert(1))", id="js"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="js-mixed-case"),
    pytest.param("[x](java&#x09;script:alert(1))", id="js-tab-entity"),
    pytest.param("[x](jav&#x0A;ascript:alert(1))", id="js-newline-entity"),
    pytest.param("[x](&#106;avascript:alert(1))", id="js-decimal-entity"),
    pytest.param("[x](javascript&colon;alert(1))", id="js-colon-entity"),
    pytest.param("[x](%6Aavascript:alert(1))", id="js-percent"),
    pytest.param("[x](  javascript:alert(1))", id="js-leading-space"),
    pytest.param("[x](<javascript:alert(1)>)", id="js-pointy"),
    pytest.param("[x](&#x20;javascript:alert(1))", id="js-space-entity"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", id="data"),
    pytest.param("[x](DATA:text/html,<script>alert(1)</script>)", id="data-upper"),
    pytest.param("[x](vbscript:msgbox(1))", id="vbscript"),
    pytest.param("[x](VBScript:msgbox(1))", id="vbscript-mixed"),
    pytest.param("[x][evil]\n\n[evil]: javascript:alert(1)", id="reference"),
    pytest.param("[[x](javascript:alert(1))](https://ok.example)", id="nested-inner"),
    pytest.param("[outer [x](https://ok.example)](javascript:alert(1))", id="nested-outer"),
    pytest.param('[x](https://ok.example "t" onmouseover=alert(1))', id="title-breakout"),
    pytest.param('[x](https://ok.example"onmouseover="alert(1))', id="quote-in-url"),
    pytest.param("![x](javascript:alert(1))", id="image-js"),
    pytest.param("![x](https://evil.example/track.png)", id="image"),
    pytest.param("<javascript:alert(1)>", id="autolink-js"),
    pytest.param("<JAVASCRIPT:alert(1)>", id="autolink-js-upper"),
    pytest.param("<data:text/html,hi>", id="autolink-data"),
    pytest.param("<vbscript:msgbox(1)>", id="autolink-vbscript"),
    pytest.param("[x](//evil.example/path)", id="protocol-relative"),
    pytest.param("[x](/\\evil.example)", id="backslash"),
    pytest.param("[x](file:///etc/passwd)", id="file"),
    pytest.param("[x](tel:01234)", id="other-scheme"),
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_bodies_render_harmless(source):
    assert_harmless(render_markdown(source))


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_bodies_inside_a_list_and_a_table_render_harmless(source):
    one_line = source.replace("\n", " ")
    assert_harmless(render_markdown(f"- {one_line}\n\n| a |\n|---|\n| {one_line} |\n"))


HOSTILE_HTML = [
    pytest.param("<script>alert(1)</script>ok", id="script"),
    pytest.param("<img src=x onerror=alert(1)>", id="img"),
    pytest.param('<iframe src="https://evil.example"></iframe>', id="iframe"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg"),
    pytest.param('<p style="position:fixed" onclick="x">Cover</p>', id="style-handler"),
    pytest.param('<strong onmouseover="x">b</strong>', id="handler-on-allowed"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="js"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">x</a>', id="js-case"),
    pytest.param('<a href="java&#x09;script:alert(1)">x</a>', id="js-tab"),
    pytest.param('<a href="java&#x0A;script:alert(1)">x</a>', id="js-newline"),
    pytest.param('<a href=" &#14; javascript:alert(1)">x</a>', id="js-control"),
    pytest.param('<a href="&#106;avascript&#58;alert(1)">x</a>', id="js-entities"),
    pytest.param('<a href="data:text/html,hi">x</a>', id="data"),
    pytest.param('<a href="vbscript:x">x</a>', id="vbscript"),
    pytest.param('<a href="//evil.example">x</a>', id="protocol-relative"),
    pytest.param('<a href="/\\evil.example">x</a>', id="backslash"),
    pytest.param('<a href="https://ok.example" target="_blank" rel="opener">x</a>', id="rel"),
    pytest.param('<table class="x" style="y"><tr><td onclick="z">1</td></tr></table>', id="table"),
    pytest.param("<!-- <script>alert(1)</script> -->", id="comment"),
]


@pytest.mark.parametrize("source", HOSTILE_HTML)
def test_the_sanitiser_alone_makes_hostile_html_harmless(source):
    # The second layer, in case markdown-it ever lets markup through.
    assert_harmless(sanitise_html(source))


def test_the_sanitiser_keeps_allowed_markup():
    output = sanitise_html('<h2>T</h2><p><a href="/x" title="t">y</a></p><ul><li>z</li></ul>')
    assert markup(output) == [
        ("h2", {}),
        ("p", {}),
        ("a", {"href": "/x", "title": "t", "rel": "noopener noreferrer"}),
        ("ul", {"class": "nhsuk-list nhsuk-list--bullet"}),
        ("li", {}),
    ]


def test_raw_html_is_shown_as_text_not_markup():
    output = render_markdown("<b>bold</b> <script>alert(1)</script>")
    assert output == "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert [tag for tag, _ in markup(output)] == ["p"]


def test_a_refused_link_is_left_as_its_text():
    output = render_markdown("[Open](javascript:alert(1))")
    assert "<a" not in output
    assert output.startswith("<p>[Open](")


class TestNormalMarkdown:
    def test_headings_start_at_h2_so_the_pages_h1_stays_unique(self):
        source = "# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six\n\nSet\n==="
        assert render_markdown(source) == (
            "<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n<h4>Four</h4>\n<h4>Six</h4>\n<h2>Set</h2>"
        )

    def test_paragraphs_emphasis_and_line_breaks(self):
        output = render_markdown("Some **strong** and *em* and _em_.  \nNext line\n\nNew para")
        assert output == (
            "<p>Some <strong>strong</strong> and <em>em</em> and <em>em</em>.<br>\n"
            "Next line</p>\n<p>New para</p>"
        )

    def test_lists_get_nhsuk_classes(self):
        output = render_markdown("- one\n- two\n\n1. first\n2. second")
        assert output == (
            '<ul class="nhsuk-list nhsuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>\n'
            '<ol class="nhsuk-list nhsuk-list--number">\n<li>first</li>\n<li>second</li>\n</ol>'
        )

    def test_tables_get_nhsuk_classes_and_lose_inline_alignment(self):
        output = render_markdown("| Tool | Weeks |\n|:--|--:|\n| Survey | 6 |")
        # nh3 does not promise an order for the attributes it sets: compare them as a dict.
        row = ("tr", {"class": "nhsuk-table__row"})
        header = ("th", {"class": "nhsuk-table__header", "scope": "col"})
        cell = ("td", {"class": "nhsuk-table__cell"})
        assert markup(output) == [
            ("table", {"class": "nhsuk-table"}),
            ("thead", {"class": "nhsuk-table__head"}),
            row,
            header,
            header,
            ("tbody", {"class": "nhsuk-table__body"}),
            row,
            cell,
            cell,
        ]
        assert re.findall(r">([^<>\s]+)</t[hd]>", output) == ["Tool", "Weeks", "Survey", "6"]

    def test_an_author_cannot_set_or_keep_a_class(self):
        output = render_markdown('<ul class="evil"><li>x</li></ul>\n\n```python\nx = 1\n```')
        assert [attrs for _, attrs in markup(output)] == [{}, {}, {}]
        assert "language-python" not in output
        assert "<pre><code>x = 1\n</code></pre>" in output

    @pytest.mark.parametrize(
        ("source", "href"),
        [
            ("[NHS England](https://www.england.nhs.uk/)", "https://www.england.nhs.uk/"),
            ("[Old](http://example.org/page?a=1&b=2)", "http://example.org/page?a=1&amp;b=2"),
            ("[Email us](mailto:culture@nhs.net)", "mailto:culture@nhs.net"),
            ("[Library](/resources/)", "/resources/"),
            ("[Sibling](board-guide)", "board-guide"),
            ("[Section](#measures)", "#measures"),
            ("[Next page](?page=2)", "?page=2"),
        ],
    )
    def test_links_keep_allowed_addresses_and_gain_rel(self, source, href):
        output = render_markdown(source)
        assert f'href="{href}"' in output
        assert 'rel="noopener noreferrer"' in output

    def test_a_link_title_is_kept(self):
        output = render_markdown('[Guide](https://example.org "The guide")')
        assert output == (
            '<p><a href="https://example.org" title="The guide" '
            'rel="noopener noreferrer">Guide</a></p>'
        )

    def test_autolinks(self):
        output = render_markdown("<https://example.org> and <culture@nhs.net>")
        assert output == (
            '<p><a href="https://example.org" rel="noopener noreferrer">https://example.org</a>'
            ' and <a href="mailto:culture@nhs.net" rel="noopener noreferrer">'
            "culture@nhs.net</a></p>"
        )

    def test_blockquote_code_and_rule(self):
        output = render_markdown("> Quoted\n\nUse `x < y`\n\n---\n\n    indented <b>")
        assert output == (
            "<blockquote>\n<p>Quoted</p>\n</blockquote>\n<p>Use <code>x &lt; y</code></p>\n"
            "<hr>\n<pre><code>indented &lt;b&gt;\n</code></pre>"
        )

    def test_an_image_becomes_its_alternative_text(self):
        output = render_markdown("See ![the *driver* diagram](https://example.org/d.png)")
        assert output == "<p>See the driver diagram</p>"

    def test_strikethrough_and_other_extensions_are_not_on(self):
        assert render_markdown("~~gone~~") == "<p>~~gone~~</p>"

    @pytest.mark.parametrize("source", ["", "   ", "\n\n"])
    def test_an_empty_body(self, source):
        assert render_markdown(source) == ""


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org", True),
        ("HTTP://example.org", True),
        ("mailto:a@nhs.net", True),
        ("/resources/x", True),
        ("x/y?z=1#w", True),
        ("#top", True),
        ("javascript:alert(1)", False),
        ("java%09script:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("ftp://example.org", False),
        ("//evil.example", False),
        ("/%5Cevil.example", False),
        ("\\\\evil.example", False),
    ],
)
def test_allowed_link(url, allowed):
    assert allowed_link(url) is allowed


class TestPlainText:
    def test_markup_is_removed(self):
        source = (
            "# Board interviews\n\nAsk **each** member about [the vision](https://x.example).\n\n"
            "- One\n- Two `code`\n\n| Tool | Weeks |\n|---|---|\n| Survey | 6 |\n\n"
            "> Quote &amp; more  \nline\n\n![diagram](d.png)\n\n```\nfenced\n```"
        )
        assert plain_text(source) == (
            "Board interviews\nAsk each member about the vision.\nOne\nTwo code\n"
            "Tool Weeks\nSurvey 6\nQuote & more line\ndiagram\nfenced"
        )

    def test_raw_html_tags_and_scripts_are_left_out(self):
        source = (
            "Hello <b onclick='x'>there</b>\n\n<div>\n<p>Inside &amp; <i>block</i></p>\n</div>\n\n"
            "<script>alert(1)</script>\n\n<style>p {}</style>\n\nEnd"
        )
        assert plain_text(source) == "Hello there\nInside & block\nEnd"

    def test_refused_links_keep_their_source_as_on_the_page(self):
        assert plain_text("[x](javascript:alert(1))") == "[x](javascript:alert(1))"

    @pytest.mark.parametrize("source", ["", "  \n", "---", "<!-- note -->"])
    def test_nothing_to_read(self, source):
        assert plain_text(source) == ""
