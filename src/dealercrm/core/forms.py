"""Form helpers shared by every app: service errors onto fields, htmx inline validation, a styled widget set."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put each message of a service's ValidationError next to its field (or on top when the form lacks it)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def field_errors(request: HttpRequest, form: forms.BaseForm) -> HttpResponse:
    """htmx: validate the whole form, answer with the errors of the field that changed."""
    name = request.headers.get("HX-Trigger-Name", "")
    form.is_valid()
    return render(request, "core/_field_errors.html", {"errors": form.errors.get(name, [])})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
