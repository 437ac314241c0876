from django.urls import path

from loket.macros import views

app_name = "macros"
urlpatterns = [
    path("", views.index, name="index"),
]
