from django.contrib import admin
from django.urls import include, path

from loket.api.api import api
from loket.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", core_views.logout_view, name="logout"),
    path("language/", core_views.set_language, name="set_language"),
    path("tickets/", include("loket.tickets.urls")),
    path("directory/", include("loket.directory.urls")),
    path("notifications/", include("loket.notifications.urls")),
    path("reports/", include("loket.sla.urls")),
    path("kb/", include("loket.knowledge.urls")),
    path("problems/", include("loket.problems.urls")),
    path("portal/", include("loket.portal.urls")),
    path("search/", include("loket.search.urls")),
    path("scenarios/", include("loket.scenarios.urls")),
    path("checklists/", include("loket.checklists.urls")),
    path("canned-answers/", include("loket.macros.urls")),
    path("remote/", include("loket.remote.urls")),
    path("complaints/", include("loket.complaints.urls")),
    path("today/", include("loket.planning.urls")),
    path("", include("loket.channels.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
