from django.urls import path

from . import views

app_name = "detention"

urlpatterns = [
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/<str:code>/", views.facility_detail, name="facility_detail"),
]
