"""`{% record_delete_url obj seeker %}`: the delete page of a case record, "" when it has none.

Read by templates/includes/record_form.html, the page every record's edit form shares, for
its "Delete" button (cases.delete_views, detention.views.stay_delete).
"""

from django import template
from django.urls import reverse

from cases.delete_views import DELETE_URL_NAMES

register = template.Library()


@register.simple_tag
def record_delete_url(obj, seeker) -> str:
    meta = getattr(obj, "_meta", None)
    name = DELETE_URL_NAMES.get(meta.label_lower) if meta is not None else None
    if name is None or not obj.pk or not seeker:
        return ""
    return reverse(name, args=[seeker.reference, obj.pk])
