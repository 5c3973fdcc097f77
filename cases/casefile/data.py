"""`casefile_data`: read one case in a fixed number of queries and copy it into rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from detention.enums import StayEndReason

from .. import enums
from ..deadlines import RULES
from ..identifiers import format_a_number
from ..models import AsylumSeeker
from .chronology import chronology
from .rows import (
    UNREPRESENTED_HEARING_DAYS,
    AppealRow,
    CaseFileData,
    ChargeRow,
    ContactPersonRow,
    ContactRow,
    DeadlineRow,
    DocumentRow,
    Edition,
    HearingRow,
    NoteRow,
    Particulars,
    Person,
    RemovalRow,
    StayRow,
    Summary,
    iso_day,
    yes_no_unknown,
)


def casefile_data(
    seeker: AsylumSeeker, *, edition: str, today: date, prepared_by: str = ""
) -> CaseFileData:
    """Copy `seeker`'s case into a CaseFileData for `edition`, as it stands `today`.

    About a dozen queries, the same for 3 events or 3,000.
    """
    redacted = edition == Edition.REDACTED
    # The dated records: CaseFileData fields and the chronology's sources at once.
    dated = {
        "stays": _stays(seeker, today, redacted),
        "hearings": tuple(_hearing_row(h, redacted) for h in seeker.hearings.all()),
        "appeals": tuple(
            _appeal_row(a, redacted) for a in seeker.appeals.select_related("hearing", "parent")
        ),
        "charges": tuple(
            _charge_row(c, redacted)
            for c in seeker.charges.select_related(
                "statute", "in_record_hearing", "in_record_appeal"
            )
        ),
        "contacts": tuple(
            _contact_row(c, redacted)
            for c in seeker.contacts.select_related("by").order_by("occurred_at", "pk")
        ),
        "documents": tuple(
            _document_row(number, d, redacted)
            for number, d in enumerate(
                seeker.documents.filter(include_in_casefile=True).order_by(
                    "document_date", "uploaded_at", "pk"
                ),
                start=1,
            )
        ),
        "removals": tuple(
            _removal_row(r, redacted)
            for r in seeker.removals.select_related("flight").order_by("removal_date", "pk")
        ),
    }
    deadlines = tuple(_deadline_row(d, today, redacted) for d in seeker.deadlines.all())
    lawyers = () if redacted else tuple(str(u) for u in seeker.lawyers.all())
    represented = bool(seeker.external_counsel) or bool(lawyers or seeker.lawyers.exists())
    particulars = Particulars(
        nationality=str(seeker.nationality.name) if seeker.nationality else "",
        languages=seeker.languages,
        entry_date=seeker.entry_date,
        entry_place=seeker.entry_place,
        entry_method=seeker.get_entry_method_display() if seeker.entry_method else "",
    )
    return CaseFileData(
        edition=edition,
        edition_label=str(Edition(edition).label),
        ident=seeker.pseudonym if redacted else seeker.reference,
        pseudonym=seeker.pseudonym,
        today=today,
        prepared_at=timezone.now(),
        prepared_by="" if redacted else prepared_by,
        person=None if redacted else _person(seeker, lawyers),
        particulars=particulars,
        summary=_summary(
            seeker,
            today,
            dated["stays"],
            dated["hearings"],
            deadlines,
            dated["charges"],
            represented,
        ),
        chronology=chronology(particulars=particulars, closed_on=seeker.closed_on, **dated),
        deadlines=deadlines,
        contact_persons=() if redacted else _contact_persons(seeker),
        privileged_notes=_privileged_notes(seeker) if edition == Edition.LAWYER else (),
        **dated,
    )


def _person(seeker: AsylumSeeker, lawyers: tuple[str, ...]) -> Person:
    return Person(
        name_latin=seeker.name_latin,
        name_original=seeker.name_original,
        aliases=tuple(seeker.alias_list),
        date_of_birth=seeker.date_of_birth,
        a_number=format_a_number(seeker.a_number),
        home=", ".join(p for p in (seeker.home_city, seeker.home_region) if p),
        lawyers=lawyers,
        caseworkers=tuple(str(u) for u in seeker.caseworkers.all()),
        external_counsel=seeker.external_counsel,
        notes=seeker.notes,
    )


def _stays(seeker: AsylumSeeker, today: date, redacted: bool) -> tuple[StayRow, ...]:
    rows = []
    for stay in seeker.detention_stays.select_related("facility"):
        facility = stay.facility
        rows.append(
            StayRow(
                facility=facility.name,
                code=facility.code,
                place=", ".join(p for p in (facility.city, facility.state) if p),
                circuit=facility.circuit,
                started_on=stay.started_on,
                ended_on=stay.ended_on,
                days=stay.days(today),
                ended_how=stay.get_end_reason_display() if stay.end_reason else "",
                ended_by_transfer=stay.end_reason == StayEndReason.TRANSFERRED,
                transfer_reason="" if redacted else stay.transfer_reason,
                notice=yes_no_unknown(stay.transfer_notice_given),
                is_transfer=bool(rows) and rows[-1].ended_on == stay.started_on,
            )
        )
    return tuple(rows)


def days_detained(stays: Iterable[StayRow], today: date) -> int:
    """Calendar days held, counting each day once (a transfer day belongs to two stays)."""
    total, counted_to = 0, None
    for stay in sorted(stays, key=lambda s: s.started_on):
        start, end = stay.started_on, stay.ended_on or today
        if counted_to is not None and start <= counted_to:
            start = counted_to + timedelta(days=1)
        if end >= start:
            total += (end - start).days + 1
        counted_to = end if counted_to is None else max(counted_to, end)
    return total


def _hearing_row(hearing, redacted: bool) -> HearingRow:
    return HearingRow(
        date=hearing.date,
        time=f"{hearing.time:%H:%M}" if hearing.time else "",
        kind=hearing.get_kind_display(),
        court=hearing.court,
        judge=hearing.judge,
        interpreter=hearing.interpreter_language,
        represented=hearing.represented,
        outcome=hearing.get_outcome_display(),
        decided=hearing.outcome in enums.DECIDED_OUTCOMES,
        decision_date=hearing.decision_date,
        service=hearing.get_service_method_display() if hearing.service_method else "",
        served_on=hearing.served_on,
        credibility=hearing.get_credibility_display() if hearing.credibility else "",
        notes="" if redacted else hearing.notes,
    )


def _appeal_row(appeal, redacted: bool) -> AppealRow:
    if appeal.hearing_id:
        attacks = _("Immigration judge's decision of %(day)s") % {
            "day": iso_day(appeal.hearing.decision_date or appeal.hearing.date)
        }
    elif appeal.parent_id:
        attacks = _("Decision on the %(kind)s of %(day)s") % {
            "kind": appeal.parent.get_kind_display(),
            "day": iso_day(appeal.parent.decided_on),
        }
    else:
        attacks = ""
    return AppealRow(
        kind=appeal.get_kind_display(),
        attacks=attacks,
        filed_on=appeal.filed_on,
        court=appeal.court,
        circuit=appeal.circuit,
        briefing_schedule_on=appeal.briefing_schedule_on,
        decided_on=appeal.decided_on,
        served_on=appeal.served_on,
        outcome=appeal.get_outcome_display(),
        changed_circumstances=appeal.changed_circumstances,
        notes="" if redacted else appeal.notes,
    )


def _deadline_row(deadline, today: date, redacted: bool) -> DeadlineRow:
    rule = RULES.get(deadline.rule)
    if redacted:
        title = str(rule.label) if rule else _("Manual deadline")
    else:
        title = deadline.title
    return DeadlineRow(
        title=title,
        citation=rule.citation if rule else "",
        trigger_date=deadline.trigger_date,
        due_date=deadline.due_date,
        file_by=deadline.file_by,
        status=deadline.get_status_display(),
        is_open=deadline.status == enums.DeadlineStatus.OPEN,
        days_left=(deadline.file_by - today).days,
        completed_on=deadline.completed_on,
        note="" if redacted else deadline.note,
    )


def _charge_row(charge, redacted: bool) -> ChargeRow:
    if charge.in_record_hearing_id:
        in_record = _("Hearing of %(day)s") % {"day": iso_day(charge.in_record_hearing.date)}
    elif charge.in_record_appeal_id:
        in_record = charge.in_record_appeal.get_kind_display()
    else:
        in_record = ""
    return ChargeRow(
        country=str(charge.country.name),
        statute=str(charge.statute) if charge.statute_id else charge.statute_text,
        description="" if redacted else charge.description,
        opened_on=charge.opened_on,
        learned_on=charge.learned_on,
        learned_from="" if redacted else charge.learned_from,
        max_penalty=charge.max_penalty,
        status=charge.get_status_display(),
        in_record=in_record,
    )


def _contact_row(contact, redacted: bool) -> ContactRow:
    return ContactRow(
        at=timezone.localtime(contact.occurred_at),
        party=contact.get_party_display(),
        channel=contact.get_channel_display(),
        outcome=contact.get_outcome_display(),
        reached=contact.successful,
        by="" if redacted or contact.by is None else str(contact.by),
        notes="" if redacted else contact.notes,
    )


def _document_row(number: int, document, redacted: bool) -> DocumentRow:
    kind = document.get_kind_display()
    return DocumentRow(
        number=number,
        title=kind if redacted else document.title,
        kind=kind,
        language=document.language,
        date=document.document_date,
        translation=document.get_translation_status_display(),
        needs_translation=document.translation_status
        in (enums.TranslationStatus.NEEDED, enums.TranslationStatus.IN_PROGRESS),
    )


def _removal_row(removal, redacted: bool) -> RemovalRow:
    flight = removal.flight
    return RemovalRow(
        date=removal.removal_date,
        country=str(removal.destination_country.name) if removal.destination_country else "",
        flight=(flight.flight_number or flight.tail_number) if flight else "",
        route="" if redacted else removal.route_summary,
        outcome=removal.get_outcome_display(),
        last_contact_on=removal.last_contact_on,
        notes="" if redacted else removal.notes,
    )


def _contact_persons(seeker: AsylumSeeker) -> tuple[ContactPersonRow, ...]:
    return tuple(
        ContactPersonRow(
            name=p.name,
            relationship=p.get_relationship_display(),
            phone=p.phone,
            email=p.email,
            address=p.address,
            notes=p.notes,
        )
        for p in seeker.contact_persons.all()
    )


def _privileged_notes(seeker: AsylumSeeker) -> tuple[NoteRow, ...]:
    return tuple(
        NoteRow(
            created_at=timezone.localtime(note.created_at),
            author=str(note.author) if note.author else "",
            text=note.text,
        )
        for note in seeker.privileged_notes.select_related("author").order_by("created_at")
    )


def _summary(seeker, today, stays, hearings, deadlines, charges, represented) -> Summary:
    current = next((s for s in stays if s.ended_on is None), None)
    location = f"{current.facility} ({current.code}), {current.place}" if current else ""
    upcoming = [h for h in hearings if h.date >= today]
    next_hearing = upcoming[0] if upcoming else None
    soon = today + timedelta(days=UNREPRESENTED_HEARING_DAYS)
    return Summary(
        custody=seeker.get_custody_status_display(),
        location=location,
        detained_since=stays[0].started_on if stays else None,
        days_detained=days_detained(stays, today),
        represented=represented,
        next_hearing=next_hearing,
        unrepresented_hearing_soon=bool(
            next_hearing and not represented and next_hearing.date <= soon
        ),
        open_deadlines=tuple(d for d in deadlines if d.is_open),
        charges_not_in_record=sum(1 for c in charges if not c.in_record),
    )
