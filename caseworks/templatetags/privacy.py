"""Template helpers for who may see what; the rules themselves live in caseworks.access."""

from datetime import timedelta

from django import template
from django.apps import apps

from caseworks import access

register = template.Library()


@register.simple_tag(takes_context=True)
def person_label(context, seeker) -> str:
    """`{% person_label seeker %}`: the name for users who see the case, else the pseudonym."""
    return access.person_label(context["request"].user, seeker)


@register.filter
def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


@register.simple_tag(takes_context=True)
def can_read_privileged_notes(context, seeker, lawyers=None) -> bool:
    """`{% can_read_privileged_notes seeker [lawyers] as show %}`: only the lawyers on the
    case; pass the case's lawyers where the page has loaded them (no query then)."""
    loaded = lawyers if isinstance(lawyers, list) else None
    return access.can_read_privileged_notes(context["request"].user, seeker, lawyers=loaded)


@register.filter
def record_kind(label: str) -> str:
    """ "caseworks.DataExport" -> "data-subject export" (the access log's object type)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
