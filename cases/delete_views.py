"""Deleting a case record: a confirmation page (GET) and the delete itself (POST).

Thin like the other record views (`cases.views`): the person and the record come through
`get_visible_or_404` (another case's record is a 404), the delete through a service in
`cases.delete_services`, the page through `caseworks.editing.delete_page`. Who may delete is
who may edit: the case roles, lawyers on their own cases only, never flight monitors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from caseworks.access import CASE_ROLES, get_visible_or_404, role_required
from caseworks.editing import delete_page

from . import delete_services
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
)


def _day(value) -> str:
    return value.isoformat() if value else "—"


def _hearing_question(hearing: Hearing) -> str:
    values = {"date": _day(hearing.date), "kind": hearing.get_kind_display()}
    if hearing.judge:
        return _("Delete the hearing of %(date)s before Judge %(judge)s — %(kind)s?") % {
            **values,
            "judge": hearing.judge,
        }
    return _("Delete the hearing of %(date)s — %(kind)s?") % values


def _deadline_effects(obj: Hearing | Appeal) -> list[str]:
    count = delete_services.computed_deadline_count(obj)
    if not count:
        return []
    return [
        ngettext(
            "Its computed deadline goes with it, with its alerts.",
            "Its %(count)s computed deadlines go with it, with their alerts.",
            count,
        )
        % {"count": count}
    ]


def _appeal_question(appeal: Appeal) -> str:
    if appeal.filed_on:
        return _("Delete the %(kind)s filed on %(date)s?") % {
            "kind": appeal.get_kind_display(),
            "date": _day(appeal.filed_on),
        }
    return _("Delete the %(kind)s (not filed yet)?") % {"kind": appeal.get_kind_display()}


def _appeal_effects(appeal: Appeal) -> list[str]:
    effects = _deadline_effects(appeal)
    if appeal.parent_id or appeal.hearing_id:
        effects.append(
            _(
                "The deadlines of the decision it attacks are recomputed: those it met or made "
                "not applicable are open again, unless another filing answers them."
            )
        )
    return effects


def _contact_question(contact: ContactLog) -> str:
    when = formats.date_format(timezone.localtime(contact.occurred_at), "Y-m-d H:i")
    return _("Delete the %(channel)s with %(party)s on %(when)s (%(outcome)s)?") % {
        "channel": contact.get_channel_display(),
        "party": contact.get_party_display(),
        "when": when,
        "outcome": contact.get_outcome_display(),
    }


def _document_question(document: Document) -> str:
    return _("Delete the document “%(title)s” (%(name)s, %(size)s)?") % {
        "title": document.title,
        "name": document.original_name,
        "size": filesizeformat(document.size),
    }


@dataclass(frozen=True)
class DeleteKind:
    slug: str  # as in cases.views.RECORD_KINDS: the URL and the URL name (<slug>_delete)
    model: type[models.Model]
    delete: Callable  # the service in cases.delete_services
    arg: str  # the service's keyword for the record
    section: str  # where the person page shows the records (the redirect's anchor)
    title: str
    question: Callable[[models.Model], str]
    done: str
    effects: Callable[[models.Model], list[str]] = lambda obj: []


DELETE_KINDS = {
    kind.slug: kind
    for kind in [
        DeleteKind(
            "hearing",
            Hearing,
            delete_services.hearing_delete,
            "hearing",
            "hearings",
            gettext_lazy("Delete hearing"),
            _hearing_question,
            gettext_lazy("Hearing deleted."),
            _deadline_effects,
        ),
        DeleteKind(
            "appeal",
            Appeal,
            delete_services.appeal_delete,
            "appeal",
            "appeals",
            gettext_lazy("Delete appeal or motion"),
            _appeal_question,
            gettext_lazy("Appeal or motion deleted."),
            _appeal_effects,
        ),
        DeleteKind(
            "charge",
            HomeCountryCharge,
            delete_services.charge_delete,
            "charge",
            "charges",
            gettext_lazy("Delete charge at home"),
            lambda charge: (
                _("Delete the charge at home “%(charge)s”, learned of on %(date)s?")
                % {"charge": charge, "date": _day(charge.learned_on)}
            ),
            gettext_lazy("Charge at home deleted."),
        ),
        DeleteKind(
            "contact",
            ContactLog,
            delete_services.contact_log_delete,
            "contact",
            "contacts",
            gettext_lazy("Delete contact"),
            _contact_question,
            gettext_lazy("Contact deleted."),
        ),
        DeleteKind(
            "contact-person",
            ContactPerson,
            delete_services.contact_person_delete,
            "contact_person",
            "contact-persons",
            gettext_lazy("Delete contact person"),
            lambda person: (
                _("Delete the contact person %(name)s (%(relationship)s)?")
                % {"name": person.name, "relationship": person.get_relationship_display()}
            ),
            gettext_lazy("Contact person deleted."),
        ),
        DeleteKind(
            "document",
            Document,
            delete_services.document_delete,
            "document",
            "documents",
            gettext_lazy("Delete document"),
            _document_question,
            gettext_lazy("Document deleted."),
            lambda document: [_("The stored file is deleted too: nobody can download it again.")],
        ),
    ]
}

# The delete page of each kind of record, by model: the "Delete" button of the edit pages
# (cases.templatetags.record_delete). Detention stays are deleted in their own app.
DELETE_URL_NAMES = {
    kind.model._meta.label_lower: f"cases:{kind.slug.replace('-', '_')}_delete"
    for kind in DELETE_KINDS.values()
} | {"detention.detentionstay": "detention:stay_delete"}


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def record_delete(request, reference: str, kind: str, pk: int):
    kind = DELETE_KINDS[kind]
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    obj = get_visible_or_404(kind.model.objects.filter(seeker=seeker), request.user, pk=pk)
    obj.seeker = seeker
    name = kind.slug.replace("-", "_")
    return delete_page(
        request,
        delete=lambda: kind.delete(**{kind.arg: obj}, by=request.user),
        refusals=delete_services.refusals(obj) if request.method == "GET" else [],
        context={
            "seeker": seeker,
            "title": kind.title,
            "question": kind.question(obj),
            "effects": kind.effects(obj),
            "cancel_url": reverse(f"cases:{name}_update", args=[seeker.reference, obj.pk]),
            "deadlines_url": (
                reverse("cases:seeker_deadlines", args=[seeker.reference])
                if isinstance(obj, Hearing | Appeal)
                else ""
            ),
        },
        success_url=f"{seeker.get_absolute_url()}#{kind.section}",
        success_message=str(kind.done),
    )


def delete_urls() -> list:
    """`<slug>_delete` for every kind of record (appended to cases/urls.py)."""
    return [
        path(
            f"<str:reference>/{slug}/<int:pk>/delete/",
            record_delete,
            {"kind": slug},
            name=f"{slug.replace('-', '_')}_delete",
        )
        for slug in DELETE_KINDS
    ]
