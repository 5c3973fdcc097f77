from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, help_text: str = "", autofocus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        if autofocus:  # not on enrolment: a phone's keyboard would hide the QR code
            self.fields["code"].widget.attrs["autofocus"] = True


class LockoutLiftForm(forms.Form):
    username = forms.CharField(max_length=255, widget=forms.HiddenInput)
    ip_address = forms.GenericIPAddressField(widget=forms.HiddenInput)
