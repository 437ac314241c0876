from django.urls import path

from loket.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
]
