from django.urls import path

from loket.checklists import views

app_name = "checklists"
urlpatterns = [
    path("", views.index, name="index"),
]
