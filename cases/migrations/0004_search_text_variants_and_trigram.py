"""Rebuild `search_text` with the transliteration folds of `cases.identifiers.search_key`, and
on PostgreSQL index it with pg_trgm so `?q=` on the people list (a `LIKE '%word%'` in
`cases.queries.seeker_search`) stays fast with tens of thousands of cases.

The index is not declared on the model: it exists only on PostgreSQL, and SQLite must still
migrate, so both operations check the database vendor themselves.
"""

from django.db import migrations

from cases.identifiers import search_key

INDEX = "seeker_search_text_trgm"


def rebuild_search_text(apps, schema_editor):
    AsylumSeeker = apps.get_model("cases", "AsylumSeeker")
    batch = []
    rows = AsylumSeeker.objects.only("name_latin", "name_original", "aliases", "search_text")
    for seeker in rows.iterator(chunk_size=2000):
        key = search_key(seeker.name_latin, seeker.name_original, seeker.aliases)
        if key != seeker.search_text:
            seeker.search_text = key
            batch.append(seeker)
        if len(batch) >= 2000:
            AsylumSeeker.objects.bulk_update(batch, ["search_text"])
            batch = []
    AsylumSeeker.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_asylumseeker "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_statutes"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
