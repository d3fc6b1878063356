from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from training.people import views as people_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("training.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("don-vi/", people_views.unit_officers, name="unit_officers"),
    path("hoc-tap/", include("courses.urls")),
    path("bai-kiem-tra/", include("courses.quiz.urls")),
    path("thuc-hanh/thong-ke/", include("sandbox.statistics_urls")),
    path("thuc-hanh/kich-ban/", include("sandbox.scenarios.urls")),
    path("thuc-hanh/", include("sandbox.urls")),
    path("bao-cao/", include("training.reports.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
