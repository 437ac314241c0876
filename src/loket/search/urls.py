from django.urls import path

from loket.search import views

app_name = "search"
urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
    path(
        "tickets/<int:ticket_id>/articles/<int:article_id>/send/",
        views.send_article,
        name="send_article",
    ),
    path(
        "tickets/<int:ticket_id>/articles/<int:article_id>/link/",
        views.link_article,
        name="link_article",
    ),
    path(
        "tickets/<int:ticket_id>/problems/<int:problem_id>/link/",
        views.link_problem,
        name="link_problem",
    ),
]
