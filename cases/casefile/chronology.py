"""`chronology`: every dated event of the copied rows, merged in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.utils.translation import gettext as _

from .rows import (
    CATEGORIES,
    AppealRow,
    ChargeRow,
    ContactRow,
    DocumentRow,
    Event,
    HearingRow,
    Particulars,
    RemovalRow,
    StayRow,
    joined,
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
                joined(particulars.entry_method, particulars.entry_place),
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
                joined(c.by, c.notes),
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
                    joined(d.language, d.translation),
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
            detail = joined(stay.transfer_reason, _("notice given: %s") % stay.notice.lower())
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
        joined(
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
            joined(h.credibility, h.service),
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
            joined(
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
    what = joined(c.statute, c.country)
    if c.opened_on:
        yield Event(c.opened_on, "", "charge", _("Charge opened at home: %s") % what, c.status)
    yield Event(
        c.learned_on,
        "",
        "charge",
        _("Learned of charge at home: %s") % what,
        joined(
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
        joined(
            _("flight %s") % r.flight if r.flight else "",
            r.route,
            _("on arrival: %s") % r.outcome.lower(),
            r.notes,
        ),
        flag=True,
    )
    if r.last_contact_on:
        yield Event(r.last_contact_on, "", "removal", _("Last contact after removal"))
