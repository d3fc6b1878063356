"""Officer-facing URLs of practice scenarios, mounted at /thuc-hanh/kich-ban/ (namespace
"scenarios"). The scenario page itself (briefing, start) is `ScenarioPage`, served by Wagtail."""

from django.urls import path

from . import views

app_name = "scenarios"

urlpatterns = [
    path("<int:pk>/", views.attempt_detail, name="attempt"),
    path("<int:pk>/nop-bai/", views.attempt_submit_view, name="submit"),
    path("<int:pk>/lam-lai/", views.attempt_reset_view, name="reset"),
    path("<int:pk>/ket-qua/", views.attempt_result, name="result"),
]
