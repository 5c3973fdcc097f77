"""Registering a person: a warning about possible duplicates before saving, never a silent twin."""

import pytest
from django.urls import reverse

from cases.models import AsylumSeeker
from tests.factories import AsylumSeekerFactory

pytestmark = pytest.mark.django_db
URL = "/cases/new/"


def _post(client, user, **data):
    client.force_login(user)
    fields = {
        "name_latin": "Pavel Orlov",
        "name_original": "Павел Орлов",
        "date_of_birth": "1991-03-14",
        "nationality": "RU",
        "custody_status": "detained",
        **data,
    }
    return client.post(reverse("cases:seeker_create"), fields)


def test_seeker_create_registers_and_opens_the_person(client, caseworker, lawyer):
    response = _post(
        client, caseworker, a_number="201-555-014", lawyers=[lawyer.pk], caseworkers=[caseworker.pk]
    )
    seeker = AsylumSeeker.objects.get()
    assert response["Location"] == seeker.get_absolute_url()
    assert (seeker.a_number, seeker.search_text) == ("201555014", "pavel orlov pavel orlov")
    assert list(seeker.lawyers.all()) == [lawyer]
    assert seeker.history.first().history_user == caseworker


def test_seeker_create_warns_about_same_person_in_other_spelling(client, caseworker):
    existing = AsylumSeekerFactory(name_latin="Pavel Orloff", date_of_birth="1991-03-14")
    response = _post(client, caseworker, name_latin="Orlov Pavel", name_original="")
    page = response.content.decode()
    assert response.status_code == 422
    assert AsylumSeeker.objects.count() == 1
    assert [s.pk for s in response.context["duplicates"]] == [existing.pk]
    assert existing.get_absolute_url() in page and "Save anyway" in page
    assert 'value="Orlov Pavel"' in page  # nothing typed is lost


def test_seeker_create_saves_anyway_when_confirmed(client, caseworker):
    AsylumSeekerFactory(name_latin="Pavel Orlov", date_of_birth="1991-03-14")
    response = _post(client, caseworker, confirm_duplicates="on")
    assert response.status_code == 302
    assert AsylumSeeker.objects.filter(name_latin="Pavel Orlov").count() == 2


def test_seeker_create_does_not_warn_for_same_name_other_birthday(client, caseworker):
    AsylumSeekerFactory(name_latin="Pavel Orlov", date_of_birth="1980-01-01")
    assert _post(client, caseworker).status_code == 302


def test_seeker_create_refuses_a_second_a_number_and_links_the_holder(client, caseworker):
    holder = AsylumSeekerFactory(name_latin="Someone Else", a_number="201555014")
    response = _post(client, caseworker, a_number="A201555014", confirm_duplicates="on")
    page = response.content.decode()
    assert response.status_code == 422
    assert response.context["form"].errors["a_number"] == [
        "A person with this A-number is already registered."
    ]
    assert holder.get_absolute_url() in page and "Save anyway" not in page
    assert AsylumSeeker.objects.count() == 1


def test_seeker_create_shows_plain_errors_and_keeps_input(client, caseworker):
    response = _post(client, caseworker, name_latin="", a_number="12-34", date_of_birth="14.03.91")
    errors = response.context["form"].errors
    assert errors["name_latin"] == ["This field is required."]
    assert errors["a_number"] == ["An A-number has 7 to 9 digits, for example A-123-456-789."]
    assert errors["date_of_birth"] == ["Enter a valid date."]
    assert 'value="Павел Орлов"' in response.content.decode()


def test_seeker_update_changes_fields_and_records_author(client, lawyer, seeker):
    client.force_login(lawyer)
    url = reverse("cases:seeker_update", args=[seeker.reference])
    form = client.get(url).context["form"]
    assert "lawyers" not in form.fields  # lawyers do not reassign cases
    data = {"name_latin": seeker.name_latin, "custody_status": "unknown", "nationality": "RU"}
    assert client.post(url, data)["Location"] == seeker.get_absolute_url()
    seeker.refresh_from_db()
    assert seeker.custody_status == "unknown"
    assert seeker.history.first().history_user == lawyer
