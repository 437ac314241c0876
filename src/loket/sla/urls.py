from django.urls import path

from loket.sla import views

app_name = "sla"
urlpatterns = [
    path("sla-compliance/", views.sla_report, name="report"),
    path("sla-compliance.csv", views.sla_report_csv, name="report_csv"),
]
