"""Deadline.closed_by_record: closed by what the record says, so the sync may open it again.

No backfill: a row closed before this migration counts as closed by a person, which the sync
never touches (the behaviour until now).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_assignment_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='deadline',
            name='closed_by_record',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='historicaldeadline',
            name='closed_by_record',
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
