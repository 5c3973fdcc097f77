from django.urls import path

from . import casefile_views, deadline_views, delete_views, views

app_name = "cases"

urlpatterns = [
    path("", views.seeker_list, name="seeker_list"),
    # Before "<reference>/": "closure-days" is not a case reference.
    path("closure-days/", deadline_views.closure_day_list, name="closure_day_list"),
    path(
        "closure-days/<int:pk>/delete/",
        deadline_views.closure_day_delete,
        name="closure_day_delete",
    ),
    path("new/", views.seeker_create, name="seeker_create"),
    path("<str:reference>/", views.seeker_detail, name="seeker_detail"),
    path("<str:reference>/edit/", views.seeker_update, name="seeker_update"),
    path("<str:reference>/history/", views.seeker_history, name="seeker_history"),
    path(
        "<str:reference>/hearing/<int:pk>/decision/",
        views.hearing_decision,
        name="hearing_decision",
    ),
    path(
        "<str:reference>/document/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
    *views.record_urls(),
    # Case-file PDFs (cases/casefile_views.py)
    path("casefiles/all/", casefile_views.casefile_all, name="casefile_all"),
    path("<str:reference>/casefiles/", casefile_views.casefile_list, name="casefile_list"),
    path(
        "<str:reference>/casefiles/<int:pk>/status/",
        casefile_views.casefile_status,
        name="casefile_status",
    ),
    path(
        "<str:reference>/casefiles/<int:pk>/download/",
        casefile_views.casefile_download,
        name="casefile_download",
    ),
    path(
        "<str:reference>/casefiles/<int:pk>/retry/",
        casefile_views.casefile_retry,
        name="casefile_retry",
    ),
    path("<str:reference>/deadlines/", deadline_views.seeker_deadlines, name="seeker_deadlines"),
    path("<str:reference>/deadlines/add/", deadline_views.deadline_add, name="deadline_add"),
    path("deadlines/<int:pk>/met/", deadline_views.deadline_mark_met, name="deadline_mark_met"),
    path(
        "deadlines/<int:pk>/not-applicable/",
        deadline_views.deadline_mark_not_applicable,
        name="deadline_mark_not_applicable",
    ),
    path("deadlines/<int:pk>/reopen/", deadline_views.deadline_reopen, name="deadline_reopen"),
    # Deleting a record typed by mistake (cases/delete_views.py): <kind>_delete
    *delete_views.delete_urls(),
]
