"""The search trigger also fills rank_vector (title and summary), and existing rows get it."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION resources_resource_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.rank_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B');
  NEW.search_vector :=
    NEW.rank_vector ||
    setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE resources_resource SET title = title;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION resources_resource_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("resources", "0005_rank_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
