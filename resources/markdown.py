"""Resource bodies are written in Markdown by curators and shown to everyone: turn them into
HTML that is safe to mark as such in a template, and into plain text for search and summaries.

Two layers, so that a mistake in one is caught by the other. markdown-it never lets raw HTML
through (it is shown as text) and makes links only to addresses on an allow-list; nh3 then
removes every tag, attribute and link scheme not on its own allow-list. The NHS.UK classes are
added by nh3 itself, after it has cleaned the markup, so nothing the author writes can add or
keep a class.
"""

import html
import re
import urllib.parse
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Removed with everything inside them, not just unwrapped: their content is code, not text.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript"}
)
# The NHS.UK frontend's classes, set on every element of the kind whatever the author wrote.
NHSUK_CLASSES = {
    "ul": {"class": "nhsuk-list nhsuk-list--bullet"},
    "ol": {"class": "nhsuk-list nhsuk-list--number"},
    "table": {"class": "nhsuk-table"},
    "thead": {"class": "nhsuk-table__head"},
    "tbody": {"class": "nhsuk-table__body"},
    "tr": {"class": "nhsuk-table__row"},
    # A Markdown table's header cells are only ever in its first row.
    "th": {"class": "nhsuk-table__header", "scope": "col"},
    "td": {"class": "nhsuk-table__cell"},
}
# The page has its own h1, so a body's headings start at h2; nh3 would unwrap h5 and h6.
TOP_HEADING = 2
BOTTOM_HEADING = 4

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers ignore tabs and newlines anywhere in an address, and spaces and control characters
# at either end, so "java\tscript:" is "javascript:" to them; compare addresses as they would.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(n) for n in range(0x21))


def allowed_link(url: str) -> bool:
    """Whether a link may point at `url`: an http, https or mailto address, or a path on this
    site. Addresses starting // or \\ are other sites, however relative they look."""
    text = urllib.parse.unquote(html.unescape(url))
    text = _IGNORED_IN_URL.sub("", text).strip(_URL_EDGES)
    if match := _SCHEME.match(text):
        return match[1].lower() in URL_SCHEMES
    return not text.replace("\\", "/").startswith("//")


class _Markdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it's name for it
        # Stricter than markdown-it's own list of refused schemes: only what we allow.
        return allowed_link(url)


def _image_as_text(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Images are not allowed: show the alternative text the author wrote instead, rather
    than leave a gap where nh3 removed the tag."""
    token = tokens[idx]
    return escapeHtml(renderer.renderInlineAsText(token.children or [], options, env))


def _parser(*, html_blocks: bool) -> MarkdownIt:
    md = _Markdown("commonmark", {"html": html_blocks}).enable("table")
    md.add_render_rule("image", _image_as_text)
    return md


_RENDERER = _parser(html_blocks=False)
# Plain text is read from a parse that recognises raw HTML, so that its tags can be left out.
_TEXT_READER = _parser(html_blocks=True)

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    url_relative=lambda url: url if allowed_link(url) else None,
    link_rel=LINK_REL,
    set_tag_attribute_values=NHSUK_CLASSES,
    strip_comments=True,
)


def _shift_headings(tokens: list[Token]) -> None:
    # The body's own top level becomes h2, whether its author started at # or at ##, so the
    # page's headings run h1, h2, h3 with no level skipped.
    levels = [int(t.tag[1:]) for t in tokens if t.type == "heading_open"]
    top = min(levels, default=1)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:]) - top + TOP_HEADING
            token.tag = f"h{min(level, BOTTOM_HEADING)}"


def sanitise_html(markup: str) -> str:
    """Only the allowed tags, attributes and links of `markup`, with the NHS.UK classes set.
    The second layer under render_markdown, usable on its own for HTML from elsewhere."""
    return _CLEANER.clean(markup)


def render_markdown(text: str) -> str:
    """Safe HTML for a resource body written in Markdown."""
    env: dict[str, Any] = {}
    tokens = _RENDERER.parse(text or "", env)
    _shift_headings(tokens)
    return sanitise_html(_RENDERER.renderer.render(tokens, _RENDERER.options, env)).strip()


# Blocks whose end is the end of a line of plain text.
_LINE_ENDS = frozenset(
    {"paragraph_close", "heading_close", "tr_close", "fence", "code_block", "html_block", "hr"}
)


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child))
        # html_inline (a raw tag) and the link and emphasis markers are not text.
    return "".join(parts)


def _block_html_text(source: str) -> str:
    """The words in a raw HTML block, without its tags, scripts or styles."""
    return html.unescape(
        nh3.clean(source, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    )


def plain_text(markdown: str) -> str:
    """The words of a Markdown body without any markup: one line for each paragraph, heading,
    list item or table row, with runs of spaces closed up. Not HTML: escape it to show it."""
    lines: list[str] = []
    current: list[str] = []
    for token in _TEXT_READER.parse(markdown or ""):
        if token.type == "inline":
            current.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            current.append(token.content)
        elif token.type == "html_block":
            current.append(_block_html_text(token.content))
        if token.type in _LINE_ENDS:
            line = " ".join(" ".join(current).split())
            if line:
                lines.append(line)
            current = []
    return "\n".join(lines)
