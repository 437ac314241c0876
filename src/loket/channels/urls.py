from django.urls import include, path

app_name = "channels"

urlpatterns = [
    path("mail/", include("loket.channels.mail_urls")),
    path("calls/", include("loket.channels.call_urls")),
]
