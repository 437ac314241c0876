from django.urls import path

from loket.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new-call/", views.new_call, name="new_call"),
    path("new-call/lookup/", views.new_call_lookup, name="new_call_lookup"),
    path("new-call/caller/<int:pk>/", views.new_call_caller, name="new_call_caller"),
    path("new-call/caller/new/", views.new_call_create_caller, name="new_call_create_caller"),
    path("new-call/priority/", views.new_call_priority, name="new_call_priority"),
    path("<str:number>/", views.ticket_detail, name="detail"),
    path("<str:number>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:number>/<slug:action>/", views.ticket_action, name="action"),
]
