"""Reading one cell: dates as the logs write them, counts, codes, FlightAware links."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.casefold(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

# "Tuesday, May 7, 2019" / "Tue., 2019-05-07" / "Tuesday May 7, 2019" (no comma, month follows)
_WEEKDAY_PREFIX = re.compile(
    r"(?P<wd>[A-Za-z]+)\.?\s*,\s*(?P<rest>.+)|(?P<wd2>[A-Za-z]+)\s+(?P<rest2>[A-Za-z].*)"
)
_WORDY_DATE = re.compile(
    r"(?P<mon>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<year>\d{4})"
)
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})")
_US_DATE = re.compile(r"(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")

_DATE_HINT = "write it like 'Tuesday, May 7, 2019', '2019-05-07' or '5/7/2019'"


def parse_date(raw: str, *, warnings: list[str] | None = None) -> dt.date:
    """Read a log date; raise ValueError with a plain-English message if it cannot be used.

    A word in the weekday's place that is no weekday ("Tudsay") is an error, unless the
    caller passes a `warnings` list: then the date is returned and the list gets a message.
    A real weekday name that contradicts the date is always an error.
    """
    text = raw.strip().strip("'\"").rstrip(".").strip()
    if not text:
        raise ValueError("the date is missing")
    weekday_word = None
    m = _WEEKDAY_PREFIX.fullmatch(text)
    if m:
        word = m.group("wd") or m.group("wd2")
        if word.casefold() not in _MONTHS:
            weekday_word = word
            text = (m.group("rest") or m.group("rest2")).strip()
    m = _WORDY_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text) or _US_DATE.fullmatch(text)
    if not m:
        raise ValueError(f"'{raw.strip()}' is not a date I can read; {_DATE_HINT}")
    month_text = m.group("mon")
    if month_text.isdigit():
        month = int(month_text)
    elif month_text.casefold() in _MONTHS:
        month = _MONTHS[month_text.casefold()]
    else:
        raise ValueError(f"'{raw.strip()}': '{month_text}' is not the name of a month")
    year, day = int(m.group("year")), int(m.group("day"))
    if not 1 <= month <= 12:
        raise ValueError(f"'{raw.strip()}' is not a real date: there is no month {month}")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(
            f"'{raw.strip()}' is not a real date: {calendar.month_name[month]} {year} "
            f"has {last} days"
        ) from None
    if weekday_word is not None:
        wanted = _WEEKDAYS.get(weekday_word.casefold())
        if wanted is None:
            message = (
                f"'{raw.strip()}': '{weekday_word}' is not a day of the week "
                f"({value:%B} {value.day}, {value.year} was a {value:%A})"
            )
            if warnings is None:
                raise ValueError(message)
            warnings.append(f"{message}; read as {value.isoformat()}")
            return value
        if wanted != value.weekday():
            raise ValueError(
                f"'{raw.strip()}': {value:%B} {value.day}, {value.year} was a {value:%A}, "
                f"not a {calendar.day_name[wanted]}"
            )
    return value


# FlightAware history links name one leg: .../history/20190507/1730Z/KYKM/KELP is the leg
# KYKM -> KELP departing 2019-05-07 17:30 UTC. Most rows of the logs carry such a link.
_FLIGHTAWARE_LEG = re.compile(
    r"/history/(?P<day>\d{8})/(?P<hhmm>\d{4})Z/(?P<orig>[A-Za-z0-9]{3,4})/(?P<dest>[A-Za-z0-9]{3,4})"
)


@dataclass(frozen=True)
class LinkDeparture:
    origin: str
    destination: str
    departs_at: dt.datetime  # aware, UTC


def departure_from_link(link: str) -> LinkDeparture | None:
    """The leg and UTC departure time a FlightAware history link names, or None."""
    m = _FLIGHTAWARE_LEG.search(link)
    if not m:
        return None
    try:
        departs_at = dt.datetime.strptime(m["day"] + m["hhmm"], "%Y%m%d%H%M").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return LinkDeparture(m["orig"].upper(), m["dest"].upper(), departs_at)


_UNKNOWN_COUNT = re.compile(r"\?|-|\d+\s*\?")
COUNT = re.compile(r"[0-9]+")
FLIGHT_NUMBER = re.compile(r"[A-Z0-9]{2,10}")
TAIL_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{1,9}")
AIRPORT_CODE = re.compile(r"[A-Z0-9]{3,4}")
NO_FLIGHT = re.compile(r"\bno\s+flights?\b|\bcancel+(?:ed|ation)\b", re.IGNORECASE)


def clean_text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# Counts from the City Passenger Report: a second source, where the logs also put remarks.
SECONDARY_COUNTS = ("city_boarded", "city_deplaned")


def parse_count(value: str, label: str) -> tuple[int | None, str | None]:
    """(whole number or None when not known, None) or (None, what is wrong with the cell)."""
    value = value.strip()
    if not value or _UNKNOWN_COUNT.fullmatch(value):
        return None, None
    if COUNT.fullmatch(value):
        return int(value), None
    return None, f"{label} is '{value}', which is not a whole number"
