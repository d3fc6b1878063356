from django.urls import include, path

app_name = "courses"

urlpatterns = [
    path("", include("courses.dashboard_urls")),
    path("chung-chi/", include("courses.certificate_urls")),
    path("tim-kiem/", include("courses.search_urls")),
]
