"""The design documents name real files: every backticked repository path in docs/ and the
README exists, and a `path::name` suffix names a function, class or constant defined in that
file. So moving or renaming a file the docs point at fails the suite until they follow."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = (
    "culture_portal",
    "core",
    "accounts",
    "programmes",
    "diagnostics",
    "resources",
    "community",
    "templates",
    "static",
    "tests",
    "benchmarks",
    "docs",
    ".ci",
)
APPS = ("culture_portal", "core", "accounts", "programmes", "diagnostics", "resources", "community")
# A backticked span that starts with a top-level folder: `diagnostics/tasks.py`,
# `docs/decisions/`, `diagnostics/surveys/services.py::survey_response_submit`.
CITED = re.compile(
    r"`((?:" + "|".join(re.escape(d) for d in TOP_LEVEL) + r")/[^`\s:]*)(?:::([\w.]+))?`"
)
# Files the documents name that a run writes and git ignores, so a checkout has none yet.
GENERATED = {"benchmarks/results/latest.json"}
# Written in two parts so that this file does not itself cite the file it looks for.
OUTSIDE_DESIGN = "DESIGN" + ".md"


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def citations() -> list[tuple[str, str, str | None]]:
    found = []
    for document in documents():
        for match in CITED.finditer(document.read_text(encoding="utf-8")):
            path, name = match.groups()
            if "<" in path or "*" in path or path in GENERATED:
                continue  # a pattern such as `tests/<app>/test_views.py`, or a run's output
            found.append((str(document.relative_to(ROOT)), path.rstrip("/"), name))
    return found


def test_the_documents_cite_paths():
    """The pattern still finds something: the architecture page cites dozens of files."""
    assert len(citations()) > 50


@pytest.mark.parametrize(("document", "path", "name"), citations())
def test_a_cited_path_exists(document, path, name):
    target = ROOT / path
    assert target.exists(), f"{document} cites `{path}`, which does not exist"
    if name is None:
        return
    assert target.is_file(), f"{document} cites `{path}::{name}`, but {path} is a folder"
    defined = re.compile(
        rf"^\s*(?:async\s+def|def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*[:=]",
        re.MULTILINE,
    )
    assert defined.search(target.read_text(encoding="utf-8")), (
        f"{document} cites `{path}::{name}`, but {path} defines no {name}"
    )


def test_every_document_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/architecture.md", "docs/anonymity.md", "docs/performance.md"):
        assert name in readme, f"README.md does not link to {name}"
    assert "docs/decisions/" in readme


def test_every_decision_record_is_listed():
    decisions = ROOT / "docs" / "decisions"
    index = (decisions / "README.md").read_text(encoding="utf-8")
    for record in sorted(decisions.glob("[0-9][0-9][0-9][0-9]-*.md")):
        assert record.name in index, f"docs/decisions/README.md does not list {record.name}"
        text = record.read_text(encoding="utf-8")
        for heading in ("## Context", "## Decision", "## Consequences"):
            assert heading in text, f"{record.name} has no '{heading}' section"


def test_the_code_cites_only_the_repositorys_own_documents():
    """The project's design is written in docs/; code cites that, never a file outside the
    repository that someone who clones it does not have."""
    citing = [
        str(path.relative_to(ROOT))
        for folder in (*APPS, "templates", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".html", ".md")
        and any(
            name in path.read_text(encoding="utf-8", errors="replace")
            for name in (OUTSIDE_DESIGN, "shared/reference", "reference/performance-security")
        )
    ]
    assert citing == []
