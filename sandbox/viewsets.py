"""Wagtail admin screens for the sandbox rules, grouped under "Sandbox": the procedure
catalogue (cards with their components and liên thông partners), partner agencies, the
dossier-code prefixes of the desks, the calendar overrides and the office hours.

Access follows the model permissions (`sandbox.*_procedure`, `sandbox.*_partneragency`,
`sandbox.*_unitdossiercode`, `sandbox.*_calendaroverride`, `sandbox.*_officehours`), which
`training.people.roles.ROLE_PERMISSIONS` grants to trainers; administrators hold all.
A card is never deleted from the admin (dossiers keep pointing at it): a change in the law is
a new version with a later "effective from", and the old one gets an "effective to".
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import CalendarOverride, OfficeHours, PartnerAgency, Procedure, UnitDossierCode


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


class ProcedureViewSet(ModelViewSet):
    model = Procedure
    url_prefix = "sandbox/procedures"
    icon = "list-ul"
    menu_label = _("Procedure catalogue")
    list_display = [
        "code",
        "name_vi",
        "tier",
        "level",
        "time_limit_unit",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["rule_profile", "tier", "level", "time_limit_unit", "fee_kind", "fee_verified"]
    list_export = [
        "rule_profile",
        "code",
        "name_vi",
        "name_en",
        "tier",
        "receiving_tier",
        "signer",
        "time_limit_unit",
        "time_limit_value",
        "extension_working_days",
        "fee_kind",
        "fee_amount",
        "level",
        "source_decision",
        "effective_from",
        "effective_to",
    ]
    export_filename = "danh-muc-thu-tuc"
    search_fields = ["code", "name_vi", "name_en", "field_vi", "source_decision"]
    search_backend_name = None
    ordering = ["sort_order", "code", "-effective_from"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("code"), FieldPanel("rule_profile"), FieldPanel("sort_order")]
                ),
                FieldPanel("name_vi"),
                FieldPanel("name_en"),
                FieldPanel("field_vi"),
                FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_to")]),
                FieldPanel("source_decision"),
            ],
            heading=_("Card"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tier"), FieldPanel("receiving_tier")]),
                FieldPanel("competent_unit"),
                FieldPanel("signer"),
                FieldRowPanel([FieldPanel("head_title"), FieldPanel("deputy_title")]),
                FieldPanel("result_name"),
                FieldRowPanel([FieldPanel("level"), FieldPanel("sets_count")]),
                FieldPanel("proxy_relatives_exempt"),
            ],
            heading=_("Competence and result"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit_unit"), FieldPanel("time_limit_value")]),
                FieldRowPanel(
                    [FieldPanel("same_day_cutoff_rule"), FieldPanel("online_time_limit_value")]
                ),
                FieldRowPanel([FieldPanel("extension_working_days"), FieldPanel("extension_note")]),
                FieldPanel("supplement_pauses_clock"),
                FieldPanel("financial_wait_excluded"),
                FieldPanel("pause_note"),
            ],
            heading=_("Time limit and pauses"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_kind"), FieldPanel("fee_amount")]),
                FieldRowPanel(
                    [
                        FieldPanel("fee_first_pages"),
                        FieldPanel("fee_first_page_rate"),
                        FieldPanel("fee_next_page_rate"),
                        FieldPanel("fee_cap_per_copy"),
                    ]
                ),
                FieldPanel("fee_name"),
                FieldPanel("fee_legal_basis"),
                FieldPanel("fee_verified"),
            ],
            heading=_("Fee"),
        ),
        InlinePanel("components", heading=_("Components"), label=_("Component")),
        InlinePanel("partners", heading=_("Liên thông partners"), label=_("Partner")),
        FieldPanel("note"),
    ]


class PartnerAgencyViewSet(ModelViewSet):
    model = PartnerAgency
    url_prefix = "sandbox/partners"
    icon = "group"
    menu_label = _("Partner agencies")
    list_display = ["name_vi", "code", "name_en"]
    search_fields = ["name_vi", "name_en", "code"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [FieldPanel("code"), FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("note")]


class UnitDossierCodeViewSet(ModelViewSet):
    model = UnitDossierCode
    url_prefix = "sandbox/unit-codes"
    icon = "tag"
    menu_label = _("Dossier code prefixes")
    list_display = ["unit", "code", "verified", "effective_from", "rule_profile"]
    list_filter = ["rule_profile", "verified"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("rule_profile")]),
        FieldRowPanel([FieldPanel("code"), FieldPanel("effective_from")]),
        FieldPanel("verified"),
        FieldPanel("note"),
    ]


class SandboxViewSetGroup(ViewSetGroup):
    menu_label = _("Sandbox")
    menu_icon = "folder-open-inverse"
    menu_order = 400
    items = (
        ProcedureViewSet("sandbox_procedures"),
        PartnerAgencyViewSet("sandbox_partners"),
        UnitDossierCodeViewSet("sandbox_unit_codes"),
        CalendarOverrideViewSet("sandbox_calendar_overrides"),
        OfficeHoursViewSet("sandbox_office_hours"),
    )
