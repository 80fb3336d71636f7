"""Loads the national step template as first published, so every new database has it."""

from collections import defaultdict

from django.db import migrations


def load_template(apps, schema_editor):
    from programmes.template_defaults import DEFAULT_STEPS

    StepTemplate = apps.get_model("programmes", "StepTemplate")
    if StepTemplate.objects.exists():
        return
    positions = defaultdict(int)
    rows = []
    for phase_kind, title, description, required, tool in DEFAULT_STEPS:
        positions[phase_kind] += 1
        rows.append(
            StepTemplate(
                phase_kind=phase_kind,
                position=positions[phase_kind],
                title=title,
                description=description,
                required=required,
                tool=tool,
            )
        )
    StepTemplate.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(load_template, migrations.RunPython.noop)]
