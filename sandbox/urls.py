from django.urls import path

from . import views

app_name = "sandbox"

urlpatterns = [
    path("", views.workspace_list, name="workspaces"),
    path("<int:ws>/", views.workspace_home, name="workspace"),
    path("<int:ws>/dong-ho/", views.advance_clock, name="advance_clock"),
    path("<int:ws>/tiep-nhan/", views.desk_intake, name="desk_intake"),
    path("<int:ws>/so-theo-doi/", views.tracking_book, name="tracking_book"),
    path("<int:ws>/cong-dan/", views.portal, name="portal"),
    path("<int:ws>/cong-dan/tra-cuu/", views.portal_track, name="portal_track"),
    path("<int:ws>/cong-dan/nop/<int:procedure>/", views.portal_apply, name="portal_apply"),
    path("<int:ws>/ho-so/<int:pk>/van-ban/<int:artefact>/", views.artefact_print, name="artefact"),
    path("<int:ws>/<slug:role>/", views.queue, name="queue"),
    path("<int:ws>/<slug:role>/ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path(
        "<int:ws>/<slug:role>/ho-so/<int:pk>/tep/<int:component>/",
        views.component_file,
        name="component_file",
    ),
]
