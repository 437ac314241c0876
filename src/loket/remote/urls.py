from django.urls import path

from loket.remote import views

app_name = "remote"
urlpatterns = [
    path("", views.index, name="index"),
    path("consent/<str:token>/", views.consent_page, name="consent"),
    path("consent/<str:token>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("ticket/<str:number>/panel/", views.panel, name="panel"),
    path("ticket/<str:number>/wait/<int:consent>/", views.wait, name="wait"),
    path("ticket/<str:number>/<slug:action>/", views.ticket_action, name="action"),
    path("audit/", views.audit, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
]
