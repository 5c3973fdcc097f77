"""Alert sweep at volume (issue 8): partial indexes for the questions `cases.alert_kinds` asks
once per detained person or open case.

- The last successful contact with the client, and the latest failed attempts: with only
  (seeker, -occurred_at) each question read and filtered all of the person's contacts (20 on
  average) and sorted them again.
- What stays removal (a pending BIA appeal, a granted stay): the final-order alert read every
  appeal through the seeker index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_perf_detained_since_and_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=models.Q(
                    models.Q(("kind", "bia_appeal"), ("outcome", "pending")),
                    models.Q(("kind", "stay"), ("outcome", "granted")),
                    _connector="OR",
                ),
                fields=["seeker"],
                name="appeal_stays_removal",
            ),
        ),
        migrations.AddIndex(
            model_name="contactlog",
            index=models.Index(
                condition=models.Q(("outcome", "reached"), ("party", "client")),
                fields=["seeker", "-occurred_at", "-id"],
                name="contact_client_reached",
            ),
        ),
        migrations.AddIndex(
            model_name="contactlog",
            index=models.Index(
                condition=models.Q(
                    ("party", "client"), models.Q(("outcome", "reached"), _negated=True)
                ),
                fields=["seeker", "-occurred_at"],
                name="contact_client_failed",
            ),
        ),
    ]
