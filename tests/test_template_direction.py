"""Templates obey the same one-way layering as the code (docs/architecture.md): a template of
one app may name its own app's URLs, templates and tag libraries, or a lower app's, never a
higher or sibling app's. import-linter cannot see templates, so this test does."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.template.backends.django import get_installed_libraries
from django.urls import get_resolver

ROOT = Path(settings.BASE_DIR)
# Template folders whose name is not their app's; the site's frame (base.html, its includes
# and the error pages) counts as core's, since every page extends it.
FOLDER_APP = {"survey": "diagnostics", "layouts": "core", "nhsuk": "core", "components": "core"}
URL = re.compile(r"{%\s*url\s+['\"]([\w-]+):")
TEMPLATE = re.compile(r"{%\s*(?:extends|include)\s+['\"]([^'\"]+)['\"]")
LOAD = re.compile(r"{%\s*load\s+([\w ]+?)\s*%}")


def layer_ranks() -> dict[str, int]:
    """App -> its layer's position in the app contract, 0 the highest."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    return {
        app.strip(): rank
        for rank, layer in enumerate(contract["layers"])
        for app in layer.split("|")
    }


RANKS = layer_ranks()


def template_app(relative: str) -> str:
    """The app a template belongs to, from its path under a templates folder."""
    folder = relative.split("/", 1)[0] if "/" in relative else ""
    if folder in RANKS:
        return folder
    return FOLDER_APP.get(folder, "core")


def urlconf_app(resolver) -> str:
    if isinstance(resolver.urlconf_name, str):
        return resolver.urlconf_name.split(".", 1)[0]
    # A list of patterns: the app of its views.
    return next(p.callback.__module__ for p in resolver.url_patterns).split(".", 1)[0]


def namespace_apps() -> dict[str, str]:
    return {
        namespace: urlconf_app(resolver)
        for namespace, (_, resolver) in get_resolver().namespace_dict.items()
    }


def library_apps() -> dict[str, str]:
    return {name: module.split(".", 1)[0] for name, module in get_installed_libraries().items()}


def may_use(owner: str, used: str) -> bool:
    if used not in RANKS or used == owner:
        return True
    # A lower layer has a larger rank; apps in one layer are independent of each other.
    return RANKS[used] > RANKS[owner]


def upward_references(owner: str, text: str) -> list[str]:
    namespaces, libraries = namespace_apps(), library_apps()
    found = []
    for namespace in URL.findall(text):
        if not may_use(owner, namespaces.get(namespace, "")):
            found.append(f"url {namespace}:")
    for name in TEMPLATE.findall(text):
        if not may_use(owner, template_app(name)):
            found.append(f"template {name}")
    for names in LOAD.findall(text):
        for library in names.split():
            if not may_use(owner, libraries.get(library, "")):
                found.append(f"load {library}")
    return found


def all_templates():
    for base in (ROOT / "templates", *ROOT.glob("*/templates")):
        for path in sorted(base.rglob("*.html")):
            relative = path.relative_to(base).as_posix()
            app = base.parent.name if base.parent != ROOT else template_app(relative)
            yield app, relative, path


def test_no_template_names_a_higher_app():
    found = [
        f"{relative} ({app}): {reference}"
        for app, relative, path in all_templates()
        for reference in upward_references(app, path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    ("owner", "text"),
    [
        ("programmes", "<a href=\"{% url 'diagnostics:tools' programme.pk %}\">Tools</a>"),
        ("programmes", '{% include "diagnostics/includes/survey_headline.html" %}'),
        ("programmes", "{% load charts %}"),
        ("core", "{% url 'programmes:overview' 1 %}"),
        ("resources", "{% url 'diagnostics:benchmarks' %}"),
    ],
)
def test_a_planted_upward_reference_is_caught(owner, text):
    assert upward_references(owner, text)


def test_references_downward_or_within_an_app_pass():
    text = (
        "{% extends 'layouts/programme.html' %}{% load programme_pages %}{% url 'programmes:x' %}"
    )
    assert upward_references("diagnostics", text) == []
