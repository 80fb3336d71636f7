# Receipts get random keys. Changing a bigint key to a UUID in place fails on PostgreSQL,
# so the table is made again; receipts only matter while a draft could still be re-sent.
import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0003_draft_token_is_the_submission_key")]

    operations = [
        migrations.DeleteModel(name="SubmissionReceipt"),
        migrations.CreateModel(
            name="SubmissionReceipt",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("key_hash", models.CharField(max_length=64, unique=True)),
                (
                    "wave",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="diagnostics.wave",
                    ),
                ),
            ],
        ),
    ]
