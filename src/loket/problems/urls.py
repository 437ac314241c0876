from django.urls import path

from loket.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("frequent/", views.frequent, name="frequent"),
    path("link/", views.link, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
]
