"""URLs of the compliance matrix, at the root of the reports (`/bao-cao/`)."""

from django.urls import path

from . import matrix_views

urlpatterns = [
    path("", matrix_views.matrix, name="matrix"),
    path("xuat-csv/", matrix_views.matrix_csv, name="matrix_csv"),
    path("xuat-xlsx/", matrix_views.matrix_xlsx, name="matrix_xlsx"),
    path("nhac-nho/", matrix_views.matrix_remind, name="matrix_remind"),
]
