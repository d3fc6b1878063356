from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


class RosterImportMenuItem(MenuItem):
    """Shown only to users who may import rosters (HR)."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_urls")
def register_roster_urls():
    urls = [
        path("", admin_views.RosterUploadView.as_view(), name="upload"),
        path("template/", admin_views.RosterTemplateView.as_view(), name="template"),
        path("<int:pk>/", admin_views.RosterPreviewView.as_view(), name="preview"),
        path("<int:pk>/commit/", admin_views.RosterCommitView.as_view(), name="commit"),
        path("<int:pk>/cancel/", admin_views.RosterCancelView.as_view(), name="cancel"),
        path("<int:pk>/result/", admin_views.RosterResultView.as_view(), name="result"),
    ]
    return [path("roster-import/", include((urls, "people_roster"), namespace="people_roster"))]


@hooks.register("register_admin_menu_item")
def register_roster_menu_item():
    return RosterImportMenuItem(
        _("Roster import"),
        reverse("people_roster:upload"),
        name="roster-import",
        icon_name="upload",
        order=310,
    )
