from django.urls import path

from loket.planning.views import recurring, ticket, today

app_name = "planning"
urlpatterns = [
    path("", today.index, name="index"),
    path("callbacks/", today.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/done/", today.callback_done, name="callback_done"),
    path("ticket/<str:number>/<slug:action>/", ticket.ticket_action, name="ticket_action"),
    path("recurring/", recurring.index, name="recurring"),
    path("recurring/new/", recurring.create, name="recurring_create"),
    path("recurring/<int:pk>/", recurring.edit, name="recurring_edit"),
    path("recurring/<int:pk>/pause/", recurring.toggle, name="recurring_toggle"),
]
