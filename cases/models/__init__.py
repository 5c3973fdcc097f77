"""The people we help and their legal process (DESIGN.md section 3, cases/).

Fields, constraints and reusable reads only. Every write goes through `cases.services`.
One module per area: `people` (the person, contact persons), `proceedings` (hearings,
appeals and motions), `records` (charges at home, contacts, documents, privileged notes),
`deadline` (deadlines, closure days, calendar feeds), `alert`, `casefile`; `base` holds the
queryset every case model shares. Everything is importable from `cases.models`.
"""

from __future__ import annotations

from .alert import Alert, AlertQuerySet
from .base import CaseQuerySet
from .casefile import CaseFile, CaseFileQuerySet, casefile_path
from .deadline import CalendarFeed, ClosureDay, Deadline, DeadlineQuerySet, new_calendar_token
from .people import (
    DERIVED_FIELDS,
    AssignmentChange,
    AsylumSeeker,
    AsylumSeekerQuerySet,
    ContactPerson,
    new_pseudonym,
)
from .proceedings import Appeal, Hearing
from .records import (
    ContactLog,
    Document,
    HomeCountryCharge,
    HomeCountryChargeQuerySet,
    PrivilegedNote,
    Statute,
    document_path,
)

__all__ = [
    "Alert",
    "AlertQuerySet",
    "Appeal",
    "AssignmentChange",
    "AsylumSeeker",
    "AsylumSeekerQuerySet",
    "CalendarFeed",
    "CaseFile",
    "CaseFileQuerySet",
    "CaseQuerySet",
    "ClosureDay",
    "ContactLog",
    "ContactPerson",
    "DERIVED_FIELDS",
    "Deadline",
    "DeadlineQuerySet",
    "Document",
    "Hearing",
    "HomeCountryCharge",
    "HomeCountryChargeQuerySet",
    "PrivilegedNote",
    "Statute",
    "casefile_path",
    "document_path",
    "new_calendar_token",
    "new_pseudonym",
]
