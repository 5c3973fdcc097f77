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
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

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
        return queryset.filter(Q(**{f"{seeker_path}lawyers": user}))
    return queryset.none()


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


# Deportation (issue 6). Flight monitors work with removals, but only under the seeker's
# pseudonym: identity (name, A-number, date of birth, links to the case) stays with the roles
# that see the case.
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
    one: whether this person's case is visible to `user`. Flight monitors never may.
    """
    scope = case_scope(user)
    if scope is CaseScope.ALL:
        return True
    if scope is CaseScope.ASSIGNED:
        return seeker is None or is_assigned_lawyer(user, seeker)
    return False
