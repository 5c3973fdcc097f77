from django.urls import path

from . import views

app_name = "deportation"

urlpatterns = [
    path("flights/", views.flight_list, name="flight_list"),
    path("flights/<int:pk>/", views.flight_detail, name="flight_detail"),
]
