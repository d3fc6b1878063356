"""Officer-facing attempt URLs, mounted at /bai-kiem-tra/ (namespace "quiz")."""

from django.urls import path

from . import views

app_name = "quiz"

urlpatterns = [
    path("lam-bai/<int:pk>/", views.attempt_take, name="take"),
    path("lam-bai/<int:pk>/luu/", views.attempt_autosave, name="autosave"),
    path("lam-bai/<int:pk>/nop-bai/", views.attempt_summary, name="summary"),
    path("ket-qua/<int:pk>/", views.attempt_review, name="review"),
]
