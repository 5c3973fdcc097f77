"""The one shape of every editing page: form -> service -> redirect, or the form with errors.

Views of all apps call `form_page`; a service that refuses (ValidationError) shows its reason
on the form like any field error, and nothing the user typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.shortcuts import redirect, render


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(
    request,
    form: BaseForm,
    *,
    save: Callable[[dict], object],
    template: str,
    context: dict,
    success_url: str | Callable[[object], str],
    success_message: str = "",
):
    """Validate a bound form and save it through `save(cleaned_data)`, or render the page."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if success_message:
                messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form}, status=_status(request, form))


def _status(request, form: BaseForm) -> int:
    # 422 on a failed submit lets tests and tools tell "shown again with errors" from "shown".
    return 422 if request.method == "POST" and form.errors else 200


def delete_page(
    request,
    *,
    delete: Callable[[], object],
    refusals: list[str],
    context: dict,
    success_url: str,
    success_message: str,
    template: str = "includes/record_confirm_delete.html",
):
    """The confirmation page of a delete: GET shows what goes and what stops it; POST calls
    `delete()` (a service) and redirects, or shows the service's refusal on the page.

    `refusals` are the reasons known before the POST (the page offers no button then); the
    service asks again under its row lock, so a POST that meets a new reason shows it too.
    """
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {**context, "refusals": refusals}, status=status)
