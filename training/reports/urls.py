"""Reports for HR and leaders (`/bao-cao/`): each part has its own URL module."""

from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("training.reports.matrix_urls")),
    path("tong-hop/", include("training.reports.rollup_urls")),
    path("hoc-ba/", include("training.reports.transcript_urls")),
]
