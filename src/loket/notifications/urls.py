from django.urls import path

from loket.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.badge, name="badge"),
    path("read/", views.mark_all_read, name="read_all"),
    path("<int:pk>/read/", views.mark_one_read, name="read"),
]
