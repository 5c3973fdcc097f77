"""Performance (issue 8): the derived `AsylumSeeker.detained_since` column, filled here from the
stays, and the indexes the people list, the dashboard and the notification list read.

`detained_since` replaces a per-row subquery that walked every person's transfer chain each
time a list was sorted, filtered or counted; detention.services keeps it right from now on.
The backfill is one UPDATE in the database (the rule of detention.periods.detained_since in
SQL: the earliest start on or after the last day the person was let go), not a Python loop.
"""

from datetime import date

from django.db import migrations, models
from django.db.models import DateField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill_detained_since(apps, schema_editor):
    AsylumSeeker = apps.get_model("cases", "AsylumSeeker")
    DetentionStay = apps.get_model("detention", "DetentionStay")
    let_go = (
        DetentionStay.objects.filter(seeker=OuterRef("seeker"), ended_on__isnull=False)
        .exclude(end_reason="transferred")
        .order_by("-ended_on")
        .values("ended_on")[:1]
    )
    first_start = (
        DetentionStay.objects.filter(seeker=OuterRef("pk"))
        .filter(
            started_on__gte=Coalesce(Subquery(let_go), Value(date.min, output_field=DateField()))
        )
        .order_by("started_on")
        .values("started_on")[:1]
    )
    held = DetentionStay.objects.filter(seeker=OuterRef("pk"), ended_on__isnull=True)
    AsylumSeeker.objects.filter(Exists(held)).update(detained_since=Subquery(first_start))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_deadlines_alerts_closures_calendar"),
        ("detention", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="asylumseeker",
            name="detained_since",
            field=models.DateField(editable=False, null=True, verbose_name="detained since"),
        ),
        migrations.RunPython(backfill_detained_since, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(fields=["name_latin", "id"], name="seeker_name_order"),
        ),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(
                fields=["detained_since", "name_latin"], name="seeker_detained_since"
            ),
        ),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(fields=["nationality"], name="seeker_nationality"),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["seeker", "file_by"],
                name="deadline_open_seeker",
            ),
        ),
        # The dashboard's deadlines are ordered (file_by, id): a thousand share a day.
        migrations.RemoveIndex(model_name="deadline", name="deadline_open_file_by"),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["file_by", "id"],
                name="deadline_open_file_by",
            ),
        ),
        # The notification list's order is (created_at, id): one sweep stamps all it creates
        # with one created_at.
        migrations.RemoveIndex(model_name="alert", name="alert_recipient_recent"),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(
                fields=["recipient", "-created_at", "-id"], name="alert_recipient_recent"
            ),
        ),
    ]
