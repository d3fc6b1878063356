"""URLs of the officers' transcripts (`/bao-cao/hoc-ba/`)."""

from django.urls import path, re_path

from . import transcript_views

urlpatterns = [
    path("", transcript_views.transcripts, name="transcripts"),
    path("<int:officer_id>/", transcript_views.transcript, name="transcript"),
    path("<int:officer_id>/pdf/", transcript_views.transcript_pdf_view, name="transcript_pdf"),
    re_path(
        r"^(?P<officer_id>[0-9]+)/(?P<file_format>xlsx|csv)/$",
        transcript_views.transcript_export,
        name="transcript_export",
    ),
]
