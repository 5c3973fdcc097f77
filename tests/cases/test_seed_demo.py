import pytest
from django.core.management import call_command

from cases.models import AsylumSeeker, Hearing, HomeCountryCharge
from caseworks.models import User
from detention.models import DetentionStay

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_creates_everything_once(capsys, settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path  # use the built-in facility list: faster, offline
    call_command("seed_demo", people=5)
    first = (
        AsylumSeeker.objects.count(),
        Hearing.objects.count(),
        DetentionStay.objects.count(),
        User.objects.count(),
    )
    call_command("seed_demo", people=5)
    second = (
        AsylumSeeker.objects.count(),
        Hearing.objects.count(),
        DetentionStay.objects.count(),
        User.objects.count(),
    )
    assert first == second
    assert first[0] == 6
    assert sorted(User.objects.values_list("username", "role")) == [
        ("caseworker", "caseworker"),
        ("coordinator", "coordinator"),
        ("lawyer", "lawyer"),
        ("monitor", "monitor"),
    ]
    out = capsys.readouterr().out
    assert "password: caseworks-demo" in out


def test_reference_story_is_in_the_demo(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path
    call_command("seed_demo", people=0)
    orlov = AsylumSeeker.objects.get(name_latin="Pavel Orlov")
    assert orlov.name_original == "Павел Орлов"
    stays = list(
        orlov.detention_stays.order_by("started_on").values_list("facility__code", flat=True)
    )
    assert stays == ["IRADFCA", "SLRDCAZ"]
    charge = HomeCountryCharge.objects.get(seeker=orlov)
    assert charge.statute.code == "RU CC 205.2"
    assert charge.in_record is False


def test_no_user_exists_without_demo_data(db):
    """Migrations create no account: demo users come only from seed_demo."""
    assert User.objects.count() == 0
