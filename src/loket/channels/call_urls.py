from django.urls import path

from loket.channels.views import calls

urlpatterns = [
    path("", calls.call_log, name="calls"),
    path("metrics/", calls.call_metrics, name="call_metrics"),
    path("metrics.csv", calls.call_metrics_csv, name="call_metrics_csv"),
    path("pop/", calls.screen_pop, name="screen_pop"),
]
