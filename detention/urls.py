from django.urls import path

from . import views

app_name = "detention"

urlpatterns = [
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/search/", views.facility_search, name="facility_search"),
    path("facilities/<str:code>/", views.facility_detail, name="facility_detail"),
    path("cases/<str:reference>/stay/new/", views.stay_create, name="stay_create"),
    path("cases/<str:reference>/stay/<int:pk>/edit/", views.stay_update, name="stay_update"),
    path("cases/<str:reference>/stay/<int:pk>/delete/", views.stay_delete, name="stay_delete"),
    path("cases/<str:reference>/transfer/", views.stay_transfer, name="stay_transfer"),
]
