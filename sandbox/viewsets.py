"""Wagtail admin screens for the sandbox rules, grouped under "Sandbox".

Access follows the model permissions (`sandbox.*_calendaroverride`, `sandbox.*_officehours`),
which `training.people.roles.ROLE_PERMISSIONS` grants to trainers; administrators hold all.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CalendarOverride, OfficeHours


class CalendarOverrideViewSet(ModelViewSet):
    model = CalendarOverride
    url_prefix = "sandbox/calendar-overrides"
    icon = "date"
    menu_label = _("Calendar overrides")
    list_display = ["date", "kind", "name", "source_document", "rule_profile"]
    list_filter = ["rule_profile", "kind"]
    list_export = ["rule_profile", "date", "kind", "name", "source_document", "effective_from"]
    export_filename = "ngay-lam-viec-dieu-chinh"
    search_fields = ["name", "source_document", "note"]
    search_backend_name = None
    ordering = ["-date"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("rule_profile")]),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("source_document"),
        FieldPanel("effective_from"),
        FieldPanel("note"),
    ]


class OfficeHoursViewSet(ModelViewSet):
    model = OfficeHours
    url_prefix = "sandbox/office-hours"
    icon = "time"
    menu_label = _("Office hours")
    list_display = [
        "__str__",
        "office_morning_start",
        "office_afternoon_end",
        "desk_morning_start",
        "desk_afternoon_end",
        "same_day_cutoff",
    ]
    list_filter = ["rule_profile"]
    search_backend_name = None
    ordering = ["rule_profile", "-effective_from"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("rule_profile"), FieldPanel("effective_from")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("office_morning_start"), FieldPanel("office_morning_end")]
                ),
                FieldRowPanel(
                    [FieldPanel("office_afternoon_start"), FieldPanel("office_afternoon_end")]
                ),
            ],
            heading=_("Office day"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("desk_morning_start"), FieldPanel("desk_morning_end")]),
                FieldRowPanel(
                    [FieldPanel("desk_afternoon_start"), FieldPanel("desk_afternoon_end")]
                ),
            ],
            heading=_("One-stop desk: receiving and returning dossiers"),
        ),
        FieldPanel("same_day_cutoff"),
        FieldPanel("after_hours_next_working_day"),
        FieldPanel("source_document"),
        FieldPanel("note"),
    ]


class SandboxViewSetGroup(ViewSetGroup):
    menu_label = _("Sandbox")
    menu_icon = "folder-open-inverse"
    menu_order = 400
    items = (
        CalendarOverrideViewSet("sandbox_calendar_overrides"),
        OfficeHoursViewSet("sandbox_office_hours"),
    )
