"""Forms for deadlines, closure days and alert settings. Labels on every field; errors in
plain words; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ClosureDay


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeadlineMetForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Filed (received) on"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date it was filed.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"completed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DeadlineNotApplicableForm(forms.Form):
    note = forms.CharField(
        label=_("Why it does not apply"),
        required=False,
        max_length=500,
        help_text=_("Optional, e.g. 'appeal waived'."),
    )


class ReopenForm(forms.Form):
    """No fields: reopening needs nothing but the click."""


class ManualDeadlineForm(forms.Form):
    title = forms.CharField(
        label=_("What is due"),
        max_length=200,
        help_text=_("E.g. 'BIA brief, extended' or 'Evidence to the court'."),
        error_messages={"required": _("Say what is due.")},
    )
    due_date = forms.DateField(
        label=_("Legal due date"),
        widget=DateInput(),
        error_messages={"required": _("Enter the due date.")},
    )
    file_by = forms.DateField(
        label=_("File by"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for the last business day on or before the due date."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        due, file_by = data.get("due_date"), data.get("file_by")
        if due and file_by and file_by > due:
            self.add_error("file_by", _("'File by' cannot be after the legal due date."))
        return data


class ClosureDayForm(forms.ModelForm):
    class Meta:
        model = ClosureDay
        fields = ["date", "reason"]
        widgets = {"date": DateInput()}
        labels = {"date": _("Day the court or Board was closed"), "reason": _("Reason")}
        help_texts = {"reason": _("E.g. 'Weather closure, Imperial Immigration Court'.")}
        error_messages = {
            "date": {"unique": _("This day is already a closure day.")},
            "reason": {"required": _("Say why it was closed.")},
        }


class EmailAlertsForm(forms.Form):
    email_alerts = forms.BooleanField(
        label=_("Email me alerts as well"),
        required=False,
        help_text=_(
            "Alerts always appear under Notifications. Emails name only the case reference."
        ),
    )
