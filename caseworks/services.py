"""Writes to users and the shared helpers every app's services use."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models, transaction

from .enums import Role
from .models import User


def record_save(obj: models.Model, *, by: User | None = None, update_fields=None) -> models.Model:
    """Validate and save one row, attributing the audit-history entry to `by`.

    Every service saves through here, so no row skips `full_clean()` (the database
    constraints are checked with readable messages before the INSERT) and no history row
    lacks its author when there is one.
    """
    obj.full_clean()
    if by is not None:
        obj._history_user = by
    obj.save(update_fields=update_fields)
    return obj


@transaction.atomic
def user_set_role(*, user: User, role: Role) -> User:
    """Give `user` exactly the group of `role`; coordinators get the admin site."""
    user.role = role
    user.is_staff = role == Role.COORDINATOR
    user.save(update_fields=["role", "is_staff"])
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    role: Role,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user_set_role(user=user, role=role)


def apply_changes(obj: models.Model, fields: dict) -> list[str]:
    """Set the fields of `obj` that differ from `fields`; return their names.

    An empty list means nothing changed: services return early instead of saving (and
    writing an audit row) for nothing.
    """
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed
