"""Reference list of home-country provisions used against activists.

Maximum penalties are the statutory maxima of the most serious part of each article as of
2025; a charge copies the penalty when it is created, so later edits here change no case.
"""

from django.db import migrations

STATUTES = [
    ("RU", "RU CC 205.2", "Public calls to terrorism, its justification or propaganda", "7 years' imprisonment"),
    ("RU", "RU CC 207.3", "Public dissemination of knowingly false information about the Armed Forces", "15 years' imprisonment"),
    ("RU", "RU CC 275", "High treason", "Life imprisonment"),
    ("RU", "RU CC 275.1", "Confidential cooperation with a foreign state or organization", "8 years' imprisonment"),
    ("RU", "RU CC 280.3", "Repeated public actions discrediting the Armed Forces", "7 years' imprisonment"),
    ("RU", "RU CC 282.2", "Organizing or taking part in an extremist organization", "10 years' imprisonment"),
    ("RU", "RU CC 282.3", "Financing extremist activity", "10 years' imprisonment"),
    ("RU", "RU CC 284.1", "Taking part in an 'undesirable' organization", "6 years' imprisonment"),
    ("RU", "RU KoAP 20.3.3", "Administrative offence: discrediting the Armed Forces", "Fine of 150,000 roubles"),
    ("BY", "BY CC 342", "Organizing or taking part in actions grossly violating public order", "4 years' imprisonment"),
    ("BY", "BY CC 361-1", "Creating or taking part in an extremist formation", "10 years' imprisonment"),
]


def load(apps, schema_editor):
    Statute = apps.get_model("cases", "Statute")
    for country, code, title, penalty in STATUTES:
        Statute.objects.update_or_create(
            code=code, defaults={"country": country, "title": title, "max_penalty": penalty}
        )


def unload(apps, schema_editor):
    apps.get_model("cases", "Statute").objects.filter(code__in=[s[1] for s in STATUTES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
