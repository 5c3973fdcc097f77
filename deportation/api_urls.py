"""API routes (mounted under /api/ by caseworks.urls)."""

from django.urls import path

from .api import PublicAggregatesView

app_name = "deportation_api"

urlpatterns = [
    path("public/deportation/", PublicAggregatesView.as_view(), name="public_aggregates"),
]
