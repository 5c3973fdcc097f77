"""The copied rows of a case file: frozen values holding only strings, numbers and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import enums

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


def joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def iso_day(day: date | None) -> str:
    return day.isoformat() if day else "?"


def yes_no_unknown(value: bool | None) -> str:
    if value is None:
        return _("Unknown")
    return _("Yes") if value else _("No")
