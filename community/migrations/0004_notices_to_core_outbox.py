from django.db import migrations


def move_unsent_notices(apps, schema_editor):
    """Unsent community notices move to the portal's one outbox; sent ones have gone."""
    Notice = apps.get_model("community", "Notice")
    Email = apps.get_model("core", "Email")
    Email.objects.bulk_create(
        Email(to_email=notice.to_email, subject=notice.subject, body=notice.body)
        for notice in Notice.objects.filter(sent_at__isnull=True).order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_event_sequence"),
        ("core", "0002_outbox"),
    ]

    operations = [
        migrations.RunPython(move_unsent_notices, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notice"),
    ]
