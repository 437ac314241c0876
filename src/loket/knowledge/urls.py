from django.urls import path

from loket.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("requests/", views.requests, name="requests"),
    path("from-ticket/<str:number>/", views.from_ticket, name="from_ticket"),
    path("request/<str:number>/", views.request_article, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("<int:pk>/versions/<int:number>/restore/", views.restore, name="restore"),
    path("<int:pk>/attachments/", views.upload, name="upload"),
    path("<int:pk>/attachments/<int:item>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.action, name="action"),
]
