"""Performance (issue 8): where a lawyer's people are held now, as an index-only scan
(cases.filters._facilities; bench/NOTES.md section 13)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("detention", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="detentionstay",
            index=models.Index(
                condition=models.Q(("ended_on__isnull", True)),
                fields=["seeker", "facility"],
                name="stay_open_seeker_facility",
            ),
        ),
    ]
