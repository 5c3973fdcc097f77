"""Hearings and appeals changed in the Django admin follow the same rules as on the site: the
deadlines follow the record, and a deletion the site refuses is refused here too."""

from datetime import date

import pytest
from django.urls import reverse

from cases import enums, services
from cases.models import Appeal, Deadline, Hearing
from tests.factories import HearingFactory

pytestmark = pytest.mark.django_db

D = date


def _change_form(hearing: Hearing, **changes) -> dict:
    data = {
        "kind": hearing.kind,
        "court": hearing.court,
        "judge": hearing.judge,
        "date": hearing.date.isoformat(),
        "time": "",
        "interpreter_language": hearing.interpreter_language,
        "represented": "on" if hearing.represented else "",
        "outcome": hearing.outcome,
        "decision_date": "",
        "service_method": hearing.service_method,
        "served_on": "",
        "voluntary_departure_days": "",
        "notes": hearing.notes,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_decision_entered_in_the_admin_creates_its_deadlines(client, coordinator, seeker):
    hearing = HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=D(2025, 7, 1))
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:cases_hearing_change", args=[hearing.pk]),
        _change_form(
            hearing,
            outcome=enums.HearingOutcome.DENIED_REMOVAL,
            decision_date="2025-07-01",
            service_method="oral",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Deadline.objects.filter(hearing=hearing).values_list("rule", flat=True)) == {
        "bia_appeal",
        "motion_reconsider",
        "motion_reopen",
    }
    assert Hearing.history.filter(id=hearing.pk).first().history_user == coordinator


def _denied(seeker) -> Hearing:
    return services.hearing_record_decision(
        hearing=HearingFactory(seeker=seeker, date=D(2025, 7, 1)),
        by=None,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=D(2025, 7, 1),
        service_method="oral",
    )


def _appeal_against(hearing: Hearing) -> Appeal:
    return services.appeal_file(
        seeker=hearing.seeker,
        by=None,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=hearing,
        filed_on=D(2025, 7, 28),
    )


def test_the_admin_refuses_to_delete_a_hearing_an_appeal_attacks(client, coordinator, seeker):
    hearing = _denied(seeker)
    _appeal_against(hearing)
    client.force_login(coordinator)
    url = reverse("admin:cases_hearing_delete", args=[hearing.pk])
    page = client.get(url).content.decode()
    assert "1 appeal or motion attacks this decision" in page
    client.post(url, {"post": "yes"})
    assert Hearing.objects.filter(pk=hearing.pk).exists()


def test_deleting_an_appeal_in_the_admin_opens_the_deadline_it_met(client, coordinator, seeker):
    hearing = _denied(seeker)
    appeal = _appeal_against(hearing)
    assert Deadline.objects.get(rule="bia_appeal").status == "met"
    client.force_login(coordinator)
    client.post(reverse("admin:cases_appeal_delete", args=[appeal.pk]), {"post": "yes"})
    assert not Appeal.objects.exists()
    assert Deadline.objects.get(rule="bia_appeal").status == "open"
