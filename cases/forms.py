"""Forms of the case screens. They parse and validate; saving is the services' job.

Every form's `cleaned_data` is passed as keyword arguments to the matching service in
`cases.services` (see `cases.views.RECORD_KINDS`), so field names are the model's names.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caseworks import access

from . import enums
from .identifiers import normalize_a_number
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
)
from .uploads import ACCEPT, check_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _date_widgets(*names) -> dict:
    return {name: DateInput() for name in names}


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class SeekerForm(forms.ModelForm):
    """Register or edit a person. The A-number may be typed in any common spelling."""

    a_number = forms.CharField(
        label=_("A-number"),
        required=False,
        max_length=20,
        help_text=_("Any spelling: A-123-456-789, 123456789, or 8 digits without the zero."),
        error_messages={"unique": _("A person with this A-number is already registered.")},
    )
    caseworkers = UserChoiceField(
        label=_("Caseworkers"),
        queryset=access.assignable_caseworkers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lawyers = UserChoiceField(
        label=_("Lawyers"),
        queryset=access.assignable_lawyers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AsylumSeeker
        fields = [
            "name_latin",
            "name_original",
            "aliases",
            "date_of_birth",
            "nationality",
            "languages",
            "home_region",
            "home_city",
            "a_number",
            "entry_date",
            "entry_place",
            "entry_method",
            "asylum_application_filed_on",
            "custody_status",
            "caseworkers",
            "lawyers",
            "external_counsel",
            "notes",
            "closed_on",
        ]
        widgets = {
            **_date_widgets(
                "date_of_birth", "entry_date", "asylum_application_filed_on", "closed_on"
            ),
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not access.may_assign_staff(user):
            # Lawyers work on the cases they are given; staff decide who works on what.
            del self.fields["caseworkers"], self.fields["lawyers"]
        if self.instance.pk is None:
            del self.fields["closed_on"]
        elif self.instance.a_number:
            self.initial["a_number"] = self.instance.a_number_display

    def clean_a_number(self):
        raw = self.cleaned_data["a_number"].strip()
        return normalize_a_number(raw) if raw else None


class SeekerCreateForm(SeekerForm):
    confirm_duplicates = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label=_("Save anyway")
    )


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "relationship", "phone", "email", "address", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class HearingForm(forms.ModelForm):
    class Meta:
        model = Hearing
        fields = [
            "kind",
            "date",
            "time",
            "court",
            "judge",
            "interpreter_language",
            "represented",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class DecisionForm(forms.ModelForm):
    """Record a judge's decision on a hearing (`cases.services.hearing_record_decision`)."""

    class Meta:
        model = Hearing
        fields = [
            "outcome",
            "decision_date",
            "service_method",
            "served_on",
            "credibility",
            "voluntary_departure_days",
        ]
        widgets = {"decision_date": DateInput(), "served_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].required = True
        self.fields["outcome"].choices = [
            c for c in enums.HearingOutcome.choices if c[0] != enums.HearingOutcome.PENDING
        ]
        if not self.initial.get("decision_date"):
            self.initial["decision_date"] = self.instance.date

    def clean(self):
        data = super().clean()
        method = data.get("service_method")
        if method in (enums.ServiceMethod.MAILED, enums.ServiceMethod.ELECTRONIC) and not data.get(
            "served_on"
        ):
            self.add_error(
                "served_on",
                _("A written decision counts from the day it was mailed or served; enter it."),
            )
        return data


class _CaseChildForm(forms.ModelForm):
    """A record that may point at other records of the same case, and only those."""

    def __init__(self, *args, seeker: AsylumSeeker, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name in self.case_scoped:
                field.queryset = field.queryset.filter(seeker=seeker)

    case_scoped: tuple[str, ...] = ()


class AppealForm(_CaseChildForm):
    case_scoped = ("hearing", "parent")

    class Meta:
        model = Appeal
        fields = [
            "kind",
            "hearing",
            "parent",
            "filed_on",
            "court",
            "circuit",
            "briefing_schedule_on",
            "brief_extension_days",
            "changed_circumstances",
            "outcome",
            "decided_on",
            "served_on",
            "notes",
        ]
        widgets = {
            **_date_widgets("filed_on", "briefing_schedule_on", "decided_on", "served_on"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brief_extension_days"].required = False  # empty = no extension
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


    def clean_brief_extension_days(self):
        return self.cleaned_data.get("brief_extension_days") or 0


class ChargeForm(_CaseChildForm):
    case_scoped = ("in_record_hearing", "in_record_appeal")

    class Meta:
        model = HomeCountryCharge
        fields = [
            "country",
            "statute",
            "statute_text",
            "status",
            "description",
            "opened_on",
            "learned_on",
            "learned_from",
            "max_penalty",
            "in_record_hearing",
            "in_record_appeal",
        ]
        widgets = {
            **_date_widgets("opened_on", "learned_on"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "max_penalty": _("Left empty, it is taken from the statute."),
            "in_record_hearing": _("Empty = the judge never saw it."),
        }

    def clean(self):
        data = super().clean()
        if not data.get("statute") and not data.get("statute_text"):
            self.add_error("statute", _("Choose the statute from the list, or type it below."))
        return data


class ContactLogForm(forms.ModelForm):
    """Log a call, visit or message, including one that did not get through."""

    class Meta:
        model = ContactLog
        fields = ["outcome", "party", "channel", "occurred_at", "notes"]
        widgets = {
            "outcome": forms.RadioSelect,
            "occurred_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = enums.ContactOutcome.choices  # no blank radio
        if self.instance.pk is None:
            self.initial.setdefault("party", enums.ContactParty.CLIENT)
            self.initial.setdefault("channel", enums.ContactChannel.CALL)
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_occurred_at(self):
        moment = self.cleaned_data["occurred_at"]
        if moment > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("A contact cannot be logged in the future."))
        return moment


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "file",
            "title",
            "kind",
            "language",
            "document_date",
            "translation_status",
            "include_in_casefile",
        ]
        widgets = {
            "document_date": DateInput(),
            "file": forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["file"]  # the stored evidence never changes; upload a new one

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
