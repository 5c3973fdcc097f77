"""`{% row_url %}`: the URL of one row's record in a long list, without a reverse() per row."""

from django import template
from django.urls import reverse

register = template.Library()

# Stands for the row's id in the URL reversed once per list; long enough that no case
# reference (the other argument) can contain it.
_MARKER = 8_642_097_531_086_420_975


@register.simple_tag(takes_context=True)
def row_url(context, name: str, reference: str, pk: int) -> str:
    """`{% row_url 'cases:contact_update' seeker.reference contact.pk %}` is
    `{% url 'cases:contact_update' seeker.reference contact.pk %}` for URLs of the form
    <reference>/.../<pk>/...: reversed once per template render with a marker for the id,
    which each row replaces. A person page has ~350 such links (10 ms of reverse() calls).
    """
    cache = context.render_context.setdefault(__name__, {})
    key = (name, reference)
    if key not in cache:
        cache[key] = reverse(name, args=[reference, _MARKER]).split(str(_MARKER))
    before, after = cache[key]
    return f"{before}{int(pk)}{after}"
