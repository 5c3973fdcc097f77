"""Alert sweep at volume (issue 8): partial indexes for the two contact alerts.

`cases.alert_kinds` asks, once per detained person, for the last successful contact with the
client and for the latest failed attempts. With only (seeker, -occurred_at) each question read
and filtered all of the person's contacts (20 on average) and sorted them again.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_perf_detained_since_and_indexes"),
    ]

    operations = [
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
