"""Deleting a case record typed by mistake: one transaction each, audited, refused when
something else depends on it.

Views (`cases.delete_views`), the admin and tests call these; none deletes a case row itself.
A deleted row keeps its history: django-simple-history writes a "-" row with the author
(`_history_user`), so the case's History page (`cases.history`) shows what was removed, when
and by whom. The rules every `<entity>_delete` here follows:

1. A record that another record points at is not deleted (`refusals`): the appeal or motion
   that attacks a hearing or an appeal (`Appeal.hearing`, `Appeal.parent`: PROTECT), a charge
   recorded as put before it (`in_record_*`: SET_NULL would silently turn the charge into
   "not in any record" and fire a changed-circumstances alert), a removal that executes the
   order (`Removal.final_order`). The refusal names them; change or delete those first.
   Relations added later are found by introspection and refuse too, unless listed in
   `GOES_WITH`.
2. The computed rows hanging on a hearing or an appeal (its deadlines, and their alerts) go
   with it, each deadline with its own history row and author. A deadline marked met is the
   exception: it records a filing (someone pressed "Mark met" with the date it was received),
   and a mistaken hearing must not take that fact with it silently. It refuses the deletion;
   reopening the deadline first ("Reopen" on the deadlines page) is the deliberate way out.
3. What was derived from the record is refreshed in the same transaction: a deleted filing
   no longer meets (or makes not applicable) the deadlines of the decision it attacked, so
   the decision's deadlines are synced (`cases.deadline_services.deadlines_sync_*`), which
   opens again what only the record had closed; a deleted detention stay recounts
   `AsylumSeeker.detained_since` (`detention.services.stay_delete`).
4. A deleted document's stored file is deleted too, once the transaction commits (a rollback
   keeps both). The history row says the document existed, with its title and name; the file
   of a record nobody can open any more must not stay on disk, reachable by anyone who
   learns its path, and the data-subject export and erasure would never find it again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalChanges

from caseworks.models import User

from . import deadline_services
from .alert_kinds import charge_subject
from .enums import AlertKind, DeadlineStatus
from .models import (
    Alert,
    Appeal,
    ContactLog,
    ContactPerson,
    Deadline,
    Document,
    Hearing,
    HomeCountryCharge,
)

# Reverse relations whose rows are computed from the record and go with it (rule 2):
# (model label, foreign-key name). Every other row pointing at a record refuses its deletion.
GOES_WITH = frozenset(
    {
        ("cases.deadline", "hearing"),
        ("cases.deadline", "appeal"),
        ("cases.alert", "hearing"),
    }
)

# What each known dependant is called in a refusal; unknown ones get a generic sentence.
_DEPENDANTS: dict[tuple[str, str], Callable[[int], str]] = {
    ("cases.appeal", "hearing"): lambda n: ngettext(
        "%(count)s appeal or motion attacks this decision",
        "%(count)s appeals or motions attack this decision",
        n,
    ),
    ("cases.appeal", "parent"): lambda n: ngettext(
        "%(count)s appeal, motion or petition attacks this decision",
        "%(count)s appeals, motions or petitions attack this decision",
        n,
    ),
    ("cases.homecountrycharge", "in_record_hearing"): lambda n: ngettext(
        "%(count)s charge at home is recorded as put before this hearing",
        "%(count)s charges at home are recorded as put before this hearing",
        n,
    ),
    ("cases.homecountrycharge", "in_record_appeal"): lambda n: ngettext(
        "%(count)s charge at home is recorded as put before this appeal",
        "%(count)s charges at home are recorded as put before this appeal",
        n,
    ),
    ("deportation.removal", "final_order"): lambda n: ngettext(
        "%(count)s removal executes this order",
        "%(count)s removals execute this order",
        n,
    ),
}


def _dependant_relations(model: type[models.Model]):
    """Reverse foreign keys to `model` (hidden ones included), history tables left out."""
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if issubclass(rel.related_model, HistoricalChanges):
            continue
        yield rel


def refusals(obj: models.Model) -> list[str]:
    """Why `obj` may not be deleted now (rules 1 and 2 of the module docstring); [] = it may.

    One COUNT per relation that points at the model (hearing: three, appeal: two, the other
    records: none) and at most one query for met deadlines: the confirmation page shows the answer
    before anyone presses the button, and the services ask again under the row lock.
    """
    reasons = []
    for rel in _dependant_relations(type(obj)):
        key = (rel.related_model._meta.label_lower, rel.field.name)
        if key in GOES_WITH:
            continue
        count = rel.related_model._base_manager.filter(**{rel.field.name: obj.pk}).count()
        if not count:
            continue
        describe = _DEPENDANTS.get(key)
        if describe is not None:
            reasons.append(describe(count) % {"count": count})
        else:
            reasons.append(
                _("%(count)s %(records)s point at it (%(field)s)")
                % {
                    "count": count,
                    "records": rel.related_model._meta.verbose_name_plural,
                    "field": rel.field.verbose_name,
                }
            )
    # Met deadlines only once no filing points at the decision: a filing meets its deadline
    # itself, and goes first (deleting it reopens what it met).
    if isinstance(obj, Hearing | Appeal) and not reasons:
        for deadline in obj.deadlines.filter(status=DeadlineStatus.MET).order_by("file_by", "pk"):
            info = deadline.rule_info
            reasons.append(
                _(
                    "its deadline “%(deadline)s” is marked met on %(date)s, which records a "
                    "filing; if that was a mistake, reopen the deadline first"
                )
                % {
                    "deadline": info.label if info else deadline.title,
                    "date": deadline.completed_on.isoformat() if deadline.completed_on else "—",
                }
            )
    return reasons


def computed_deadline_count(obj: Hearing | Appeal) -> int:
    """The deadlines that go with a hearing or an appeal (for the confirmation page)."""
    return obj.deadlines.exclude(status=DeadlineStatus.MET).count()


def _refuse_if_needed(obj: models.Model) -> None:
    reasons = refusals(obj)
    if reasons:
        raise ValidationError(reasons)


def _delete(obj: models.Model, *, by: User | None) -> None:
    """Delete one row, its history row attributed to `by`; a row that gained a protected
    dependant since `refusals` looked (a race) refuses instead of crashing."""
    obj._history_user = by
    try:
        obj.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Another record now points at this one; reload the page and try again.")
        ) from exc


def _delete_deadlines(obj: Hearing | Appeal, *, by: User | None) -> None:
    # One by one rather than through the cascade, so each history row has its author.
    # A deadline's alerts go with it (Alert.deadline: CASCADE; alerts have no history).
    for deadline in Deadline.objects.select_for_update().filter(**{_source_field(obj): obj}):
        _delete(deadline, by=by)


def _source_field(obj: Hearing | Appeal) -> str:
    return "hearing" if isinstance(obj, Hearing) else "appeal"


@transaction.atomic
def hearing_delete(*, hearing: Hearing, by: User | None) -> None:
    """Delete a hearing typed by mistake; its computed deadlines and alerts go with it.

    Refused (ValidationError, the reasons fit to show) while an appeal or motion attacks its
    decision, a charge at home is recorded as put before it, a removal executes its order, or
    one of its deadlines is marked met (module docstring, rules 1 and 2).
    """
    # The person first, as every writer of deadlines locks (cases.deadline_services).
    deadline_services.lock_people([hearing.seeker_id])
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    _refuse_if_needed(hearing)
    _delete_deadlines(hearing, by=by)
    _delete(hearing, by=by)
    deadline_services.refresh_next_file_by([hearing.seeker_id])


@transaction.atomic
def appeal_delete(*, appeal: Appeal, by: User | None) -> None:
    """Delete an appeal, motion or petition typed by mistake.

    1. Refused while another filing attacks it, a charge is recorded as put before it, or one
       of its own deadlines (e.g. the BIA brief) is marked met.
    2. Its own computed deadlines go with it.
    3. The decision it attacked (its parent appeal, else its hearing) is synced with the
       filings that remain: the deadlines this filing met or made not applicable open again
       (`Deadline.closed_by_record`), unless another filing closes them too.
    """
    deadline_services.lock_people([appeal.seeker_id])
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    _refuse_if_needed(appeal)
    _delete_deadlines(appeal, by=by)
    _delete(appeal, by=by)
    if appeal.parent_id:
        deadline_services.deadlines_sync_appeal(appeal=Appeal(pk=appeal.parent_id), by=by)
    elif appeal.hearing_id:
        deadline_services.deadlines_sync_hearing(hearing=Hearing(pk=appeal.hearing_id), by=by)
    deadline_services.refresh_next_file_by([appeal.seeker_id])


@transaction.atomic
def charge_delete(*, charge: HomeCountryCharge, by: User | None) -> None:
    """Delete a charge at home typed by mistake; its alerts go with it, as a deadline's and a
    hearing's do (they name it only by subject, so no foreign key removes them)."""
    charge = HomeCountryCharge.objects.select_for_update().get(pk=charge.pk)
    _refuse_if_needed(charge)
    subject = charge_subject(charge.pk)  # before the delete, which clears the pk
    _delete(charge, by=by)
    Alert.objects.filter(
        seeker_id=charge.seeker_id, kind=AlertKind.CHANGED_CIRCUMSTANCES, subject=subject
    ).delete()


@transaction.atomic
def contact_log_delete(*, contact: ContactLog, by: User | None) -> None:
    """Delete a contact-log line (a duplicate, the wrong person). The contact-gap alert reads
    the log at each sweep, so it follows by itself."""
    contact = ContactLog.objects.select_for_update().get(pk=contact.pk)
    _refuse_if_needed(contact)
    _delete(contact, by=by)


@transaction.atomic
def contact_person_delete(*, contact_person: ContactPerson, by: User | None) -> None:
    contact_person = ContactPerson.objects.select_for_update().get(pk=contact_person.pk)
    _refuse_if_needed(contact_person)
    _delete(contact_person, by=by)


@transaction.atomic
def document_delete(*, document: Document, by: User | None) -> None:
    """Delete a document and, once the transaction commits, its stored file (rule 4)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _refuse_if_needed(document)
    storage, name = document.file.storage, document.file.name
    _delete(document, by=by)
    if name:
        transaction.on_commit(lambda: storage.delete(name))
