"""Full-text search on PostgreSQL: a trigger keeps search_vector up to date (title weighted
above summary above body, English stemming) and a GIN index serves the searches. SQLite has
neither; the library's search falls back to plain matching there."""

from django.db import migrations

CREATE = """
CREATE FUNCTION resources_resource_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER resources_resource_search_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, body_text ON resources_resource
  FOR EACH ROW EXECUTE FUNCTION resources_resource_search_vector();
CREATE INDEX resources_resource_search_vector_gin
  ON resources_resource USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS resources_resource_search_vector_gin;
DROP TRIGGER IF EXISTS resources_resource_search_vector_update ON resources_resource;
DROP FUNCTION IF EXISTS resources_resource_search_vector();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
