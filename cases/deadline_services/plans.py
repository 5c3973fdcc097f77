"""Step 1: the deadlines a hearing, an appeal or a person implies. Pure: no queries, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy

from ..enums import AppealKind, AppealOutcome, DeadlineStatus, HearingOutcome, ServiceMethod
from ..models import Appeal, AsylumSeeker, Hearing

OPEN = DeadlineStatus.OPEN
MET = DeadlineStatus.MET
NOT_APPLICABLE = DeadlineStatus.NOT_APPLICABLE

# Immigration-judge outcomes that end a merits case against the person (asylum denied):
# appeal, reconsider and reopen all run from them.
ADVERSE_MERITS = frozenset({HearingOutcome.DENIED_REMOVAL, HearingOutcome.WITHHOLDING_CAT})
# A bond denial can be appealed to the Board too (8 CFR 1003.19(f), 1003.38(b)).
BIA_APPEALABLE = ADVERSE_MERITS | {HearingOutcome.BOND_DENIED}
# Board outcomes that leave the removal order standing: the final order for a petition.
ADVERSE_BIA = frozenset({AppealOutcome.DISMISSED, AppealOutcome.DENIED})
WRITTEN_SERVICE = frozenset({ServiceMethod.MAILED, ServiceMethod.ELECTRONIC})
# Filings whose Appeal.kind is the key of the deadline rule they meet.
MOTIONS = frozenset({AppealKind.MOTION_RECONSIDER, AppealKind.MOTION_REOPEN})
FILING_MEETS_RULE = frozenset(
    {
        AppealKind.BIA_APPEAL,
        AppealKind.PFR,
        AppealKind.MOTION_RECONSIDER,
        AppealKind.MOTION_REOPEN,
    }
)

CHANGED_CONDITIONS_NOTE = gettext_lazy(
    "Not applicable: the motion to reopen is based on changed country conditions with new, "
    "previously unavailable evidence, which has no time limit (8 CFR 1003.2(c)(3)(ii), "
    "1003.23(b)(4)(i))."
)
FILED_NOTE = gettext_lazy("Met: filed on {date}.")
BIA_APPEAL_FILED_NOTE = gettext_lazy(
    "Not applicable: a BIA appeal was filed, so the Board has the case; new evidence goes to "
    "the Board as a motion to remand."
)
APPEAL_DECIDED_NOTE = gettext_lazy("Not applicable: the Board decided the appeal.")
ASYLUM_FILED_NOTE = gettext_lazy("Met: the asylum application was filed on {date}.")


@dataclass(frozen=True, slots=True)
class Planned:
    """One deadline a source implies (step 1 of the module docstring)."""

    rule: str
    trigger: date
    period_days: int | None = None
    extension_days: int = 0
    status: str = OPEN
    completed_on: date | None = None
    note: str = ""


# --- step 1: plans (pure) ----------------------------------------------------------------------


def _close(plans: list[Planned], rule: str, status: str, completed_on, note) -> list[Planned]:
    return [
        Planned(p.rule, p.trigger, p.period_days, p.extension_days, status, completed_on, str(note))
        if p.rule == rule and p.status == OPEN
        else p
        for p in plans
    ]


def _answer(plans: list[Planned], filings: Iterable[Appeal]) -> list[Planned]:
    """Close the planned deadlines that appeals and motions against the decision answer.

    A filing with a date meets the deadline of its kind; a motion to reopen on changed country
    conditions makes the 90-day limit not applicable, filed or not.
    """
    for filing in filings:
        if filing.kind == AppealKind.MOTION_REOPEN and filing.changed_circumstances:
            plans = _close(plans, "motion_reopen", NOT_APPLICABLE, None, CHANGED_CONDITIONS_NOTE)
        elif filing.filed_on and filing.kind in FILING_MEETS_RULE:
            note = str(FILED_NOTE).format(date=filing.filed_on.isoformat())
            plans = _close(plans, filing.kind, MET, filing.filed_on, note)
    return plans


def plan_for_hearing(hearing: Hearing, filings: Sequence[Appeal] = ()) -> list[Planned]:
    """Deadlines from an immigration judge's decision. `filings`: appeals and motions against
    this decision (`Appeal.hearing` = it, no parent)."""
    decided = hearing.decision_date
    if decided is None:
        return []
    plans = []
    if hearing.outcome in BIA_APPEALABLE:
        # 8 CFR 1003.38(c): oral = the day it is given; written = mailed/served. Without a
        # served date we count from the decision: earlier, so never late.
        written = hearing.service_method in WRITTEN_SERVICE and hearing.served_on
        plans.append(Planned("bia_appeal", hearing.served_on if written else decided))
    if hearing.outcome in ADVERSE_MERITS:
        plans += [Planned("motion_reconsider", decided), Planned("motion_reopen", decided)]
    if hearing.voluntary_departure_days:
        plans.append(
            Planned("voluntary_departure", decided, period_days=hearing.voluntary_departure_days)
        )
    plans = _answer(plans, filings)
    if any(f.kind == AppealKind.BIA_APPEAL and f.filed_on for f in filings):
        for rule in ("motion_reconsider", "motion_reopen"):
            plans = _close(plans, rule, NOT_APPLICABLE, None, BIA_APPEAL_FILED_NOTE)
    return plans


def plan_for_appeal(appeal: Appeal, filings: Sequence[Appeal] = ()) -> list[Planned]:
    """Deadlines from a BIA appeal (its brief, and those its adverse decision starts) or from
    the denial of a motion. `filings`: petitions, appeals and motions against this decision
    (`Appeal.parent` = it)."""
    if appeal.kind == AppealKind.BIA_APPEAL:
        return _answer(_plan_for_bia_appeal(appeal), filings)
    if appeal.kind in MOTIONS and appeal.outcome in ADVERSE_BIA and appeal.decided_on:
        return _answer(_plan_for_denied_motion(appeal), filings)
    return []


def _plan_for_bia_appeal(appeal: Appeal) -> list[Planned]:
    plans = []
    if appeal.briefing_schedule_on:
        brief = Planned(
            "bia_brief_detained",
            appeal.briefing_schedule_on,
            extension_days=appeal.brief_extension_days,
        )
        if appeal.outcome != AppealOutcome.PENDING:
            brief = _close([brief], brief.rule, NOT_APPLICABLE, None, APPEAL_DECIDED_NOTE)[0]
        plans.append(brief)
    if appeal.outcome in ADVERSE_BIA and appeal.decided_on:
        decided = appeal.decided_on
        plans += [
            # 8 U.S.C. 1252(b)(1): the date of the final order, not of its receipt.
            Planned("pfr", decided),
            # 8 CFR 1003.2(b)(2): the date the decision was mailed (or, unknown, decided).
            Planned("motion_reconsider", appeal.served_on or decided),
            Planned("motion_reopen", decided),
        ]
    return plans


def _plan_for_denied_motion(motion: Appeal) -> list[Planned]:
    """A denied motion is a decision of its own, reviewable on its own clock (the motion did
    not extend the first one: Stone v. INS, 514 U.S. 386 (1995)).

    The Board's denial (the motion attacks a BIA decision) is a final order: a petition for
    review within 30 days of it (8 U.S.C. 1252(b)(1); Kucana v. Holder, 558 U.S. 233 (2010)).
    A judge's denial (the motion attacks the judge's decision) can be appealed to the Board
    within 30 days (8 CFR 1003.38(b)), counted from service when written; without a served
    date, from the decision: earlier, so never late. A further motion is numerically barred
    (8 CFR 1003.2(b)(2), (c)(2)), so none is planned.
    """
    decided = motion.decided_on
    if motion.parent_id:
        if motion.parent.kind == AppealKind.BIA_APPEAL:
            return [Planned("pfr", decided)]
        return []
    if motion.hearing_id:
        return [Planned("bia_appeal", motion.served_on or decided)]
    return []


def plan_for_seeker(seeker: AsylumSeeker) -> list[Planned]:
    """The asylum one-year deadline from the last arrival; met once the I-589 is filed."""
    if seeker.entry_date is None:
        return []
    filed = seeker.asylum_application_filed_on
    if filed:
        note = str(ASYLUM_FILED_NOTE).format(date=filed.isoformat())
        return [
            Planned("asylum_one_year", seeker.entry_date, status=MET, completed_on=filed, note=note)
        ]
    return [Planned("asylum_one_year", seeker.entry_date)]
