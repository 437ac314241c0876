"""Scenario pages: the runner's actions on a ticket (``run_urls``) and the scenarios'
list, editor, proposals and statistics (``editor_urls``)."""

from loket.scenarios.editor_urls import urlpatterns as editor_patterns
from loket.scenarios.run_urls import urlpatterns as run_patterns

app_name = "scenarios"
urlpatterns = run_patterns + editor_patterns
