"""Alert sweep at volume (issue 8): the stays of a person latest first, and the transfers by
the day they ended, so that `cases.alert_kinds.detention_alerts` finds when each detention
began with index-only probes instead of sorting the person's stays twice per sweep.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("detention", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="detentionstay",
            index=models.Index(fields=["seeker", "-started_on"], name="stay_seeker_started"),
        ),
        migrations.AddIndex(
            model_name="detentionstay",
            index=models.Index(
                condition=models.Q(("end_reason", "transferred")),
                fields=["seeker", "ended_on"],
                name="stay_transferred_on",
            ),
        ),
    ]
