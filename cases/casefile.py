"""What a case file says: one person's record, copied into plain values when it is printed.

`casefile_data(seeker, edition=..., today=...)` reads the case in a fixed number of queries,
whatever its size, and returns frozen dataclasses holding only strings, numbers and dates. The
PDF therefore records what was true when it was prepared, and the template cannot reach back
into the database. `chronology(...)` merges every dated event from those copied rows; the person
page can call `casefile_data(...).chronology` to show the same list.

Editions (DESIGN.md section 6). The redacted edition is for flight monitors, journalists and
other organizations; it leaves things out here, at the source, so no template can print them:

| what | full / lawyer | redacted |
| --- | --- | --- |
| names (Latin, original script), aliases | yes | no: the pseudonym |
| case reference | yes | no: the pseudonym (the reference leads back to the record) |
| A-number, date of birth, home region and city | yes | no |
| nationality, languages, entry date / place / method | yes | yes |
| custody, facility, days detained, transfers (dates, notice) | yes | yes |
| transfer reason | yes | no (free text) |
| names of lawyers, caseworkers, outside counsel | yes | no: "represented" / "pro se" |
| family and contact persons | yes | no |
| hearings, decisions, appeals, motions (kind, court, judge, dates, outcome) | yes | yes |
| charges: country, statute, status, dates, penalty, in which record | yes | yes |
| charges: description, learned from whom | yes | no (free text, a person) |
| contact log: when, with whom (kind), how, outcome | yes | yes |
| contact log: logged by (staff name) | yes | no |
| evidence: kind, language, date, translation | yes | yes |
| evidence: title | yes | no: the kind (titles carry names) |
| deadlines: rule, dates, status | yes | yes; a manual deadline's own title is left out |
| removal: date, country, flight number, outcome | yes | yes |
| removal: route | yes | no (free text) |
| every free-text note (case, hearing, appeal, contact, deadline, removal) | yes | no |
| privileged notes | lawyer edition only | no |
| prepared by (staff name) | yes | no |

`redaction_leaks(data, seeker)` checks a redacted result against the person's identifiers as
a second line of defence (a judge or facility field that happens to hold a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from detention.enums import StayEndReason

from . import enums
from .deadlines import RULES
from .identifiers import format_a_number
from .models import AsylumSeeker

Edition = enums.CaseFileEdition

# A hearing this close with no lawyer is what went wrong in the reference story.
UNREPRESENTED_HEARING_DAYS = 14


@dataclass(frozen=True, slots=True)
class Person:
    """Identifying particulars: absent (None) from the redacted edition."""

    name_latin: str
    name_original: str
    aliases: tuple[str, ...]
    date_of_birth: date | None
    a_number: str
    home: str
    lawyers: tuple[str, ...]
    caseworkers: tuple[str, ...]
    external_counsel: str
    notes: str


@dataclass(frozen=True, slots=True)
class Particulars:
    nationality: str
    languages: str
    entry_date: date | None
    entry_place: str
    entry_method: str


@dataclass(frozen=True, slots=True)
class StayRow:
    facility: str
    code: str
    place: str
    circuit: int | None
    started_on: date
    ended_on: date | None
    days: int
    ended_how: str
    ended_by_transfer: bool
    transfer_reason: str
    notice: str
    is_transfer: bool


@dataclass(frozen=True, slots=True)
class HearingRow:
    date: date
    time: str
    kind: str
    court: str
    judge: str
    interpreter: str
    represented: bool
    outcome: str
    decided: bool
    decision_date: date | None
    service: str
    served_on: date | None
    credibility: str
    notes: str


@dataclass(frozen=True, slots=True)
class AppealRow:
    kind: str
    attacks: str
    filed_on: date | None
    court: str
    circuit: int | None
    briefing_schedule_on: date | None
    decided_on: date | None
    served_on: date | None
    outcome: str
    changed_circumstances: bool
    notes: str


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    title: str
    citation: str
    trigger_date: date | None
    due_date: date
    file_by: date
    status: str
    is_open: bool
    days_left: int
    completed_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class ChargeRow:
    country: str
    statute: str
    description: str
    opened_on: date | None
    learned_on: date
    learned_from: str
    max_penalty: str
    status: str
    in_record: str  # empty = in no hearing or appeal record: highlighted


@dataclass(frozen=True, slots=True)
class ContactRow:
    at: datetime
    party: str
    channel: str
    outcome: str
    reached: bool
    by: str
    notes: str


@dataclass(frozen=True, slots=True)
class DocumentRow:
    number: int
    title: str
    kind: str
    language: str
    date: date | None
    translation: str
    needs_translation: bool


@dataclass(frozen=True, slots=True)
class RemovalRow:
    date: date
    country: str
    flight: str
    route: str
    outcome: str
    last_contact_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class ContactPersonRow:
    name: str
    relationship: str
    phone: str
    email: str
    address: str
    notes: str


@dataclass(frozen=True, slots=True)
class NoteRow:
    created_at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the chronology."""

    day: date
    time: str
    category: str  # CATEGORIES key: the PDF styles by it
    text: str
    detail: str = ""
    flag: bool = False  # printed highlighted (a charge no judge has seen)

    @property
    def category_label(self) -> str:
        return str(CATEGORIES[self.category][1])


@dataclass(frozen=True, slots=True)
class Summary:
    custody: str
    location: str
    detained_since: date | None
    days_detained: int
    represented: bool
    next_hearing: HearingRow | None
    unrepresented_hearing_soon: bool
    open_deadlines: tuple[DeadlineRow, ...]
    charges_not_in_record: int


@dataclass(frozen=True, slots=True)
class CaseFileData:
    edition: str
    edition_label: str
    ident: str  # what the file is filed under: the reference, or the pseudonym when redacted
    pseudonym: str
    today: date
    prepared_at: datetime
    prepared_by: str
    person: Person | None
    particulars: Particulars
    summary: Summary
    chronology: tuple[Event, ...]
    stays: tuple[StayRow, ...]
    hearings: tuple[HearingRow, ...]
    appeals: tuple[AppealRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    charges: tuple[ChargeRow, ...]
    contacts: tuple[ContactRow, ...]
    documents: tuple[DocumentRow, ...]
    removals: tuple[RemovalRow, ...]
    contact_persons: tuple[ContactPersonRow, ...]
    privileged_notes: tuple[NoteRow, ...]

    @property
    def redacted(self) -> bool:
        return self.edition == Edition.REDACTED

    @property
    def privileged(self) -> bool:
        return self.edition == Edition.LAWYER


# Chronology categories in the order they sort within one day.
CATEGORIES = {
    key: (order, label)
    for order, (key, label) in enumerate(
        [
            ("entry", gettext_lazy("Entry")),
            ("detention", gettext_lazy("Detention")),
            ("hearing", gettext_lazy("Hearing")),
            ("decision", gettext_lazy("Decision")),
            ("appeal", gettext_lazy("Appeal / motion")),
            ("charge", gettext_lazy("Charge at home")),
            ("contact", gettext_lazy("Contact")),
            ("document", gettext_lazy("Document")),
            ("removal", gettext_lazy("Removal")),
            ("case", gettext_lazy("Case")),
        ]
    )
}


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
                notice=_yes_no_unknown(stay.transfer_notice_given),
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
            "day": _iso(appeal.hearing.decision_date or appeal.hearing.date)
        }
    elif appeal.parent_id:
        attacks = _("Decision on the %(kind)s of %(day)s") % {
            "kind": appeal.parent.get_kind_display(),
            "day": _iso(appeal.parent.decided_on),
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
        in_record = _("Hearing of %(day)s") % {"day": _iso(charge.in_record_hearing.date)}
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


def chronology(
    *,
    particulars: Particulars,
    stays: Iterable[StayRow] = (),
    hearings: Iterable[HearingRow] = (),
    appeals: Iterable[AppealRow] = (),
    charges: Iterable[ChargeRow] = (),
    contacts: Iterable[ContactRow] = (),
    documents: Iterable[DocumentRow] = (),
    removals: Iterable[RemovalRow] = (),
    closed_on: date | None = None,
) -> tuple[Event, ...]:
    """Every dated event of the case, oldest first; within a day in CATEGORIES order."""
    events: list[Event] = []
    if particulars.entry_date:
        events.append(
            Event(
                particulars.entry_date,
                "",
                "entry",
                _("Arrived in the United States"),
                _join(particulars.entry_method, particulars.entry_place),
            )
        )
    events += _stay_events(stays)
    for h in hearings:
        events += _hearing_events(h)
    for a in appeals:
        events += _appeal_events(a)
    for c in charges:
        events += _charge_events(c)
    for c in contacts:
        events.append(
            Event(
                c.at.date(),
                f"{c.at:%H:%M}",
                "contact",
                _("%(channel)s with %(party)s: %(outcome)s")
                % {"channel": c.channel, "party": c.party.lower(), "outcome": c.outcome.lower()},
                _join(c.by, c.notes),
            )
        )
    for d in documents:
        if d.date:
            events.append(
                Event(
                    d.date,
                    "",
                    "document",
                    _("Document %(number)s: %(title)s") % {"number": d.number, "title": d.title},
                    _join(d.language, d.translation),
                )
            )
    for r in removals:
        events += _removal_events(r)
    if closed_on:
        events.append(Event(closed_on, "", "case", _("Case closed")))
    order = {key: position for key, (position, _label) in CATEGORIES.items()}
    # A stable sort: events of one kind on one day keep the order they were recorded in.
    events.sort(key=lambda e: (e.day, order[e.category], e.time))
    return tuple(events)


def _stay_events(stays: Iterable[StayRow]) -> Iterator[Event]:
    for stay in stays:
        where = f"{stay.facility} ({stay.code}), {stay.place}"
        if stay.is_transfer:
            detail = _join(stay.transfer_reason, _("notice given: %s") % stay.notice.lower())
            yield Event(stay.started_on, "", "detention", _("Transferred to %s") % where, detail)
        else:
            yield Event(stay.started_on, "", "detention", _("Detained at %s") % where)
        if stay.ended_on and not stay.ended_by_transfer:
            yield Event(
                stay.ended_on,
                "",
                "detention",
                _("Left detention at %(facility)s: %(how)s")
                % {"facility": stay.facility, "how": (stay.ended_how or _("ended")).lower()},
            )


def _hearing_events(h: HearingRow) -> Iterator[Event]:
    yield Event(
        h.date,
        h.time,
        "hearing",
        _("%(kind)s hearing") % {"kind": h.kind},
        _join(
            h.court,
            h.judge,
            _("represented") if h.represented else _("pro se"),
            _("interpreter: %s") % h.interpreter if h.interpreter else "",
            h.notes,
        ),
    )
    if h.decided and h.decision_date:
        yield Event(
            h.decision_date,
            "",
            "decision",
            _("Immigration judge's decision: %s") % h.outcome,
            _join(h.credibility, h.service),
        )
    if h.served_on:
        yield Event(h.served_on, "", "decision", _("Decision mailed / served"))


def _appeal_events(a: AppealRow) -> Iterator[Event]:
    if a.filed_on:
        yield Event(
            a.filed_on,
            "",
            "appeal",
            _("%(kind)s filed") % {"kind": a.kind},
            _join(
                a.court,
                a.attacks,
                _("based on changed country conditions") if a.changed_circumstances else "",
                a.notes,
            ),
        )
    if a.briefing_schedule_on:
        yield Event(
            a.briefing_schedule_on,
            "",
            "appeal",
            _("Briefing schedule issued (%(kind)s)") % {"kind": a.kind},
        )
    if a.decided_on:
        yield Event(
            a.decided_on,
            "",
            "appeal",
            _("%(kind)s decided: %(outcome)s") % {"kind": a.kind, "outcome": a.outcome.lower()},
            a.court,
        )
    if a.served_on:
        yield Event(a.served_on, "", "appeal", _("Decision mailed / served (%s)") % a.kind)


def _charge_events(c: ChargeRow) -> Iterator[Event]:
    what = _join(c.statute, c.country)
    if c.opened_on:
        yield Event(c.opened_on, "", "charge", _("Charge opened at home: %s") % what, c.status)
    yield Event(
        c.learned_on,
        "",
        "charge",
        _("Learned of charge at home: %s") % what,
        _join(
            c.learned_from,
            _("in the record: %s") % c.in_record if c.in_record else _("not in any record"),
            c.description,
        ),
        flag=not c.in_record,
    )


def _removal_events(r: RemovalRow) -> Iterator[Event]:
    yield Event(
        r.date,
        "",
        "removal",
        _("Removed to %s") % (r.country or _("unknown country")),
        _join(
            _("flight %s") % r.flight if r.flight else "",
            r.route,
            _("on arrival: %s") % r.outcome.lower(),
            r.notes,
        ),
        flag=True,
    )
    if r.last_contact_on:
        yield Event(r.last_contact_on, "", "removal", _("Last contact after removal"))


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "?"


def _yes_no_unknown(value: bool | None) -> str:
    if value is None:
        return _("Unknown")
    return _("Yes") if value else _("No")


# --- second line of defence for the redacted edition -------------------------------------

_DIGITS = re.compile(r"\D+")


def redaction_leaks(data: CaseFileData, seeker: AsylumSeeker) -> list[str]:
    """Which kinds of identifier of `seeker` appear anywhere in `data` (empty = none).

    Names the kind only ("name", "A-number"...), never the value, so the result can be shown
    and logged. Checks every string of every row, so a name typed into a field the redacted
    edition keeps (a judge, a court, a facility) stops the render instead of leaking.
    """
    words = _identifying_words(seeker)
    digits = _identifying_digits(seeker)
    found: set[str] = set()
    for text in _strings(data):
        lowered = text.casefold()
        for kind, pattern in words:
            if pattern.search(lowered):
                found.add(kind)
        only_digits = _DIGITS.sub("", text)
        for kind, number in digits:
            if number in only_digits:
                found.add(kind)
    return sorted(found)


def _identifying_words(seeker: AsylumSeeker) -> list[tuple[str, re.Pattern]]:
    names = [seeker.name_latin, seeker.name_original, *seeker.alias_list]
    people = list(seeker.contact_persons.values_list("name", "address", "email"))
    words = [("name", w) for n in names for w in re.findall(r"\w+", n)]
    words += [("contact person", w) for p in people for w in re.findall(r"\w+", p[0])]
    words += [("contact address", w) for p in people if p[1] for w in [p[1].strip()]]
    words += [("contact email", p[2]) for p in people if p[2]]
    if seeker.home_city:
        words.append(("home city", seeker.home_city))
    # Initials and short particles ("P.", "de") would match everywhere; real names do not.
    return [
        (kind, re.compile(r"(?<!\w)" + re.escape(w.casefold()) + r"(?!\w)"))
        for kind, w in words
        if len(w) >= 3
    ]


def _identifying_digits(seeker: AsylumSeeker) -> list[tuple[str, str]]:
    found = []
    if seeker.a_number:
        # Stored as 9 digits; older numbers are also written without their leading zeros.
        found.append(("A-number", seeker.a_number.lstrip("0") or seeker.a_number))
    if seeker.date_of_birth:
        dob = seeker.date_of_birth
        for text in (f"{dob:%Y%m%d}", f"{dob:%m%d%Y}", f"{dob:%d%m%Y}"):
            found.append(("date of birth", text))
    for phone in seeker.contact_persons.exclude(phone="").values_list("phone", flat=True):
        number = _DIGITS.sub("", phone)
        if len(number) >= 6:
            found.append(("contact phone", number))
    return found


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif is_dataclass(value):
        for field in fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
