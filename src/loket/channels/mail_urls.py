from django.urls import path

from loket.channels.views import mail

urlpatterns = [
    path("", mail.mail_review, name="mail_review"),
    path("<int:pk>/", mail.mail_message, name="mail_message"),
    path("<int:pk>/raw/", mail.mail_raw, name="mail_raw"),
    path("<int:pk>/ticket/", mail.mail_create_ticket, name="mail_create_ticket"),
    path("<int:pk>/handled/", mail.mail_mark_handled, name="mail_mark_handled"),
]
