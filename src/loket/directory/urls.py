from django.urls import path

from loket.directory import views

app_name = "directory"
urlpatterns = [
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
