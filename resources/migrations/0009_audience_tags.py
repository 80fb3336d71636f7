"""Audience joins the library's facets: each resource's tags column gains its audience
(`|audience:<code>|`), so the facet filters and counts as the others do. No row is added
or removed."""

from django.db import migrations


def add_audience_tags(apps, schema_editor):
    Resource = apps.get_model("resources", "Resource")
    for resource in Resource.objects.exclude(audience=[]).only("pk", "tags", "audience"):
        kept = [part for part in resource.tags.strip("|").split("|") if part]
        kept = [part for part in kept if not part.startswith("audience:")]
        kept += [f"audience:{code}" for code in resource.audience]
        Resource.objects.filter(pk=resource.pk).update(tags="|" + "|".join(kept) + "|")


def remove_audience_tags(apps, schema_editor):
    Resource = apps.get_model("resources", "Resource")
    for resource in Resource.objects.filter(tags__contains="|audience:").only("pk", "tags"):
        kept = [part for part in resource.tags.strip("|").split("|") if part]
        kept = [part for part in kept if not part.startswith("audience:")]
        Resource.objects.filter(pk=resource.pk).update(tags="|" + "|".join(kept) + "|")


class Migration(migrations.Migration):
    dependencies = [("resources", "0008_review_indexes")]

    operations = [migrations.RunPython(add_audience_tags, remove_audience_tags)]
