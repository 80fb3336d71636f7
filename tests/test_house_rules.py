"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["core", "accounts", "programmes", "diagnostics", "resources", "community"]


def view_modules():
    for app in APPS:
        yield from (ROOT / app).glob("views.py")
        yield from (ROOT / app).glob("views/*.py")


def test_views_reach_data_only_through_selectors_and_services():
    """Trust-scoped data must come through a scoped selector (docs/architecture.md, access)."""
    offenders = []
    for path in view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id == "get_object_or_404":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_relative_imports_in_the_portal():
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for app in [*APPS, "culture_portal"]
        for path in (ROOT / app).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert offenders == []


# Forms whose every message is written by hand: the survey's own pages, kept lean.
OWN_MESSAGES_ONLY = {"SectionForm", "DemographicsForm"}


def test_every_form_gets_plain_english_error_messages():
    """Through NHSFormHelper, or plain_error_messages called directly (core/forms.py), so no
    page shows Django's "Ensure this value has at most 200 characters"."""
    classes = {}
    for app in APPS:
        for path in (ROOT / app).rglob("forms.py"):
            for node in ast.parse(path.read_text()).body:
                if isinstance(node, ast.ClassDef) and node.name.endswith("Form"):
                    calls = {
                        call.func.id
                        for call in ast.walk(node)
                        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    }
                    bases = {ast.unparse(base).split(".")[-1] for base in node.bases}
                    plain = bool(calls & {"NHSFormHelper", "plain_error_messages"})
                    classes[node.name] = (plain, bases, f"{path.relative_to(ROOT)}:{node.lineno}")

    def plain(name, seen=()):
        entry = classes.get(name)
        if entry is None or name in seen:
            return False
        return entry[0] or any(plain(base, (*seen, name)) for base in entry[1])

    offenders = [
        where
        for name, (_, _, where) in classes.items()
        if not plain(name) and name not in OWN_MESSAGES_ONLY
    ]
    assert offenders == []


def test_every_scroll_region_can_be_reached_and_is_named():
    """A wide table's scroll region takes keyboard focus, so people without a mouse can scroll
    it, and is a named region (axe's scrollable-region-focusable; static/js/scroll-regions.js
    says when it scrolls)."""
    offenders = []
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "core").rglob("*.html")]:
        for tag in re.findall(r"<[a-z]+\s[^>]*\bportal-table-scroll\b[^>]*>", path.read_text()):
            named = "aria-label=" in tag or "aria-labelledby=" in tag
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or not named:
                offenders.append(f"{path.relative_to(ROOT)}: {' '.join(tag.split())}")
    assert offenders == []
