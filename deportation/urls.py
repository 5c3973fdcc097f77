from django.urls import path

from .views import dashboard, flights, imports, public, removals

app_name = "deportation"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("flights/", flights.flight_list, name="flight_list"),
    path("flights/new/", flights.flight_create, name="flight_create"),
    path("flights/search/", removals.flight_search, name="flight_search"),
    path("flights/<int:pk>/", flights.flight_detail, name="flight_detail"),
    path("flights/<int:pk>/edit/", flights.flight_update, name="flight_update"),
    path("flights/<int:pk>/delete/", flights.flight_delete, name="flight_delete"),
    path("airports/", flights.airport_list, name="airport_list"),
    path("airports/new/", flights.airport_create, name="airport_create"),
    path("airports/search/", flights.airport_search, name="airport_search"),
    path("removals/", removals.removal_list, name="removal_list"),
    # Linked from the person page (cases app): record this person's removal.
    path("removals/record/<str:reference>/", removals.removal_create, name="removal_create"),
    path("removals/<int:pk>/", removals.removal_detail, name="removal_detail"),
    path("removals/<int:pk>/edit/", removals.removal_update, name="removal_update"),
    path("removals/<int:pk>/delete/", removals.removal_delete, name="removal_delete"),
    path("removals/<int:pk>/follow-up/", removals.follow_up_create, name="follow_up_create"),
    path("imports/", imports.import_create, name="import_create"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/import/", imports.import_repeat, name="import_repeat"),
    # Public (no login): aggregate figures with small-number suppression.
    path("public/", public.public_figures, name="public_figures"),
    path("public/figures.csv", public.public_figures_csv, name="public_figures_csv"),
    path("public/figures.json", public.public_figures_json, name="public_figures_json"),
]
