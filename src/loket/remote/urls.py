from django.urls import path

from loket.remote import views

app_name = "remote"
urlpatterns = [
    path("", views.index, name="index"),
]
