from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .scope import can_view_reports
from .services import REMINDER_SENT


class ReportsMenuItem(MenuItem):
    """A link from the admin to the front-end reports, for HR and administrators."""

    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Training reports"),
        reverse_lazy("reports:matrix"),
        name="training-reports",
        icon_name="table",
        order=320,
    )


@hooks.register("register_log_actions")
def register_reminder_log_action(actions) -> None:
    actions.register_action(
        REMINDER_SENT, _("Reports: reminder sent"), _("Reminder e-mail sent from the matrix")
    )
