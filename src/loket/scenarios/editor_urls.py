from django.urls import path

from loket.scenarios import views

urlpatterns = [
    path("", views.index, name="index"),
]
