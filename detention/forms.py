"""Detention forms: a stay, and the one-form transfer. Facilities are picked by searching."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput

from .models import DetentionStay, Facility


def facility_label(facility: Facility) -> str:
    """What the facility search offers and the field accepts back: the code comes first."""
    place = ", ".join(filter(None, [facility.city.title(), facility.state]))
    return f"{facility.code} — {facility.name.title()}" + (f" ({place})" if place else "")


class FacilityInput(forms.TextInput):
    """A text box whose suggestions come from `detention:facility_search` as the user types.

    htmx fills the `<datalist>` (templates/detention/facility_options.html), so a phone never
    loads 1,478 options; without JavaScript the location code can be typed directly.
    """

    template_name = "detention/widgets/facility_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("detention:facility_search"),
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-swap": "innerHTML",
                **(attrs or {}),
            }
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["attrs"]["hx-target"] = f"#{list_id}"
        context["list_id"] = list_id
        return context

    def format_value(self, value):
        if isinstance(value, Facility):
            return facility_label(value)
        if isinstance(value, int):
            facility = Facility.objects.filter(pk=value).first()
            return facility_label(facility) if facility else ""
        return super().format_value(value)


class FacilityField(forms.Field):
    widget = FacilityInput
    default_error_messages = {
        "unknown": _(
            "No facility has the code “%(code)s”. Type part of the name, city or code and pick "
            "one from the suggestions."
        ),
    }

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        # Before the query: PostgreSQL refuses a NUL byte in a parameter (a 500, not an error).
        ProhibitNullCharactersValidator()(text)
        code = text.split("—", 1)[0].split()[0].upper()
        facility = Facility.objects.filter(code=code).first()
        if facility is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            )
        return facility


class StayForm(forms.ModelForm):
    facility = FacilityField(label=_("Facility"))

    class Meta:
        model = DetentionStay
        fields = [
            "facility",
            "started_on",
            "ended_on",
            "end_reason",
            "transfer_reason",
            "transfer_notice_given",
        ]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new stay starts a detention; leaving it and transfers have their own actions.
            for name in ("ended_on", "end_reason", "transfer_reason", "transfer_notice_given"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("ended_on") and not data.get("end_reason"):
            self.add_error("end_reason", _("Say how the stay ended."))
        return data


class TransferForm(forms.Form):
    """Record a transfer (`detention.services.stay_transfer`) in one step."""

    facility = FacilityField(label=_("New facility"))
    on = forms.DateField(label=_("Date of the transfer"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("As given by ICE or the person, e.g. “bed space”."),
    )
    notice_given = forms.NullBooleanField(
        label=_("Was notice of the transfer given?"),
        required=False,
        widget=forms.RadioSelect(
            choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.initial.setdefault("notice_given", "unknown")

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("A transfer cannot be recorded before it happens."))
        return on
