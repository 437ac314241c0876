from django.urls import path

from loket.checklists import ticket_views, views

app_name = "checklists"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/items/<int:item_id>/edit/", views.edit_item, name="edit_item"),
    path("<int:pk>/items/<int:item_id>/move/", views.move_item, name="move_item"),
    path("<int:pk>/items/<int:item_id>/remove/", views.remove_item, name="remove_item"),
    path("ticket/<str:number>/add/", ticket_views.add, name="add"),
    path("ticket/<str:number>/start/", ticket_views.start, name="start"),
    path("ticket/<str:number>/ensure/", ticket_views.ensure, name="ensure"),
    path("ticket/<str:number>/items/<int:item_id>/", ticket_views.tick, name="tick"),
    path("ticket/<str:number>/<int:checklist_id>/remove/", ticket_views.remove, name="remove"),
]
