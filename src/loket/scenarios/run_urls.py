"""The runner's URLs, in the ``scenarios`` namespace (see ``urls``)."""

from django.urls import path

from loket.scenarios import run_views

urlpatterns = [
    path("run/suggest/", run_views.suggest, name="suggest"),
    path("run/new-call/", run_views.start_call, name="start_call"),
    path("run/ticket/<str:number>/start/", run_views.start, name="start"),
    path("run/<int:pk>/answer/", run_views.answer, name="answer"),
    path("run/<int:pk>/leave/", run_views.leave, name="leave"),
    path("run/<int:pk>/propose/", run_views.propose, name="propose"),
]
