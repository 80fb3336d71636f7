"""Load the two surveys shipped with the portal, so every install (not only the demo) has
them as published version 1. Their content lives in diagnostics/instrument_content.py."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from types import SimpleNamespace

    from diagnostics.instruments.content import LEADERSHIP_BEHAVIOURS_SURVEY, WHOLE_STAFF_SURVEY
    from diagnostics.instruments.loading import load_instrument

    models = SimpleNamespace(
        **{
            name: apps.get_model("diagnostics", name)
            for name in ("Instrument", "InstrumentVersion", "Section", "Item", "CommentQuestion")
        }
    )
    for content in (WHOLE_STAFF_SURVEY, LEADERSHIP_BEHAVIOURS_SURVEY):
        load_instrument(content, models=models, published_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
