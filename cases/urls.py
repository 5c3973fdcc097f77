from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.seeker_list, name="seeker_list"),
    path("<str:reference>/", views.seeker_detail, name="seeker_detail"),
]
