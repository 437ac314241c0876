from django.urls import path

from loket.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("ticket/<str:number>/register", views.register, name="register"),
    path("ticket/<str:number>/answer", views.answer, name="answer"),
    path("ticket/<str:number>/follow-up", views.follow_up, name="follow_up"),
    path("ticket/<str:number>/deadline", views.deadline, name="deadline"),
]
