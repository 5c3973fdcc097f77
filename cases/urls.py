from django.urls import path

from . import deadline_views, views

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
    path("<str:reference>/", views.seeker_detail, name="seeker_detail"),
    path("<str:reference>/deadlines/", deadline_views.seeker_deadlines, name="seeker_deadlines"),
    path("<str:reference>/deadlines/add/", deadline_views.deadline_add, name="deadline_add"),
    path("deadlines/<int:pk>/met/", deadline_views.deadline_mark_met, name="deadline_mark_met"),
    path(
        "deadlines/<int:pk>/not-applicable/",
        deadline_views.deadline_mark_not_applicable,
        name="deadline_mark_not_applicable",
    ),
    path("deadlines/<int:pk>/reopen/", deadline_views.deadline_reopen, name="deadline_reopen"),
]
