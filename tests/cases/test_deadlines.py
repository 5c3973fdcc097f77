"""Deadline rules (cases/deadlines.py). Pure functions: no database.

Every expected date was worked out by hand from the rule text and a printed calendar
(`python3 -c 'import calendar; print(calendar.month(2025, 7))'`); the comment on each case
shows the arithmetic. Never regenerate these from the code's output.
"""

import dataclasses
from datetime import date, datetime

import pytest

from cases.deadlines import RULES, due_date, file_by, is_business_day, last_day

D = date


# --- rule data ---------------------------------------------------------------------------------


def test_rules_keys_exact():
    assert set(RULES) == {
        "bia_appeal",
        "bia_brief_detained",
        "pfr",
        "motion_reconsider",
        "motion_reopen",
        "asylum_one_year",
        "voluntary_departure",
    }


def test_rules_stays_removal_only_bia_appeal():
    # 8 CFR 1003.6(a) stays removal for a BIA appeal; a petition for review does not.
    assert [key for key, rule in RULES.items() if rule.stays_removal] == ["bia_appeal"]


def test_rules_citation_bia_appeal():
    assert RULES["bia_appeal"].citation == "8 CFR 1003.38(b)-(c)"


def test_rules_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES["pfr"].days = 60


def test_rules_mapping_read_only():
    with pytest.raises(TypeError):
        RULES["pfr"] = RULES["bia_appeal"]


# --- due_date: plain cases, one per rule -------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "kwargs", "expected"),
    [
        # Tue Jul 1 2025 + 30 = Thu Jul 31 2025.
        ("bia_appeal", D(2025, 7, 1), {}, D(2025, 7, 31)),
        # Mon Mar 3 2025 + 21 = Mon Mar 24 2025.
        ("bia_brief_detained", D(2025, 3, 3), {}, D(2025, 3, 24)),
        # Wed Sep 10 2025 + 20 = Sep 30, + 10 = Fri Oct 10 2025.
        ("pfr", D(2025, 9, 10), {}, D(2025, 10, 10)),
        # Tue Apr 15 2025 + 15 = Apr 30, + 15 = Thu May 15 2025.
        ("motion_reconsider", D(2025, 4, 15), {}, D(2025, 5, 15)),
        # Wed Jan 8 2025: +23 = Jan 31, +28 = Feb 28, +31 = Mar 31, +8 = Tue Apr 8 2025.
        ("motion_reopen", D(2025, 1, 8), {}, D(2025, 4, 8)),
        # Anniversary of Wed Mar 12 2025 = Thu Mar 12 2026.
        ("asylum_one_year", D(2025, 3, 12), {}, D(2026, 3, 12)),
        # Mon Jun 2 2025 + 28 = Jun 30, + 31 = Jul 31, + 1 = Fri Aug 1 2025.
        ("voluntary_departure", D(2025, 6, 2), {"period_days": 60}, D(2025, 8, 1)),
    ],
)
def test_due_date_plain_weekday(rule, trigger, kwargs, expected):
    assert due_date(rule, trigger, **kwargs) == expected


def test_due_date_accepts_rule_object():
    assert due_date(RULES["bia_appeal"], D(2025, 7, 1)) == D(2025, 7, 31)


# --- weekends ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # Thu Jul 3 2025 + 30 = Sat Aug 2 -> Mon Aug 4 2025.
        ("bia_appeal", D(2025, 7, 3), D(2025, 8, 4)),
        # Mon Jan 6 2025 + 90 = Sun Apr 6 -> Mon Apr 7 2025.
        ("motion_reopen", D(2025, 1, 6), D(2025, 4, 7)),
    ],
)
def test_due_date_weekend_moves_to_monday(rule, trigger, expected):
    assert due_date(rule, trigger) == expected


# --- federal holidays (5 U.S.C. 6103), with observed days ----------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # New Year's Day Thu Jan 1 2026: Dec 2 2025 + 30 -> Fri Jan 2 2026.
        ("bia_appeal", D(2025, 12, 2), D(2026, 1, 2)),
        # MLK Day Mon Jan 19 2026: Dec 20 2025 + 11 = Dec 31, + 19 -> Tue Jan 20 2026.
        ("bia_appeal", D(2025, 12, 20), D(2026, 1, 20)),
        # Washington's Birthday Mon Feb 16 2026: Jan 17 + 30 -> Tue Feb 17 2026.
        ("pfr", D(2026, 1, 17), D(2026, 2, 17)),
        # Memorial Day Mon May 25 2026: Apr 25 + 30 -> Tue May 26 2026.
        ("motion_reconsider", D(2026, 4, 25), D(2026, 5, 26)),
        # Juneteenth Thu Jun 19 2025: May 29 + 21 -> Fri Jun 20 2025.
        ("bia_brief_detained", D(2025, 5, 29), D(2025, 6, 20)),
        # Independence Day Fri Jul 4 2025: Jun 4 + 30 -> Sat, Sun -> Mon Jul 7 2025.
        ("bia_appeal", D(2025, 6, 4), D(2025, 7, 7)),
        # Labor Day Mon Sep 1 2025: Aug 2 + 30 -> Tue Sep 2 2025.
        ("motion_reconsider", D(2025, 8, 2), D(2025, 9, 2)),
        # Columbus Day Mon Oct 13 2025: Sep 13 + 30 -> Tue Oct 14 2025.
        ("pfr", D(2025, 9, 13), D(2025, 10, 14)),
        # Veterans Day Tue Nov 11 2025: Oct 12 + 30 -> Wed Nov 12 2025.
        ("bia_appeal", D(2025, 10, 12), D(2025, 11, 12)),
        # Thanksgiving Thu Nov 27 2025: Nov 6 + 21 -> Fri Nov 28 (not a federal holiday).
        ("bia_brief_detained", D(2025, 11, 6), D(2025, 11, 28)),
        # Christmas Fri Dec 25 2026: Nov 25 + 30 -> Sat, Sun -> Mon Dec 28 2026.
        ("bia_appeal", D(2026, 11, 25), D(2026, 12, 28)),
    ],
)
def test_due_date_federal_holiday_moves_forward(rule, trigger, expected):
    assert due_date(rule, trigger) == expected


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # Jul 4 2026 is a Saturday, observed Fri Jul 3: Jun 3 + 30 = Jul 3 -> Mon Jul 6 2026.
        ("bia_appeal", D(2026, 6, 3), D(2026, 7, 6)),
        # Juneteenth Sat Jun 19 2027, observed Fri Jun 18: May 19 + 30 -> Mon Jun 21 2027.
        ("bia_appeal", D(2027, 5, 19), D(2027, 6, 21)),
        # Juneteenth Sun Jun 19 2022, observed Mon Jun 20: May 21 + 30 -> Tue Jun 21 2022.
        ("pfr", D(2022, 5, 21), D(2022, 6, 21)),
        # Christmas Sat Dec 25 2027, observed Fri Dec 24: Nov 24 + 30 -> Mon Dec 27 2027.
        ("bia_appeal", D(2027, 11, 24), D(2027, 12, 27)),
        # New Year's Day Sat Jan 1 2022, observed Fri Dec 31 2021 (the year before):
        # Dec 1 2021 + 30 = Dec 31 -> Sat, Sun -> Mon Jan 3 2022.
        ("bia_appeal", D(2021, 12, 1), D(2022, 1, 3)),
    ],
)
def test_due_date_observed_holiday_moves_forward(rule, trigger, expected):
    assert due_date(rule, trigger) == expected


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # Sat Jan 17 2026, Sun, MLK Mon Jan 19: Dec 18 2025 + 13 = Dec 31, + 17 -> Tue Jan 20.
        ("bia_appeal", D(2025, 12, 18), D(2026, 1, 20)),
        # Sat Oct 11 2025, Sun, Columbus Mon Oct 13: Sep 11 + 30 -> Tue Oct 14 2025.
        ("pfr", D(2025, 9, 11), D(2025, 10, 14)),
        # Veterans Day Sun Nov 11 2018, observed Mon Nov 12: Oct 12 + 30 -> Tue Nov 13 2018.
        ("bia_appeal", D(2018, 10, 12), D(2018, 11, 13)),
        # New Year's Day Sun Jan 1 2023, observed Mon Jan 2: Dec 2 2022 + 30 -> Tue Jan 3 2023.
        ("bia_appeal", D(2022, 12, 2), D(2023, 1, 3)),
    ],
)
def test_due_date_weekend_then_monday_holiday_chains(rule, trigger, expected):
    assert due_date(rule, trigger) == expected


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # Executive order closed federal offices Tue Dec 24 2024, then Christmas Wed Dec 25:
        # Nov 24 + 6 = Nov 30, + 24 = Dec 24 -> Thu Dec 26 2024.
        ("bia_appeal", D(2024, 11, 24), D(2024, 12, 26)),
        # National day of mourning for President Carter, Thu Jan 9 2025:
        # Dec 10 2024 + 21 = Dec 31, + 9 = Jan 9 -> Fri Jan 10 2025.
        ("pfr", D(2024, 12, 10), D(2025, 1, 10)),
    ],
)
def test_due_date_executive_order_closure_moves_forward(rule, trigger, expected):
    # FRAP 26(a)(6)(B): "any day declared a holiday by the President".
    assert due_date(rule, trigger) == expected


# --- closure days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "closures", "expected"),
    [
        # Jul 1 2025 + 30 = Thu Jul 31, closed -> Fri Aug 1.
        (D(2025, 7, 1), [D(2025, 7, 31)], D(2025, 8, 1)),
        # Jul 2 + 30 = Fri Aug 1, closed -> Sat, Sun -> Mon Aug 4.
        (D(2025, 7, 2), [D(2025, 8, 1)], D(2025, 8, 4)),
        # Thu Jul 31 and Fri Aug 1 both closed -> Sat, Sun -> Mon Aug 4.
        (D(2025, 7, 1), [D(2025, 7, 31), D(2025, 8, 1)], D(2025, 8, 4)),
        # Jul 3 + 30 = Sat Aug 2 -> Sun -> Mon Aug 4 closed -> Tue Aug 5.
        (D(2025, 7, 3), [D(2025, 8, 4)], D(2025, 8, 5)),
        # A closure inside the period changes nothing: every calendar day counts.
        (D(2025, 7, 1), [D(2025, 7, 15)], D(2025, 7, 31)),
    ],
)
def test_due_date_closure_moves_forward(trigger, closures, expected):
    assert due_date("bia_appeal", trigger, closures) == expected


def test_due_date_closures_from_generator():
    closures = (D(2025, 7, 31) for _ in range(1))
    assert due_date("bia_appeal", D(2025, 7, 1), closures=closures) == D(2025, 8, 1)


# --- leap years --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "expected"),
    [
        # Thu Feb 29 2024 + 30 = Sat Mar 30 -> Mon Apr 1 2024.
        ("bia_appeal", D(2024, 2, 29), D(2024, 4, 1)),
        # Feb 1 2024 + 28 = Feb 29, + 2 = Sat Mar 2 -> Mon Mar 4 2024.
        ("bia_appeal", D(2024, 2, 1), D(2024, 3, 4)),
        # Same trigger a non-leap year: Feb 1 2025 + 27 = Feb 28, + 3 = Mon Mar 3 2025.
        ("bia_appeal", D(2025, 2, 1), D(2025, 3, 3)),
        # Arrival Feb 29 2024: no Feb 29 in 2025; the earlier reading, Fri Feb 28 2025.
        ("asylum_one_year", D(2024, 2, 29), D(2025, 2, 28)),
        # Arrival Tue Feb 28 2023 -> Wed Feb 28 2024 (not Feb 29).
        ("asylum_one_year", D(2023, 2, 28), D(2024, 2, 28)),
    ],
)
def test_due_date_leap_year(rule, trigger, expected):
    assert due_date(rule, trigger) == expected


# --- asylum anniversary rolls forward (Minasyan v. Mukasey) -----------------------------------


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        # Anniversary Sun Jul 5 2026 -> Mon Jul 6 2026.
        (D(2025, 7, 5), D(2026, 7, 6)),
        # Anniversary Thu Dec 25 2025 (Christmas) -> Fri Dec 26 closed by executive order
        # -> Sat, Sun -> Mon Dec 29 2025.
        (D(2024, 12, 25), D(2025, 12, 29)),
    ],
)
def test_due_date_asylum_anniversary_not_business_day(arrival, expected):
    assert due_date("asylum_one_year", arrival) == expected


# --- extensions and voluntary departure --------------------------------------------------------


@pytest.mark.parametrize(
    ("extension_days", "expected"),
    [
        # Mon Mar 3 2025 + 21 + 21 = 42: + 28 = Mar 31, + 14 = Mon Apr 14 2025.
        (21, D(2025, 4, 14)),
        # Mon Mar 3 2025 + 21 + 5 = 26 = Sat Mar 29 -> Mon Mar 31 2025.
        (5, D(2025, 3, 31)),
    ],
)
def test_due_date_brief_extension(extension_days, expected):
    got = due_date("bia_brief_detained", D(2025, 3, 3), extension_days=extension_days)
    assert got == expected


@pytest.mark.parametrize(
    ("grant", "period_days", "expected"),
    [
        # Wed Jun 4 2025 + 1 = Thu Jun 5 2025.
        (D(2025, 6, 4), 1, D(2025, 6, 5)),
        # Thu Jan 2 2025: +29 = Jan 31, +28 = Feb 28, +31 = Mar 31, +30 = Apr 30, +2 = Fri May 2.
        (D(2025, 1, 2), 120, D(2025, 5, 2)),
        # Wed Jun 4 2025 + 60: + 26 = Jun 30, + 31 = Jul 31, + 3 = Sun Aug 3 -> Mon Aug 4.
        (D(2025, 6, 4), 60, D(2025, 8, 4)),
    ],
)
def test_due_date_voluntary_departure_period(grant, period_days, expected):
    assert due_date("voluntary_departure", grant, period_days=period_days) == expected


# --- file_by: back over non-business days while due_date moves forward ------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "closures", "expected_file_by", "expected_due"),
    [
        # Last day Sat Aug 2 2025: file by Fri Aug 1, due Mon Aug 4.
        ("bia_appeal", D(2025, 7, 3), [], D(2025, 8, 1), D(2025, 8, 4)),
        # Last day Sun Apr 6 2025: file by Fri Apr 4, due Mon Apr 7.
        ("motion_reopen", D(2025, 1, 6), [], D(2025, 4, 4), D(2025, 4, 7)),
        # Last day Fri Jul 4 2025 (holiday): file by Thu Jul 3, due Mon Jul 7.
        ("bia_appeal", D(2025, 6, 4), [], D(2025, 7, 3), D(2025, 7, 7)),
        # Last day Fri Jul 3 2026 (observed Independence Day): file by Thu Jul 2, due Mon Jul 6.
        ("bia_appeal", D(2026, 6, 3), [], D(2026, 7, 2), D(2026, 7, 6)),
        # Last day Fri Dec 31 2021 (observed New Year's): file by Thu Dec 30, due Mon Jan 3 2022.
        ("bia_appeal", D(2021, 12, 1), [], D(2021, 12, 30), D(2022, 1, 3)),
        # Last day Sat Dec 25 2027; Fri Dec 24 is the observed Christmas: file by Thu Dec 23,
        # due Mon Dec 27 (Nov 25 + 5 = Nov 30, + 25 = Dec 25).
        ("bia_appeal", D(2027, 11, 25), [], D(2027, 12, 23), D(2027, 12, 27)),
        # Last day Sat Jan 17 2026 before MLK Monday: file by Fri Jan 16, due Tue Jan 20.
        ("bia_appeal", D(2025, 12, 18), [], D(2026, 1, 16), D(2026, 1, 20)),
        # Last day Thu Nov 27 2025 (Thanksgiving): file by Wed Nov 26, due Fri Nov 28.
        ("bia_brief_detained", D(2025, 11, 6), [], D(2025, 11, 26), D(2025, 11, 28)),
        # Last day Thu Jul 31 2025, closed: file by Wed Jul 30, due Fri Aug 1.
        ("bia_appeal", D(2025, 7, 1), [D(2025, 7, 31)], D(2025, 7, 30), D(2025, 8, 1)),
        # Last day a business day: both dates are the last day, Thu Jul 31 2025.
        ("bia_appeal", D(2025, 7, 1), [], D(2025, 7, 31), D(2025, 7, 31)),
        # Asylum arrival Feb 29 2024: last day Fri Feb 28 2025, a business day.
        ("asylum_one_year", D(2024, 2, 29), [], D(2025, 2, 28), D(2025, 2, 28)),
    ],
)
def test_file_by_moves_back_while_due_date_moves_forward(
    rule, trigger, closures, expected_file_by, expected_due
):
    assert file_by(rule, trigger, closures) == expected_file_by
    assert due_date(rule, trigger, closures) == expected_due


def test_file_by_counts_granted_extension():
    # Mon Mar 3 2025 + 21 + 5 = Sat Mar 29: file by Fri Mar 28.
    assert file_by("bia_brief_detained", D(2025, 3, 3), extension_days=5) == D(2025, 3, 28)


def test_file_by_voluntary_departure_period():
    # Wed Jun 4 2025 + 60 = Sun Aug 3: file by Fri Aug 1.
    assert file_by("voluntary_departure", D(2025, 6, 4), period_days=60) == D(2025, 8, 1)


def test_last_day_does_not_roll():
    # Jul 3 2025 + 30 = Sat Aug 2, left as is.
    assert last_day("bia_appeal", D(2025, 7, 3)) == D(2025, 8, 2)


# --- is_business_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "closures", "expected"),
    [
        (D(2025, 7, 2), [], True),  # Wednesday
        (D(2025, 7, 5), [], False),  # Saturday
        (D(2025, 7, 6), [], False),  # Sunday
        (D(2025, 7, 4), [], False),  # Independence Day, Friday
        (D(2026, 7, 3), [], False),  # observed Independence Day, Friday
        (D(2021, 12, 31), [], False),  # observed New Year's Day 2022
        (D(2025, 11, 28), [], True),  # Friday after Thanksgiving: not a federal holiday
        (D(2020, 6, 19), [], True),  # Friday; Juneteenth became a holiday in 2021
        (D(2025, 7, 2), [D(2025, 7, 2)], False),  # closure
    ],
)
def test_is_business_day_calendar(day, closures, expected):
    assert is_business_day(day, closures) is expected


# --- errors --------------------------------------------------------------------------------------


def test_due_date_unknown_rule_names_valid_rules():
    with pytest.raises(ValueError, match="bia_apeal") as excinfo:
        due_date("bia_apeal", D(2025, 7, 1))
    for key in RULES:
        assert key in str(excinfo.value)


@pytest.mark.parametrize("function", [due_date, file_by])
def test_voluntary_departure_without_period_raises(function):
    with pytest.raises(ValueError, match="period_days"):
        function("voluntary_departure", D(2025, 6, 4))


@pytest.mark.parametrize("period_days", [0, 121])
def test_voluntary_departure_period_out_of_range_raises(period_days):
    with pytest.raises(ValueError, match=r"1\.\.120"):
        due_date("voluntary_departure", D(2025, 6, 4), period_days=period_days)


def test_due_date_period_days_on_fixed_rule_raises():
    with pytest.raises(ValueError, match="fixed period"):
        due_date("pfr", D(2025, 6, 4), period_days=60)


@pytest.mark.parametrize("rule", ["pfr", "asylum_one_year"])
def test_due_date_extension_on_statutory_rule_raises(rule):
    with pytest.raises(ValueError, match="cannot be extended"):
        due_date(rule, D(2025, 6, 4), extension_days=21)


def test_due_date_negative_extension_raises():
    with pytest.raises(ValueError, match="negative"):
        due_date("bia_brief_detained", D(2025, 6, 4), extension_days=-1)


def test_due_date_datetime_trigger_raises():
    with pytest.raises(TypeError, match="datetime.date"):
        due_date("pfr", datetime(2025, 6, 4, 12, 0))
