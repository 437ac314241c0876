from django.urls import path

from loket.macros import views

app_name = "macros"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("preview/", views.preview, name="preview"),
    path("ticket/<str:number>/insert/", views.insert, name="insert"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/text/<str:language>/<str:profile>/", views.text, name="text"),
]
