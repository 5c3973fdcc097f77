"""Privacy pages of a case. No app_name: caseworks/urls.py joins these patterns into the
`cases` namespace (cases:privileged_notes, cases:seeker_access_log, ...). Every path ends in
a fixed word, so none of them shadows a page of cases/urls.py.
"""

from django.urls import path

from . import views_privacy as views

urlpatterns = [
    path("review/retention/", views.retention_review, name="retention_review"),
    path("<str:reference>/privileged-notes/", views.privileged_notes, name="privileged_notes"),
    path(
        "<str:reference>/privileged-notes/<int:pk>/edit/",
        views.privileged_note_edit,
        name="privileged_note_edit",
    ),
    path("<str:reference>/access-log/", views.seeker_access_log, name="seeker_access_log"),
    path("<str:reference>/data-export/", views.seeker_export, name="seeker_export"),
    path(
        "<str:reference>/data-export/<int:pk>/download/",
        views.seeker_export_download,
        name="seeker_export_download",
    ),
    path("<str:reference>/erase/", views.seeker_erase, name="seeker_erase"),
]
