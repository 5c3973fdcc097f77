from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PrivilegedNote


class PrivilegedNoteForm(forms.ModelForm):
    class Meta:
        model = PrivilegedNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class EraseConfirmForm(forms.Form):
    """Erasure cannot be undone: the coordinator types the case reference to confirm."""

    reference = forms.CharField(
        label=_("Type the case reference to confirm"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_reference(self) -> str:
        typed = self.cleaned_data["reference"].strip().upper()
        if typed != self.expected:
            raise forms.ValidationError(_("That is not this case's reference. Nothing was erased."))
        return typed
