"""Deadlines that follow from the record: computed, kept in step, closed in one click.

The services in `cases.services` call the `deadlines_sync_*` functions after every write that
can change a deadline (a decision, a filing, a briefing schedule, an arrival date), so the
deadlines appear by themselves (DESIGN.md section 4).

Sync, the one procedure behind all of them:

1. `plan_for_*` turns the source row (a hearing, an appeal or a person) into the set of
   deadlines it implies: rule, trigger date, and whether a filing already met it or made it
   not applicable. Pure: no queries, no clock.
2. The source's existing computed deadlines are locked and compared with the plan:
   a missing one is created; an open one whose dates changed is updated; an open one the
   source no longer implies (the decision was changed or cleared) is **deleted** — it was
   never a real deadline, and the history table keeps the deleted row with its author.
   A deadline the record closed (`closed_by_record`: a filing met it, a decision made it not
   applicable) follows the record the same way: it opens again when the record stops
   closing it (the filing date cleared, the filing moved or deleted, the decision undone).
3. A deadline a person closed (met, not applicable) is never touched again: what a person
   recorded wins over what the code recomputes.

Running a sync twice changes nothing the second time (no write, no history row).

Every function here that writes a deadline locks the person's row first and, in the same
transaction, refreshes the derived column `AsylumSeeker.next_file_by` through
`refresh_next_file_by` (the one place its rule lives), as detention.services does for
`detained_since`. The person's lock comes before any lock on a hearing, appeal or deadline of
theirs, in every writer (cases.services too), so two writers never wait on each other in a circle.

Modules: `plans` (step 1, pure), `sync` (steps 2-3), `derived` (`next_file_by`, the person
locks), `actions` (met, not applicable, reopen, manual deadlines), `closures` (closure days).
Everything is importable from `cases.deadline_services`.
"""

from __future__ import annotations

from .actions import (
    deadline_add_manual,
    deadline_mark_met,
    deadline_mark_not_applicable,
    deadline_reopen,
    last_business_day,
)
from .closures import Move, closure_day_add, closure_day_delete
from .derived import lock_people, next_file_by_rule, owner_id, refresh_next_file_by
from .plans import (
    ADVERSE_BIA,
    ADVERSE_MERITS,
    APPEAL_DECIDED_NOTE,
    ASYLUM_FILED_NOTE,
    BIA_APPEAL_FILED_NOTE,
    BIA_APPEALABLE,
    CHANGED_CONDITIONS_NOTE,
    FILED_NOTE,
    FILING_MEETS_RULE,
    MET,
    MOTIONS,
    NOT_APPLICABLE,
    OPEN,
    WRITTEN_SERVICE,
    Planned,
    plan_for_appeal,
    plan_for_hearing,
    plan_for_seeker,
)
from .sync import (
    closure_dates,
    computed_dates,
    deadlines_sync_appeal,
    deadlines_sync_filing,
    deadlines_sync_hearing,
    deadlines_sync_seeker,
    rule_title,
)

__all__ = [
    "ADVERSE_BIA",
    "ADVERSE_MERITS",
    "APPEAL_DECIDED_NOTE",
    "ASYLUM_FILED_NOTE",
    "BIA_APPEALABLE",
    "BIA_APPEAL_FILED_NOTE",
    "CHANGED_CONDITIONS_NOTE",
    "FILED_NOTE",
    "FILING_MEETS_RULE",
    "MET",
    "MOTIONS",
    "Move",
    "NOT_APPLICABLE",
    "OPEN",
    "Planned",
    "WRITTEN_SERVICE",
    "closure_dates",
    "closure_day_add",
    "closure_day_delete",
    "computed_dates",
    "deadline_add_manual",
    "deadline_mark_met",
    "deadline_mark_not_applicable",
    "deadline_reopen",
    "deadlines_sync_appeal",
    "deadlines_sync_filing",
    "deadlines_sync_hearing",
    "deadlines_sync_seeker",
    "last_business_day",
    "lock_people",
    "next_file_by_rule",
    "owner_id",
    "plan_for_appeal",
    "plan_for_hearing",
    "plan_for_seeker",
    "refresh_next_file_by",
    "rule_title",
]
