from django.urls import path

from loket.portal.views import help, login, tickets

app_name = "portal"
urlpatterns = [
    path("", help.home, name="home"),
    path("kb/<int:pk>/", help.article, name="article"),
    path("kb/<int:pk>/feedback/", help.article_feedback, name="article_feedback"),
    path("login/link/", login.magic_link, name="magic_link"),
    path("login/link/<str:token>/", login.magic_login, name="magic_login"),
    path("tickets/", tickets.ticket_list, name="tickets"),
    path("tickets/new/", tickets.new_ticket, name="new_ticket"),
    path("tickets/new/suggestions/", tickets.suggestions, name="suggestions"),
    path("tickets/new/solved/", tickets.deflect, name="deflect"),
    path("tickets/<str:number>/", tickets.ticket_detail, name="ticket"),
    path("tickets/<str:number>/reply/", tickets.ticket_reply, name="reply"),
    path("tickets/<str:number>/close/", tickets.ticket_close, name="close"),
    path(
        "tickets/<str:number>/attachments/<int:pk>/",
        tickets.attachment,
        name="attachment",
    ),
]
