from django.urls import path

from loket.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new-call/", views.new_call, name="new_call"),
]
