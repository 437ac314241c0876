from django.urls import path

from loket.directory import views

app_name = "directory"
urlpatterns = [
    path("contacts/", views.contacts, name="contacts"),
    path("organisations/", views.organisations, name="organisations"),
]
