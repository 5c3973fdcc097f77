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

Modules: `rows` (the frozen values), `data` (`casefile_data`: the queries and the copying),
`chronology` (merging the dated events), `redaction` (`redaction_leaks`), `pdf` (laying the
copy out with WeasyPrint; imported by the worker only).
"""

from __future__ import annotations

from .chronology import chronology
from .data import casefile_data, days_detained
from .redaction import redaction_leaks
from .rows import (
    CATEGORIES,
    UNREPRESENTED_HEARING_DAYS,
    AppealRow,
    CaseFileData,
    ChargeRow,
    ContactPersonRow,
    ContactRow,
    DeadlineRow,
    DocumentRow,
    Edition,
    Event,
    HearingRow,
    NoteRow,
    Particulars,
    Person,
    RemovalRow,
    StayRow,
    Summary,
)

__all__ = [
    "CATEGORIES",
    "UNREPRESENTED_HEARING_DAYS",
    "AppealRow",
    "CaseFileData",
    "ChargeRow",
    "ContactPersonRow",
    "ContactRow",
    "DeadlineRow",
    "DocumentRow",
    "Edition",
    "Event",
    "HearingRow",
    "NoteRow",
    "Particulars",
    "Person",
    "RemovalRow",
    "StayRow",
    "Summary",
    "casefile_data",
    "chronology",
    "days_detained",
    "redaction_leaks",
]
