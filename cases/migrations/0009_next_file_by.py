"""Performance (issue 8): the derived `AsylumSeeker.next_file_by` column, filled here from the
open deadlines, and the index of the people list's "next deadline" sort.

It replaces a per-person subquery that sorting 50,000 people by their next deadline evaluated
for every person (179 ms); cases.deadline_services.refresh_next_file_by keeps it right from now
on. The backfill is one UPDATE in the database with the rule of
cases.deadline_services.next_file_by_rule (copied: a migration must not import code that may
change; tests/cases/test_next_file_by.py checks that the two agree).
"""

from django.db import migrations, models
from django.db.models import DateField, OuterRef, Subquery


def backfill_next_file_by(apps, schema_editor):
    AsylumSeeker = apps.get_model("cases", "AsylumSeeker")
    Deadline = apps.get_model("cases", "Deadline")
    earliest_open = (
        Deadline.objects.filter(seeker=OuterRef("pk"), status="open")
        .order_by("file_by")
        .values("file_by")[:1]
    )
    AsylumSeeker.objects.update(next_file_by=Subquery(earliest_open, output_field=DateField()))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_sweep_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="asylumseeker",
            name="next_file_by",
            field=models.DateField(editable=False, null=True, verbose_name="next file-by date"),
        ),
        migrations.RunPython(backfill_next_file_by, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(
                fields=["next_file_by", "name_latin", "id"], name="seeker_next_file_by"
            ),
        ),
    ]
