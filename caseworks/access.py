"""Who may see and do what: the one place where roles turn into access (DESIGN.md section 7).

Views, querysets, templates (through `caseworks.context_processors`) and the API all ask
this module; none compares `user.role` itself. Denial of a whole area is 403; an object of a
case the user may not see is 404, so its existence is not revealed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from simple_history.models import HistoricalChanges

from .enums import Role


class CaseScope(enum.Enum):
    ALL = "all"
    ASSIGNED = "assigned"
    NONE = "none"


def role_of(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    return Role(user.role)


def has_role(user, *roles: Role) -> bool:
    return role_of(user) in roles


def case_scope(user) -> CaseScope:
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.CASEWORKER):
        return CaseScope.ALL
    if role == Role.LAWYER:
        return CaseScope.ASSIGNED
    return CaseScope.NONE


def filter_cases(queryset: QuerySet, user, *, seeker_path: str = "") -> QuerySet:
    """Restrict `queryset` to rows of cases `user` may see.

    `seeker_path` leads from the queryset's model to AsylumSeeker ("" for the seeker itself,
    "seeker__" for a hearing). Lawyers see the cases they are assigned to, flight monitors none.
    """
    scope = case_scope(user)
    if scope is CaseScope.ALL:
        return queryset
    if scope is CaseScope.ASSIGNED:
        # A semi-join on the assignment table; for a case's records (`seeker__pk`) Django
        # compares their own seeker_id column, so the seeker table is not joined at all.
        assigned = user.lawyer_cases.through.objects.filter(user_id=user.pk)
        return queryset.filter(**{f"{seeker_path}pk__in": assigned.values("asylumseeker_id")})
    return queryset.none()


def privileged_cases_q(user, *, seeker_path: str = "") -> Q:
    """Rows of the cases whose privileged material `user` may read: a lawyer's assigned cases.

    The queryset form of `is_assigned_lawyer` below; coordinators and caseworkers match none.
    A subquery rather than a join, so it can be OR-ed into a filter without duplicating rows
    (read by `cases.models.CaseFileQuerySet.visible_to` for lawyer editions).
    """
    if not has_role(user, Role.LAWYER):
        return Q(pk__in=[])
    return Q(**{f"{seeker_path}pk__in": user.lawyer_cases.values("pk")})


def get_visible_or_404(queryset: QuerySet, user, **lookup) -> Model:
    """Fetch one case object through `visible_to(user)`; anything else is a 404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def role_required(*roles: Role) -> Callable:
    """View decorator: the user's role must be one of `roles`, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles  # read by the access-matrix test
        return wrapped

    return decorator


CASE_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.LAWYER)
FLIGHT_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.MONITOR)


# Predicates for actions on one object (django-rules), used through user.has_perm().
@rules.predicate
def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


@rules.predicate
def sees_cases(user) -> bool:
    return has_role(user, *CASE_ROLES)


@rules.predicate
def tracks_flights(user) -> bool:
    return has_role(user, *FLIGHT_ROLES)


@rules.predicate
def is_assigned_lawyer(user, seeker) -> bool:
    if seeker is None or not has_role(user, Role.LAWYER):
        return False
    return seeker.lawyers.filter(pk=user.pk).exists()


rules.add_perm("caseworks.manage_users", is_coordinator)
rules.add_perm("cases.see_cases", sees_cases)
rules.add_perm("cases.read_privileged_notes", is_assigned_lawyer)
rules.add_perm("deportation.track_flights", tracks_flights)


# Registering people and assigning staff to cases is the organization's work; lawyers work on
# the cases they are given (read by cases.views.seeker_create and cases.forms.SeekerForm).
STAFF_ROLES = (Role.COORDINATOR, Role.CASEWORKER)


def may_assign_staff(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def assignable_caseworkers() -> QuerySet:
    """Active users who may be put on a case as its caseworker."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, role__in=STAFF_ROLES)


def assignable_lawyers() -> QuerySet:
    """Active users who may be assigned to a case as its lawyer."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, role=Role.LAWYER)


# Privileged notes (attorney-client): only lawyers assigned to the case list, read and add
# them; only their author edits one. Views and templates call the two functions below, not
# user.has_perm(): has_perm() is True for any superuser, and a superuser is a coordinator here.
@rules.predicate
def is_note_author(user, note) -> bool:
    return note is not None and note.author_id == user.pk


@rules.predicate
def is_lawyer_on_notes_case(user, note) -> bool:
    return note is not None and is_assigned_lawyer(user, note.seeker)


rules.add_perm("cases.edit_privileged_note", is_note_author & is_lawyer_on_notes_case)

# Models whose rows are privileged: left out of history pages, exports and search for
# everyone but the lawyers on the case (history_models_visible_to, cases.privacy).
PRIVILEGED_MODELS = frozenset({"cases.privilegednote"})


def can_read_privileged_notes(user, seeker, *, lawyers: list | None = None) -> bool:
    """`lawyers`: the case's assigned lawyers when the caller has them loaded already (the
    person page), so the answer costs no query; the same rule as `is_assigned_lawyer`."""
    if lawyers is not None:
        return has_role(user, Role.LAWYER) and any(lawyer.pk == user.pk for lawyer in lawyers)
    return rules.has_perm("cases.read_privileged_notes", user, seeker)


def can_edit_privileged_note(user, note) -> bool:
    return rules.has_perm("cases.edit_privileged_note", user, note)


# Who a person is: names and A-numbers only for users who see the case; everyone else
# (flight monitors) sees the stable pseudonym.
def sees_person(user, seeker) -> bool:
    """Whether `user` may see `seeker`'s name and A-number.

    For lawyers this reads `seeker.lawyers.all()`, so a list view that prefetches
    `lawyers` stays at a constant number of queries.
    """
    scope = case_scope(user)
    if scope is CaseScope.ALL:
        return True
    if scope is CaseScope.ASSIGNED:
        return any(lawyer.pk == user.pk for lawyer in seeker.lawyers.all())
    return False


def person_label(user, seeker) -> str:
    """The name to show `user` for `seeker`: the Latin name, or the pseudonym (P-XXXXXX)."""
    return seeker.name_latin if sees_person(user, seeker) else seeker.pseudonym


def case_models() -> list[type[Model]]:
    """AsylumSeeker and every model with a `seeker` foreign key to it: one case's rows.

    Derived from the app registry, so a model another branch adds is covered by the
    history filter below and by the data-subject export and erasure (cases.privacy).
    """
    from django.apps import apps

    seeker_model = apps.get_model("cases", "AsylumSeeker")
    models = [seeker_model]
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue  # history rows are reached through their model's history manager
        field = next((f for f in model._meta.fields if f.name == "seeker"), None)
        if field is not None and field.related_model is seeker_model:
            models.append(model)
    return models


# Case models left out of history pages for everyone: a case file's rows are seen one by one
# (a lawyer edition only by the case's lawyers, cases.models.CaseFileQuerySet.visible_to), which
# a history page does not apply; who asked for which file is on the case-file list instead.
NOT_IN_CASE_HISTORY = frozenset({"cases.casefile"})


def case_history_models(*, privileged: bool = False) -> list[type[Model]]:
    """The case models whose audit history (django-simple-history) a case's history shows,
    AsylumSeeker first. `privileged`: with PRIVILEGED_MODELS, for the lawyers on the case.

    The one list behind every history reader: `history_models_visible_to` below, and
    cases.history (the history page and the dashboard's recent changes).
    """
    return [
        model
        for model in case_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) is not None
        and model._meta.label_lower not in NOT_IN_CASE_HISTORY
        and (privileged or model._meta.label_lower not in PRIVILEGED_MODELS)
    ]


def history_models_visible_to(user, seeker) -> list[type[Model]]:
    """The simple-history models whose rows of `seeker`'s case `user` may see.

    A case history page lists only these: privileged notes' history only for the lawyers
    on the case, nothing for users who cannot see the case. Filter AsylumSeeker's history
    by `id=seeker.pk` and the others by `seeker_id=seeker.pk`.
    """
    if not sees_person(user, seeker):
        return []
    privileged = can_read_privileged_notes(user, seeker)
    return [
        getattr(model, model._meta.simple_history_manager_attribute).model
        for model in case_history_models(privileged=privileged)
    ]


def requires_two_factor(user) -> bool:
    """Every account that can sign in passes a second factor (DESIGN.md section 7).

    Flight monitors too: their pages hold removal outcomes which, for a small diaspora,
    can identify a person even under a pseudonym. caseworks.middleware enforces it when
    settings.TWO_FACTOR_REQUIRED is on.
    """
    return role_of(user) is not None


def passed_two_factor(user) -> bool:
    """False while a signed-in user still owes the second factor of this session."""
    if not settings.TWO_FACTOR_REQUIRED or not requires_two_factor(user):
        return True
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's middleware
    return bool(is_verified and is_verified())


def may_read_privileged(user, seeker) -> bool:
    """Privileged notes, and the lawyer edition of a case file that carries them.

    Asked directly rather than through `user.has_perm()`, which says yes to every superuser:
    not even a coordinator reads attorney-client material.
    """
    return bool(is_assigned_lawyer(user, seeker))


def may_view_access_log(user) -> bool:
    """Who downloaded what (caseworks.models.AccessLog) is for coordinators."""
    return has_role(user, Role.COORDINATOR)


def case_coordinators():
    """Active coordinators: who hears about a case that has nobody assigned (cases.alerts)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role=Role.COORDINATOR) | Q(is_superuser=True))
    )


# Deportation (issue 6). Flight monitors work with removals, but only under the seeker's
# pseudonym: identity (name, A-number, date of birth, links to the case) stays with the roles
# that see the case (sees_person above).
# Roles that may link a person's removal to a flight: they see both the case and the flights.
REMOVAL_RECORD_ROLES = tuple(role for role in CASE_ROLES if role in FLIGHT_ROLES)


def filter_removals(queryset: QuerySet, user, *, seeker_path: str = "seeker__") -> QuerySet:
    """Removals `user` may see in the flight area (which shows only pseudonyms).

    Flight roles see every removal; anyone else only the removals of cases they may see.
    """
    if has_role(user, *FLIGHT_ROLES):
        return queryset
    return filter_cases(queryset, user, seeker_path=seeker_path)


def can_see_person_identity(user, seeker=None) -> bool:
    """May `user` see who a removed person is (name, A-number, case page)?

    Without `seeker`: whether the role ever may (coordinators, caseworkers, lawyers); with
    one: `sees_person`. Flight monitors never may.
    """
    if seeker is None:
        return case_scope(user) is not CaseScope.NONE
    return sees_person(user, seeker)
