"""URLs of the roll-ups report (`/bao-cao/tong-hop/`)."""

from django.urls import path

from . import rollup_views

urlpatterns = [
    path("", rollup_views.rollups_page, name="rollups"),
    path("xlsx/", rollup_views.rollups_xlsx, name="rollups_xlsx"),
    path("csv/", rollup_views.rollups_csv, name="rollups_csv"),
]
