"""Reusable reads of cases: the people list, a person's header and chronology.

Every function takes what the user may see (a `visible_to(user)` queryset or a user) and
answers with a constant number of queries, whatever the number of cases or records:
aggregates and limited queries in the database, never a Python loop over all cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caseworks import access
from caseworks.skipscan import distinct_values
from deportation.models import Removal
from detention.enums import StayEndReason
from detention.models import DetentionStay
from detention.periods import detained_since

from . import enums
from .identifiers import a_number_or_none, search_key
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Deadline,
    Document,
    Hearing,
    HomeCountryCharge,
)

# Facilities are built for stays of 4 to 6 weeks (DESIGN.md section 5); longer is flagged.
LONG_DETENTION_DAYS = 42


# --- Facts derived from detention stays and deadlines, as annotations ----------------------


def has_lawyer(seeker_ref: str = "pk") -> Exists:
    """Whether the person (`seeker_ref` leads to their id) has a lawyer assigned here: for
    filters (`~has_lawyer()`); to show it on a few rows use `has_lawyer_shown`."""
    through = AsylumSeeker.lawyers.through
    return Exists(through.objects.filter(asylumseeker_id=OuterRef(seeker_ref)))


def has_lawyer_shown(queryset: QuerySet, seeker_ref: str = "pk") -> QuerySet:
    """Annotate `has_lawyer` on rows that will be cut by a LIMIT (a dashboard section).

    A LIMIT 1 subquery probed per row fetched. An EXISTS in the select list lets PostgreSQL
    hash every assignment of every case first, as if all rows were wanted: 6 ms a section.
    """
    through = AsylumSeeker.lawyers.through
    first = through.objects.filter(asylumseeker_id=OuterRef(seeker_ref)).values("pk")[:1]
    return queryset.alias(first_lawyer=Subquery(first)).annotate(
        has_lawyer=ExpressionWrapper(Q(first_lawyer__isnull=False), output_field=BooleanField())
    )


def with_case_facts(seekers: QuerySet) -> QuerySet:
    """Annotate each person with the facts a list shows beside the name.

    `current_facility_name/_code`, `current_since` (the open stay: at most one per person, so
    the join never multiplies rows). When the detention began and the next deadline's "file by"
    are the columns `detained_since` and `next_file_by` (kept by detention.services and
    cases.deadline_services); whether a lawyer is assigned comes from the prefetched `lawyers`
    (AsylumSeeker.is_represented). Use it on a page of rows (`page_rows`, a LIMIT), never to
    filter, sort or count a whole list.
    """
    return seekers.annotate(
        open_stay=FilteredRelation(
            "detention_stays", condition=Q(detention_stays__ended_on__isnull=True)
        ),
    ).annotate(
        current_facility_name=F("open_stay__facility__name"),
        current_facility_code=F("open_stay__facility__code"),
        current_since=F("open_stay__started_on"),
    )


def page_rows(page: QuerySet, today: date) -> list[AsylumSeeker]:
    """The people of one page of a list, with their case facts and days detained.

    `page` is the list filtered, sorted and sliced on the plain table, so the count and the
    sort use indexes and no per-person subquery runs over every case; the facts are then
    fetched for the page's own rows only, in the same order.
    """
    rows = list(
        with_case_facts(AsylumSeeker.objects.filter(pk__in=page.values("pk")))
        .order_by(*page.query.order_by)
        .prefetch_related("lawyers")
    )
    for seeker in rows:
        seeker.days_detained = days_since(seeker.detained_since, today)
    return rows


def days_since(start: date | None, today: date) -> int | None:
    """Days held, counting the first day and today (as `DetentionStay.days`)."""
    return (today - start).days + 1 if start else None


# --- Search ------------------------------------------------------------------------------


def seeker_search(seekers: QuerySet, query: str) -> QuerySet:
    """Find people by name in any script or spelling, alias, A-number or case reference.

    Names: every word of the query, folded by `search_key` exactly like the stored
    `search_text`, must occur in it ("orlov", "Орлов", "Orloff" find Pavel Orlov). On
    PostgreSQL the trigram index of migration cases/0004 serves these `LIKE '%word%'`.
    A-numbers in any spelling ("A123456789", "123-456-789", "12345678") match exactly.
    """
    query = (query or "").strip()
    if not query:
        return seekers
    # References are issued in capitals (services.new_reference): an exact match on the
    # capitalized query is the case-insensitive one, and it uses the unique index. (An
    # UPPER(reference) comparison has no index, and as one arm of this OR it turned every
    # search into a scan of the whole table.)
    condition = Q(reference=query.upper())
    words = search_key(query).split()
    if words:
        name_match = Q()
        for word in words:
            name_match &= Q(search_text__contains=word)
        condition |= name_match
    a_number = a_number_or_none(query)
    if a_number:
        condition |= Q(a_number=a_number)
    return seekers.filter(condition)


def nationalities(user) -> list[str]:
    """The nationality codes of the cases `user` may see (the people list's filter choices).

    For users who see every case, one probe of the seeker_nationality index per nationality
    (caseworks.skipscan) instead of a DISTINCT over every case.
    """
    if access.case_scope(user) is access.CaseScope.ALL:
        return distinct_values(AsylumSeeker, "nationality", above="")
    return list(
        AsylumSeeker.objects.visible_to(user)
        .exclude(nationality="")
        .order_by()
        .values_list("nationality", flat=True)
        .distinct()
    )


def possible_duplicates(
    user, *, a_number: str | None, names: tuple[str, ...], date_of_birth: date | None
) -> list[AsylumSeeker]:
    """People the user may see who look like the one being registered.

    Same A-number, or the same date of birth and at least two name words in common after
    transliteration (one when only one word was given): "Pavel Orlov", "Орлов Павел" and
    "Pavel Orloff" born the same day are one person until a human says otherwise.
    """
    visible = AsylumSeeker.objects.visible_to(user)
    condition = Q(a_number=a_number) if a_number else Q(pk__in=[])
    words = set(search_key(*names).split())
    candidates = []
    if date_of_birth and words:
        condition |= Q(date_of_birth=date_of_birth)
    for seeker in visible.filter(condition)[:20]:
        shared = words & set(seeker.search_text.split())
        if (a_number and seeker.a_number == a_number) or len(shared) >= min(2, len(words)):
            candidates.append(seeker)
    return candidates


# --- One person's page -------------------------------------------------------------------


@dataclass
class CaseRecords:
    """Everything on a person's page, fetched with one query per kind of record."""

    seeker: AsylumSeeker
    lawyers: list
    caseworkers: list
    stays: list[DetentionStay]
    hearings: list[Hearing]
    appeals: list[Appeal]
    charges: list[HomeCountryCharge]
    contacts: list[ContactLog]
    documents: list[Document]
    contact_persons: list[ContactPerson]
    open_deadlines: list[Deadline]
    removals: list[Removal]


def case_records(seeker: AsylumSeeker) -> CaseRecords:
    # Two EXISTS probes per user, not a DISTINCT over the OR of two joins (which PostgreSQL
    # could only answer by joining every assignment of every case: 0.4 s at 50,000 cases).
    lawyer = Exists(
        AsylumSeeker.lawyers.through.objects.filter(asylumseeker=seeker, user=OuterRef("pk"))
    )
    caseworker = Exists(
        AsylumSeeker.caseworkers.through.objects.filter(asylumseeker=seeker, user=OuterRef("pk"))
    )
    people = list(
        get_user_model()
        .objects.annotate(is_lawyer=lawyer)
        .filter(lawyer | caseworker)
        .order_by("first_name", "last_name", "username")
    )
    return CaseRecords(
        seeker=seeker,
        lawyers=[u for u in people if u.is_lawyer],
        caseworkers=[u for u in people if not u.is_lawyer],
        stays=list(seeker.detention_stays.select_related("facility")),
        hearings=list(seeker.hearings.all()),
        appeals=list(seeker.appeals.select_related("hearing")),
        charges=list(seeker.charges.select_related("statute")),
        contacts=list(seeker.contacts.select_related("by")),
        documents=list(seeker.documents.all()),
        contact_persons=list(seeker.contact_persons.all()),
        open_deadlines=list(seeker.deadlines.filter(status=enums.DeadlineStatus.OPEN)),
        removals=list(Removal.objects.filter(seeker=seeker).select_related("flight")),
    )


@dataclass(frozen=True)
class DetentionHistory:
    rows: list[tuple[DetentionStay, int]]  # (stay, days held), oldest first
    total_days: int
    current: DetentionStay | None
    detained_since: date | None  # first day of the current uninterrupted detention
    days_detained: int | None

    @property
    def is_long(self) -> bool:
        return (self.days_detained or 0) > LONG_DETENTION_DAYS


def detention_history(stays: list[DetentionStay], today: date) -> DetentionHistory:
    rows = [(stay, stay.days(today)) for stay in stays]
    # Transfer days count once: the day a person leaves one facility is the day they arrive.
    total = sum(days for _stay, days in rows) - sum(
        1 for stay in stays if stay.end_reason == StayEndReason.TRANSFERRED
    )
    current = next((s for s in stays if s.ended_on is None), None)
    since = detained_since(stays)
    return DetentionHistory(rows, total, current, since, days_since(since, today))


@dataclass(frozen=True)
class Header:
    """The facts that matter now, at the top of a person's page."""

    detention: DetentionHistory
    next_hearing: Hearing | None
    next_deadline: Deadline | None
    lawyers: list
    external_counsel: str

    @property
    def pro_se(self) -> bool:
        return not self.lawyers and not self.external_counsel


def seeker_header(records: CaseRecords, today: date) -> Header:
    upcoming = [h for h in records.hearings if h.date >= today]
    return Header(
        detention=detention_history(records.stays, today),
        next_hearing=upcoming[0] if upcoming else None,
        next_deadline=records.open_deadlines[0] if records.open_deadlines else None,
        lawyers=records.lawyers,
        external_counsel=records.seeker.external_counsel,
    )


@dataclass(frozen=True)
class Event:
    day: date
    kind: str  # the section the record lives in (anchor on the person page)
    title: str
    detail: str = ""
    anchor: str = ""
    warn: bool = False


def _local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


def chronology(records: CaseRecords) -> list[Event]:
    """Every dated event of the case, newest first, merged in Python from `case_records`."""
    seeker = records.seeker
    events: list[Event] = []
    add = events.append
    if seeker.entry_date:
        add(
            Event(
                seeker.entry_date,
                "person",
                str(_("Arrived in the U.S.")),
                ", ".join(filter(None, [seeker.entry_place, seeker.get_entry_method_display()])),
            )
        )
    for stay in records.stays:
        anchor = f"stay-{stay.pk}"
        if (
            stay.transfer_reason
            or stay.transfer_notice_given is not None
            or _follows_transfer(stay, records.stays)
        ):
            title = _("Transferred to %(facility)s") % {"facility": stay.facility.name.title()}
            notice = {True: _("notice given"), False: _("no notice"), None: ""}
            detail = ", ".join(
                filter(None, [stay.transfer_reason, str(notice[stay.transfer_notice_given])])
            )
        else:
            title = _("Detained at %(facility)s") % {"facility": stay.facility.name.title()}
            detail = ""
        add(Event(stay.started_on, "detention", str(title), detail, anchor))
        if stay.ended_on and stay.end_reason != StayEndReason.TRANSFERRED:
            add(
                Event(
                    stay.ended_on,
                    "detention",
                    str(_("Left %(facility)s") % {"facility": stay.facility.name.title()}),
                    stay.get_end_reason_display(),
                    anchor,
                )
            )
    for hearing in records.hearings:
        anchor = f"hearing-{hearing.pk}"
        counsel = _("represented") if hearing.represented else _("pro se")
        add(
            Event(
                hearing.date,
                "hearings",
                str(_("%(kind)s hearing") % {"kind": hearing.get_kind_display()}),
                ", ".join(filter(None, [hearing.court, str(counsel)])),
                anchor,
                warn=not hearing.represented,
            )
        )
        if hearing.decision_date:
            add(
                Event(
                    hearing.decision_date,
                    "hearings",
                    str(_("Decision: %(outcome)s") % {"outcome": hearing.get_outcome_display()}),
                    hearing.get_service_method_display(),
                    anchor,
                )
            )
    for appeal in records.appeals:
        anchor = f"appeal-{appeal.pk}"
        if appeal.filed_on:
            add(
                Event(
                    appeal.filed_on,
                    "appeals",
                    str(_("Filed: %(kind)s") % {"kind": appeal.get_kind_display()}),
                    appeal.court,
                    anchor,
                )
            )
        if appeal.decided_on:
            add(
                Event(
                    appeal.decided_on,
                    "appeals",
                    str(
                        _("Decided: %(kind)s, %(outcome)s")
                        % {
                            "kind": appeal.get_kind_display(),
                            "outcome": appeal.get_outcome_display(),
                        }
                    ),
                    appeal.court,
                    anchor,
                )
            )
    for charge in records.charges:
        anchor = f"charge-{charge.pk}"
        if charge.opened_on:
            add(
                Event(
                    charge.opened_on,
                    "charges",
                    str(_("Charge opened at home: %(charge)s") % {"charge": charge}),
                    "",
                    anchor,
                )
            )
        add(
            Event(
                charge.learned_on,
                "charges",
                str(_("We learned of a charge: %(charge)s") % {"charge": charge}),
                "" if charge.in_record else str(_("not in any court record")),
                anchor,
                warn=not charge.in_record,
            )
        )
    for contact in records.contacts:
        add(
            Event(
                _local_date(contact.occurred_at),
                "contacts",
                f"{contact.get_channel_display()}: {contact.get_outcome_display()}",
                contact.get_party_display(),
                f"contact-{contact.pk}",
                warn=not contact.successful,
            )
        )
    for document in records.documents:
        add(
            Event(
                document.document_date or _local_date(document.uploaded_at),
                "documents",
                str(_("Document: %(title)s") % {"title": document.title}),
                document.get_kind_display(),
                f"document-{document.pk}",
            )
        )
    for removal in records.removals:
        add(
            Event(
                removal.removal_date,
                "removals",
                str(_("Removed")),
                ", ".join(filter(None, [removal.route_summary, removal.get_outcome_display()])),
                f"removal-{removal.pk}",
                warn=True,
            )
        )
    # Newest first; on one day the later step (a decision after its hearing) comes first.
    events.reverse()
    events.sort(key=lambda e: e.day, reverse=True)
    return events


def _follows_transfer(stay: DetentionStay, stays: list[DetentionStay]) -> bool:
    return any(
        s.ended_on == stay.started_on and s.end_reason == StayEndReason.TRANSFERRED
        for s in stays
        if s is not stay
    )
