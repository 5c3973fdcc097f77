"""Legal deadline rules as data, and the one counting engine that applies them.

Pure: takes dates (and the coordinator's closure days) as arguments and returns dates. No ORM,
no clock, no model imports (STYLE.md 2 and 4). DESIGN.md section 4 is the specification.

Counting (8 CFR 1001.1(h) for the BIA and immigration courts; FRAP 26(a)(1) for the courts of
appeals; confirmed in Monsalvo Velazquez v. Bondi, 2025):

1. The trigger day is not counted; every calendar day after it is.
2. The last day of the period is ``trigger + period`` (+ any extension granted).
3. ``due_date``: if that last day is a Saturday, Sunday, legal holiday or closure day, the period
   runs to the next day that is none of those.
4. ``file_by``: the last business day on or before the last day of step 2. Alerts aim here,
   because filing means *received*, not mailed, and no one should have to argue a rolled date.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

import holidays
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "RULES",
    "Rule",
    "due_date",
    "file_by",
    "is_business_day",
    "last_day",
    "legal_holidays",
]

# Voluntary departure: up to 120 days when granted before the end of proceedings, up to 60 at
# the end (8 U.S.C. 1229c(a)(2)(A), (b)(2); 8 CFR 1240.26(e)).
VOLUNTARY_DEPARTURE_MAX_DAYS = 120

_SATURDAY = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One deadline rule. Text fields are what the screens show; numbers drive the engine."""

    key: str
    label: str | Promise
    period: str | Promise  # human description of the period
    trigger: str | Promise  # human description of the event that starts the clock
    citation: str
    days: int | None = None  # None with years == 0: set by the order, passed as period_days
    years: int = 0  # anniversary rules (asylum one-year deadline)
    max_days: int = 0  # upper bound of period_days when the order sets the period
    extendable: bool = False  # whether ``extension_days`` may be passed
    stays_removal: bool = False  # filing automatically stays removal
    notes: tuple[str | Promise, ...] = ()  # facts the screens must show next to the date


_PFR_NOT_EXTENDED = _(
    "A motion to reopen or reconsider does not extend the petition-for-review deadline "
    "(Stone v. INS, 514 U.S. 386 (1995))."
)

_RULES: tuple[Rule, ...] = (
    Rule(
        key="bia_appeal",
        label=_("BIA appeal (Notice of Appeal, EOIR-26)"),
        period=_("30 days"),
        trigger=_(
            "Immigration judge's decision: an oral decision on the day it is given; "
            "a written decision on the date it is mailed or served electronically"
        ),
        citation="8 CFR 1003.38(b)-(c)",
        days=30,
        stays_removal=True,
        notes=(
            _(
                "Removal is stayed automatically during the 30 days and while the appeal is "
                "pending (8 CFR 1003.6(a))."
            ),
            _("The Board must receive the appeal by the deadline; mailing is not filing."),
        ),
    ),
    Rule(
        key="bia_brief_detained",
        label=_("BIA brief, detained case"),
        period=_("21 days, plus any extension the Board grants"),
        trigger=_("Date of the briefing schedule"),
        citation="BIA Practice Manual 4.7",
        days=21,
        extendable=True,
    ),
    Rule(
        key="pfr",
        label=_("Petition for review, U.S. Court of Appeals"),
        period=_("30 days"),
        trigger=_("Date of the final order of removal (BIA decision)"),
        citation="8 U.S.C. 1252(b)(1); FRAP 26(a)",
        days=30,
        stays_removal=False,
        notes=(
            _(
                "A petition for review does not stay removal; a separate stay motion is needed "
                "(8 U.S.C. 1252(b)(3)(B))."
            ),
            _PFR_NOT_EXTENDED,
            _(
                "File in the circuit where the immigration judge completed proceedings "
                "(8 U.S.C. 1252(b)(2))."
            ),
        ),
    ),
    Rule(
        key="motion_reconsider",
        label=_("Motion to reconsider"),
        period=_("30 days"),
        trigger=_("BIA: date the decision was mailed; immigration judge: date the order entered"),
        citation="8 CFR 1003.2(b)(2), 1003.23(b)(1)",
        days=30,
        notes=(_PFR_NOT_EXTENDED,),
    ),
    Rule(
        key="motion_reopen",
        label=_("Motion to reopen"),
        period=_("90 days"),
        trigger=_("BIA: date the decision was rendered; immigration judge: date the order entered"),
        citation="8 CFR 1003.2(c)(2)-(3), 1003.23(b)(1), (b)(4)(i)",
        days=90,
        notes=(
            # The engine always returns the 90-day date; callers decide whether the exception
            # applies and then show no deadline at all.
            _(
                "No time limit when based on changed country conditions with new, previously "
                "unavailable evidence (8 CFR 1003.2(c)(3)(ii), 1003.23(b)(4)(i))."
            ),
            _PFR_NOT_EXTENDED,
        ),
    ),
    Rule(
        key="asylum_one_year",
        label=_("Asylum application (I-589)"),
        period=_("1 year: the anniversary of the last arrival"),
        trigger=_("Date of the last arrival in the United States"),
        citation="8 U.S.C. 1158(a)(2)(B); 8 CFR 1208.4(a)(2)(ii); Minasyan v. Mukasey, "
        "553 F.3d 1224 (9th Cir. 2009)",
        years=1,
    ),
    Rule(
        key="voluntary_departure",
        label=_("Voluntary departure"),
        period=_(
            "The period granted (up to 120 days before the end of proceedings, 60 at the end)"
        ),
        trigger=_("Date of the grant"),
        # Monsalvo Velazquez v. Bondi (2025) applied the 8 CFR 1001.1(h) roll-forward to this
        # very period, so it goes through the same engine as the filing deadlines.
        citation="8 CFR 1240.26",
        max_days=VOLUNTARY_DEPARTURE_MAX_DAYS,
    ),
)

RULES: Mapping[str, Rule] = MappingProxyType({rule.key: rule for rule in _RULES})


@functools.lru_cache(maxsize=64)
def legal_holidays(year: int) -> frozenset[date]:
    """Federal legal holidays of ``year``, with their observed days, from the holidays library.

    "public" is the 5 U.S.C. 6103(a) list with the 6103(b) observed days (Saturday -> Friday,
    Sunday -> Monday; Juneteenth from 2021). "government" adds days the President closed federal
    offices by executive order (e.g. Dec 24, 2024), which FRAP 26(a)(6)(B) counts as legal
    holidays. The observed day of next year's New Year's Day (e.g. Dec 31, 2021) is listed in
    this year. Cached per year: ``due_date`` is called for every open deadline by the sweep.
    """
    found = holidays.country_holidays("US", categories=("public", "government"), years=year)
    return frozenset(found)


def _as_closures(closures: Iterable[date]) -> frozenset[date]:
    # frozenset(frozenset) returns the same object, so callers that pass one pay nothing.
    return closures if isinstance(closures, frozenset) else frozenset(closures)


def _is_business_day(day: date, closures: frozenset[date]) -> bool:
    return day.weekday() < _SATURDAY and day not in closures and day not in legal_holidays(day.year)


def is_business_day(day: date, closures: Iterable[date] = ()) -> bool:
    """False on Saturdays, Sundays, federal legal holidays (observed days included) and closures."""
    _check_date(day, "day")
    return _is_business_day(day, _as_closures(closures))


def _check_date(value: date, name: str) -> None:
    # A datetime is a date subclass but never equals one, so holiday and closure lookups would
    # silently miss; legal deadlines are plain dates in the court's calendar (STYLE.md 10).
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _get_rule(rule: str | Rule) -> Rule:
    if isinstance(rule, Rule):
        return rule
    try:
        return RULES[rule]
    except KeyError:
        raise ValueError(
            f"Unknown deadline rule {rule!r}; valid rules: {', '.join(RULES)}"
        ) from None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        # Feb 29 with no Feb 29 in the target year. No rule or case settles whether the
        # anniversary is Feb 28 or Mar 1; Feb 28 is the earlier, so a filing by then is timely
        # under either reading. Conservative on purpose: a late I-589 bars asylum.
        return date(day.year + years, 2, 28)


def last_day(
    rule: str | Rule,
    trigger: date,
    *,
    extension_days: int = 0,
    period_days: int | None = None,
) -> date:
    """The last day of the period before any weekend/holiday/closure roll-forward."""
    rule = _get_rule(rule)
    _check_date(trigger, "trigger")
    if extension_days < 0:
        raise ValueError(f"extension_days must not be negative, got {extension_days}")
    if extension_days and not rule.extendable:
        # Statutory deadlines (e.g. the petition for review) cannot be extended by anyone.
        raise ValueError(f"Rule {rule.key!r} cannot be extended")

    if rule.days is None and not rule.years:
        if period_days is None:
            raise ValueError(f"Rule {rule.key!r} needs period_days: the period set by the order")
        if not 1 <= period_days <= rule.max_days:
            raise ValueError(
                f"period_days for {rule.key!r} must be 1..{rule.max_days}, got {period_days}"
            )
        days = period_days
    elif period_days is not None:
        raise ValueError(f"Rule {rule.key!r} has a fixed period; do not pass period_days")
    else:
        days = rule.days or 0

    end = _add_years(trigger, rule.years) if rule.years else trigger
    return end + timedelta(days=days + extension_days)


def due_date(
    rule: str | Rule,
    trigger: date,
    closures: Iterable[date] = (),
    *,
    extension_days: int = 0,
    period_days: int | None = None,
) -> date:
    """The legal due date: the last day, moved forward past non-business days.

    8 CFR 1001.1(h); FRAP 26(a)(1)(C). Minasyan v. Mukasey applies the same roll-forward to the
    asylum one-year anniversary.
    """
    closed = _as_closures(closures)
    day = last_day(rule, trigger, extension_days=extension_days, period_days=period_days)
    while not _is_business_day(day, closed):
        day += timedelta(days=1)
    return day


def file_by(
    rule: str | Rule,
    trigger: date,
    closures: Iterable[date] = (),
    *,
    extension_days: int = 0,
    period_days: int | None = None,
) -> date:
    """The last business day on or before the last day: the date alerts aim at.

    Never relies on the roll-forward, so a filing by this date is timely however a court reads
    the holiday rules. An extension the Board granted (``extension_days``) does count.
    """
    closed = _as_closures(closures)
    day = last_day(rule, trigger, extension_days=extension_days, period_days=period_days)
    while not _is_business_day(day, closed):
        day -= timedelta(days=1)
    return day
