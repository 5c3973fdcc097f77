"""Form widgets shared by the apps."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A `<select>` that renders its options in one Python pass.

    Django renders every option through its own template (`select_option.html` and
    `attrs.html`): about 0.3 ms an option, so the people list's facility filter (every facility
    someone is held in, ~1,500) cost 400 ms a page. The markup is the same as Django's: the
    first matching option is selected, attributes as `flatatt` writes them. Option groups
    fall back to Django's rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        options, has_selected = [], False
        # A plain loop: list(choices) would ask a ModelChoiceIterator for its len(), a COUNT.
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and text in wanted
            has_selected |= selected
            flag = " selected" if selected else ""
            options.append(f'<option value="{escape(text)}"{flag}>{escape(str(label))}</option>')
        # Every value and label was escaped above (html.escape, as Django's escape does;
        # tests/caseworks/test_widgets.py). format_html per option would cost 10 ms a page.
        body = mark_safe("\n  ".join(options))  # noqa: S308  # nosec B308 B703
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n  {}\n</select>', name, attributes, body)
