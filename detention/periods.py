"""When the detention that is still going on began: a pure rule over a person's stays.

A transfer closes one stay and opens the next the same day, so a chain of transfers is one
detention; a stay that ended any other way (release, removal) ends it. Two readers, one rule:
`detention.services` stores the answer on `AsylumSeeker.detained_since` after every change to
a stay (lists, the dashboard and sorting read the column), and `cases.queries.detention_history`
shows it on the person page from the stays it has already loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from .enums import StayEndReason


class Stay(Protocol):
    started_on: date
    ended_on: date | None
    end_reason: str


def detained_since(stays: Iterable[Stay]) -> date | None:
    """The first day of the current uninterrupted detention; None when nobody holds the person.

    It is the earliest start on or after the last day the person was let go (a stay that ended
    other than by transfer), so the chain of transfers since then counts as one detention.
    """
    stays = list(stays)
    if not any(stay.ended_on is None for stay in stays):
        return None
    let_go = max(
        (
            stay.ended_on
            for stay in stays
            if stay.ended_on is not None and stay.end_reason != StayEndReason.TRANSFERRED
        ),
        default=date.min,
    )
    return min((stay.started_on for stay in stays if stay.started_on >= let_go), default=None)
