from django.db import migrations


def move_notices(apps, schema_editor):
    """Every community notice moves to the portal's one outbox: unsent ones are sent from
    there, sent ones keep their sending time and are purged on the outbox's schedule."""
    Notice = apps.get_model("community", "Notice")
    Email = apps.get_model("core", "Email")
    Email.objects.bulk_create(
        Email(
            to_email=notice.to_email,
            subject=notice.subject,
            body=notice.body,
            sent_at=notice.sent_at,
        )
        for notice in Notice.objects.order_by("pk")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_event_sequence"),
        ("core", "0002_outbox"),
    ]

    operations = [
        migrations.RunPython(move_notices, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notice"),
    ]
