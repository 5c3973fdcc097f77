"""Public downloads of the aggregate figures, and the API's documentation page.

The CSV and JSON downloads need no login (@login_not_required): they carry only
deportation.aggregates' suppressed figures, never a person-level row.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

from caseworks.exports import csv_response

from ..aggregates import CSV_HEADER, public_aggregates
from ..enums import ArrivalOutcome


def _filename(extension: str) -> str:
    return f"deportation-figures-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_not_required
@require_GET
def public_figures(request):
    figures = public_aggregates(today=timezone.localdate())
    labels = dict(ArrivalOutcome.choices)
    people = [
        {**row, "outcome": labels.get(row["outcome"], row["outcome"])} for row in figures.people
    ]
    return render(
        request, "deportation/public_figures.html", {"figures": figures, "people": people}
    )


@login_not_required
@require_GET
def public_figures_csv(request):
    figures = public_aggregates(today=timezone.localdate())
    return csv_response(_filename("csv"), CSV_HEADER, figures.csv_rows())


@login_not_required
@require_GET
def public_figures_json(request):
    figures = public_aggregates(today=timezone.localdate())
    response = HttpResponse(
        json.dumps(figures.as_dict(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


@require_GET
def api_docs(request):
    """The OpenAPI schema as a readable page: served by the app, no CDN (login required)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {
            "path": path,
            "method": method.upper(),
            "description": operation.get("description", ""),
            # drf-spectacular lists {} among the security options of an AllowAny view.
            "public": {} in operation.get("security", []),
        }
        for path, methods in schema.get("paths", {}).items()
        for method, operation in methods.items()
    ]
    shapes = [
        (name, _fields(component))
        for name, component in schema.get("components", {}).get("schemas", {}).items()
    ]
    return render(
        request,
        "deportation/api_docs.html",
        {"info": schema.get("info", {}), "operations": operations, "shapes": shapes},
    )


def _fields(component: dict) -> list[tuple[str, str, str]]:
    """(field, type, meaning) rows of a schema component; an enum is one row of its values."""
    if "enum" in component:
        return [("", _type_text(component), component.get("description", ""))]
    return [
        (field, _type_text(spec), spec.get("description", ""))
        for field, spec in component.get("properties", {}).items()
    ]


def _type_text(spec: dict) -> str:
    if "allOf" in spec:
        return " & ".join(_type_text(part) for part in spec["allOf"])
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in spec:
        return " | ".join(_type_text(option) for option in spec["oneOf"])
    if spec.get("type") == "array":
        return f"[{_type_text(spec.get('items', {}))}]"
    if "enum" in spec:
        return " | ".join(f"'{value}'" for value in spec["enum"])
    return spec.get("format") or spec.get("type", "")
