"""Rules of the codebase that a reviewer would otherwise have to remember."""

import ast
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
