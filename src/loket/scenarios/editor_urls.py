from django.urls import path

from loket.scenarios import views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/settings/", views.settings, name="settings"),
    path("<int:pk>/active/", views.activate, name="activate"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/editor/", views.editor, name="editor"),
    path("<int:pk>/editor/steps/", views.add_step, name="add_step"),
    path("<int:pk>/editor/steps/<slug:step_id>/", views.update_step, name="update_step"),
    path(
        "<int:pk>/editor/steps/<slug:step_id>/<str:action>/",
        views.step_action,
        name="step_action",
    ),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/proposals/", views.proposals, name="proposals"),
    path(
        "<int:pk>/proposals/<int:proposal_pk>/",
        views.handle_proposal,
        name="handle_proposal",
    ),
    path("<int:pk>/statistics/", views.stats, name="stats"),
]
