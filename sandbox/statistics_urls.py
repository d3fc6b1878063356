from django.urls import path

from . import statistics_views

app_name = "sandbox_stats"

urlpatterns = [
    path("", statistics_views.statistics_index, name="index"),
    path("<int:workspace_id>/", statistics_views.workspace_statistics, name="report"),
    path("<int:workspace_id>/xlsx/", statistics_views.workspace_statistics_xlsx, name="xlsx"),
]
