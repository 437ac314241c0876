from django.urls import path

from loket.scenarios import views

app_name = "scenarios"
urlpatterns = [
    path("", views.index, name="index"),
]
