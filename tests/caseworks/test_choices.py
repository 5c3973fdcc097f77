"""caseworks.choices.FastChoiceDisplay: Django's get_FOO_display, in the active language."""

import pytest
from django.db import models
from django.utils import translation

from cases import enums
from cases.models import AsylumSeeker, ContactLog


def _django_display(obj, name):
    return models.Model._get_FIELD_display(obj, obj._meta.get_field(name))


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("outcome", [*enums.ContactOutcome.values, "not-a-choice", ""])
def test_choice_display_is_djangos_in_the_active_language(language, outcome):
    contact = ContactLog(outcome=outcome, channel=enums.ContactChannel.VISIT)
    with translation.override(language):
        assert contact.get_outcome_display() == _django_display(contact, "outcome")
        assert contact.get_channel_display() == _django_display(contact, "channel")


def test_choice_display_switches_language_between_calls():
    seeker = AsylumSeeker(custody_status=enums.CustodyStatus.DETAINED)
    with translation.override("en"):
        assert seeker.get_custody_status_display() == "Detained"
    with translation.override("ru"):
        assert seeker.get_custody_status_display() == "Под стражей"
    with translation.override("en"):
        assert seeker.get_custody_status_display() == "Detained"
