"""Performance (issue 8): indexes that carry the person's id, so a lawyer's dashboard counts and
people-list filter choices join their assignments to a narrow index instead of reading every
person's whole row (bench/NOTES.md section 13). Same names, same leading columns: the list sort
and the skip-scan of the nationality choices read them as before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_next_file_by"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="asylumseeker", name="seeker_detained_since"),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(
                fields=["detained_since", "name_latin", "id"], name="seeker_detained_since"
            ),
        ),
        migrations.RemoveIndex(model_name="asylumseeker", name="seeker_nationality"),
        migrations.AddIndex(
            model_name="asylumseeker",
            index=models.Index(fields=["nationality", "id"], name="seeker_nationality"),
        ),
    ]
