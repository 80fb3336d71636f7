"""Surveys open when figures became publish-once-at-close (docs/anonymity.md) may hold
figures and comments released while they were open. Withdraw them: their figures are
published at close like every other survey's, and their comments wait for the close."""

from django.db import migrations


def withdraw_live_figures(apps, schema_editor):
    Wave = apps.get_model("diagnostics", "Wave")
    WaveResult = apps.get_model("diagnostics", "WaveResult")
    ResultRow = apps.get_model("diagnostics", "ResultRow")
    Comment = apps.get_model("diagnostics", "Comment")
    PendingComment = apps.get_model("diagnostics", "PendingComment")
    not_closed = Wave.objects.exclude(status="closed")
    ResultRow.objects.filter(wave__in=not_closed).delete()
    WaveResult.objects.filter(wave__in=not_closed).update(
        responses_counted=0, state="waiting", final=False, computed_at=None
    )
    released = Comment.objects.filter(wave__in=not_closed)
    PendingComment.objects.bulk_create(
        PendingComment(wave_id=c.wave_id, question_id=c.question_id, text=c.text)
        for c in released.iterator()
    )
    released.delete()


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0010_anonymity_random_keys_comment_envelopes")]

    operations = [migrations.RunPython(withdraw_live_figures, migrations.RunPython.noop)]
