"""The sandbox's data: the rules administrators and trainers maintain (working calendar,
procedure catalogue, dossier-code prefixes) and the practice data of each workspace
(dossiers, their components, pauses, consultations, events and issued documents).

Every rule carries a rule profile (`dossier-workflow.md` §0: A until 20/6/2018, B until
30/6/2025, C after) and the date it took effect, so that later profiles can be added beside
B and a dossier keeps the rules in force on its receipt date. Computation lives elsewhere
(`sandbox.calendar`, `sandbox.procedures`, `sandbox.fees`); every write to workspace data goes
through `sandbox.services`. Every workspace row has a `workspace` foreign key and goes with it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from training.people.roles import Role, user_roles

from .calendar import DEFAULT_HOURS, VN_TZ, OfficeHoursRule, Override, OverrideKind
from .fees import FeeStatus
from .procedures import CardRules, ComponentForm, FeeKind, OnlineLevel, Tier, TimeLimitUnit
from .workflow import (
    APOLOGY_STATUSES,
    CLOCK_RUNNING,
    NATIONAL_CODES,
    RECEIVED,
    RESOLVED_STATUSES,
    WITH_DRAFT,
    Action,
    ActorRole,
    Status,
    queue_statuses,
)

# TT 01/2018/TT-VPCP Điều 19: the unit part V1V2V3.Z1Z2.Y1Y2.MX1X2 of a dossier code.
UNIT_CODE_RE = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"


class RuleProfile(models.TextChoices):
    A = "A", _("A: QĐ 09/2015/QĐ-TTg (until 20/06/2018)")
    B = "B", _("B: NĐ 61/2018/NĐ-CP (21/06/2018 – 30/06/2025)")
    C = "C", _("C: NĐ 118/2025/NĐ-CP (from 01/07/2025)")


class CalendarOverride(models.Model):
    """A correction to `holidays.Vietnam` for one date, with the document that decides it.

    The package misses days off granted by a government dispatch (02/01/2026), make-up
    Saturdays it was not told about (10/01/2026), and lists days the sandbox does not count.
    `effective_from` is the issue date of the source document where known: a replay "as of"
    an earlier date leaves the entry out.
    """

    rule_profile = models.CharField(
        _("rule profile"), max_length=1, choices=RuleProfile.choices, default=RuleProfile.B
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OverrideKind.choices,
        help_text=_(
            "Extra day off: a weekday off that the holiday list misses. Make-up working day: "
            "a Saturday or Sunday worked in exchange for a day off. Holiday not observed: a "
            "listed holiday the sandbox does not count. 24/11 (Vietnam Culture Day) is never "
            "counted until the Labour Code lists it; then add it as an extra day off."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Shown in due-date explanations, e.g. “Làm bù cho thứ Sáu 02/01/2026”."),
    )
    source_document = models.CharField(
        _("source document"),
        max_length=300,
        help_text=_("Number and date of the document that decides it, e.g. 12729/VPCP-KGVX."),
    )
    effective_from = models.DateField(
        _("effective from"), help_text=_("The issue date of the source document.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["rule_profile", "date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_profile", "date"],
                name="sandbox_calendaroverride_one_per_date",
                violation_error_message=_(
                    "This rule profile already has a calendar entry for that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OverrideKind.values),
                name="sandbox_calendaroverride_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(source_document=""),
                name="sandbox_calendaroverride_has_source",
                violation_error_message=_("Give the source document."),
            ),
        ]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} – {self.name}"

    def as_override(self) -> Override:
        return Override(
            day=self.date, kind=self.kind, name=self.name, source_document=self.source_document
        )

    def clean(self):
        """Refuse entries that would change nothing or contradict their kind (see
        `sandbox.calendar.override_problem`); a duplicate date is left to the constraint."""
        from .calendar import WorkingCalendar, override_problem

        if self.date is None or self.kind not in OverrideKind.values:
            return
        others = CalendarOverride.objects.filter(rule_profile=self.rule_profile).exclude(
            date=self.date
        )
        calendar = WorkingCalendar(
            overrides=[row.as_override() for row in others], rule_profile=self.rule_profile
        )
        problem = override_problem(calendar, self.as_override())
        if problem:
            raise ValidationError({"date": problem})


def _ordered(prefix: str) -> Q:
    """Morning start < morning end <= afternoon start < afternoon end; the middle pair may
    be equal for a day without a lunch break."""
    return (
        Q(**{f"{prefix}_morning_start__lt": F(f"{prefix}_morning_end")})
        & Q(**{f"{prefix}_morning_end__lte": F(f"{prefix}_afternoon_start")})
        & Q(**{f"{prefix}_afternoon_start__lt": F(f"{prefix}_afternoon_end")})
    )


class OfficeHours(models.Model):
    """Office and one-stop desk hours for a rule profile, in force from `effective_from`.

    Defaults (`sandbox.calendar.DEFAULT_HOURS`): office 08:00–17:00 (the lunch break is an
    assumption), desk 08:00–11:00 and 13:30–16:30 (Hà Nội QĐ 18/2020/QĐ-UBND Điều 9), same-day
    cutoff 15:00. A dossier uses the row in force on its receipt date.
    """

    rule_profile = models.CharField(
        _("rule profile"), max_length=1, choices=RuleProfile.choices, default=RuleProfile.B
    )
    effective_from = models.DateField(_("effective from"))
    office_morning_start = models.TimeField(
        _("office opens"), default=DEFAULT_HOURS.office_morning_start
    )
    office_morning_end = models.TimeField(
        _("office lunch break starts"), default=DEFAULT_HOURS.office_morning_end
    )
    office_afternoon_start = models.TimeField(
        _("office lunch break ends"), default=DEFAULT_HOURS.office_afternoon_start
    )
    office_afternoon_end = models.TimeField(
        _("office closes"), default=DEFAULT_HOURS.office_afternoon_end
    )
    desk_morning_start = models.TimeField(
        _("desk opens (morning)"), default=DEFAULT_HOURS.desk_morning_start
    )
    desk_morning_end = models.TimeField(
        _("desk closes (morning)"), default=DEFAULT_HOURS.desk_morning_end
    )
    desk_afternoon_start = models.TimeField(
        _("desk opens (afternoon)"), default=DEFAULT_HOURS.desk_afternoon_start
    )
    desk_afternoon_end = models.TimeField(
        _("desk closes (afternoon)"), default=DEFAULT_HOURS.desk_afternoon_end
    )
    same_day_cutoff = models.TimeField(
        _("same-day cutoff"),
        default=DEFAULT_HOURS.same_day_cutoff,
        help_text=_("Same-day procedures received after this time are due the next working day."),
    )
    after_hours_next_working_day = models.BooleanField(
        _("after closing counts as next working day"),
        default=DEFAULT_HOURS.after_hours_next_working_day,
        help_text=_(
            "Treat a dossier received after the office closes as received at the next "
            "working day's opening (portal practice; no legal text found)."
        ),
    )
    source_document = models.CharField(_("source document"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["rule_profile", "-effective_from"]
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_profile", "effective_from"],
                name="sandbox_officehours_one_per_start",
                violation_error_message=_(
                    "This rule profile already has office hours starting on that date."
                ),
            ),
            models.CheckConstraint(
                condition=_ordered("office"),
                name="sandbox_officehours_office_ordered",
                violation_error_message=_(
                    "Office hours must run in order: opening, lunch break start, lunch break "
                    "end, closing."
                ),
            ),
            models.CheckConstraint(
                condition=_ordered("desk"),
                name="sandbox_officehours_desk_ordered",
                violation_error_message=_(
                    "Desk hours must run in order: morning opening and closing, then "
                    "afternoon opening and closing."
                ),
            ),
            models.CheckConstraint(
                condition=Q(same_day_cutoff__gt=F("office_morning_start"))
                & Q(same_day_cutoff__lt=F("office_afternoon_end")),
                name="sandbox_officehours_cutoff_in_day",
                violation_error_message=_(
                    "The same-day cutoff must fall between the office's opening and closing."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source_document=""),
                name="sandbox_officehours_has_source",
                violation_error_message=_("Give the source document."),
            ),
        ]

    def __str__(self):
        return _("Profile %(profile)s from %(date)s") % {
            "profile": self.rule_profile,
            "date": date_format(self.effective_from, "SHORT_DATE_FORMAT"),
        }

    def as_rule(self) -> OfficeHoursRule:
        return OfficeHoursRule(
            effective_from=self.effective_from,
            office_morning_start=self.office_morning_start,
            office_morning_end=self.office_morning_end,
            office_afternoon_start=self.office_afternoon_start,
            office_afternoon_end=self.office_afternoon_end,
            desk_morning_start=self.desk_morning_start,
            desk_morning_end=self.desk_morning_end,
            desk_afternoon_start=self.desk_afternoon_start,
            desk_afternoon_end=self.desk_afternoon_end,
            same_day_cutoff=self.same_day_cutoff,
            after_hours_next_working_day=self.after_hours_next_working_day,
        )


# ---------------------------------------------------------------------------------------
# Procedure catalogue (TTHC cards)
# ---------------------------------------------------------------------------------------


class PartnerAgency(models.Model):
    """An agency consulted or informed through liên thông (§2.2): police, social insurance,
    tax, another ward. Not a unit of the district, so it has no officers in the platform; a
    trainee plays it as the PH role."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")

    def __str__(self):
        return self.name_vi


class ProcedureQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date, rule_profile: str = RuleProfile.B):
        """Card versions of `rule_profile` in force on `on`."""
        return self.filter(rule_profile=rule_profile, effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )

    def version_in_force(self, code: str, on: datetime.date, rule_profile: str = RuleProfile.B):
        """The version of procedure `code` in force on `on`, or None."""
        return self.in_force(on, rule_profile).filter(code=code).order_by("-effective_from").first()


class Procedure(ClusterableModel):
    """One version of a procedure card (thẻ thủ tục hành chính), `dossier-workflow.md` §5.

    A card is identified by its national code; a change in the law is a new row with the
    same code and a later `effective_from` (the previous row gets `effective_to`). Dossiers
    point at the version in force on their receipt date and keep a snapshot of it
    (`snapshot()`), so editing a card never changes a dossier already received.
    """

    rule_profile = models.CharField(
        _("rule profile"), max_length=1, choices=RuleProfile.choices, default=RuleProfile.B
    )
    code = models.CharField(
        _("procedure code"),
        max_length=30,
        help_text=_("National code where known (e.g. 1.001193), otherwise a sandbox code."),
    )
    name_vi = models.CharField(_("Vietnamese name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    field_vi = models.CharField(_("field (lĩnh vực)"), max_length=120, blank=True)
    tier = models.CharField(_("competent tier"), max_length=10, choices=Tier.choices)
    receiving_tier = models.CharField(
        _("submitted at"),
        max_length=10,
        choices=Tier.choices,
        help_text=_("The one-stop desk that receives the dossier: a ward's or the district's."),
    )
    competent_unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competent unit"),
        help_text=_("The department that handles it; leave empty for the receiving ward."),
    )
    signer = models.CharField(
        _("signer"),
        max_length=200,
        help_text=_("Who signs the result, e.g. “Chủ tịch UBND phường”."),
    )
    head_title = models.CharField(
        _("head of agency title"),
        max_length=60,
        default="CHỦ TỊCH",
        help_text=_("Printed on Mẫu 04, e.g. “CHỦ TỊCH” or “TRƯỞNG PHÒNG”."),
    )
    deputy_title = models.CharField(
        _("deputy title"),
        max_length=60,
        default="PHÓ CHỦ TỊCH",
        help_text=_("Printed under “KT.” when a deputy signs on behalf of the head."),
    )
    result_name = models.CharField(
        _("result document"), max_length=200, help_text=_("e.g. “Giấy khai sinh”.")
    )
    sets_count = models.PositiveSmallIntegerField(_("number of dossier sets"), default=1)
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=20, choices=TimeLimitUnit.choices
    )
    time_limit_value = models.PositiveSmallIntegerField(
        _("time limit"), null=True, blank=True, help_text=_("Empty for same-day procedures.")
    )
    same_day_cutoff_rule = models.BooleanField(
        _("15:00 rule"),
        default=True,
        help_text=_("Same-day procedures received after the cutoff are due the next working day."),
    )
    online_time_limit_value = models.PositiveSmallIntegerField(
        _("online time limit"),
        null=True,
        blank=True,
        help_text=_(
            "A shorter limit for online submissions, in the same unit, if the card has one."
        ),
    )
    extension_working_days = models.PositiveSmallIntegerField(
        _("verification extension (working days)"),
        default=0,
        help_text=_("At most this many working days may be added when verification is needed."),
    )
    extension_note = models.CharField(_("extension rule"), max_length=300, blank=True)
    supplement_pauses_clock = models.BooleanField(
        _("a supplement request during processing pauses the clock"), default=True
    )
    financial_wait_excluded = models.BooleanField(
        _("financial-obligation waits are excluded"),
        default=False,
        help_text=_("“Không kể thời gian thực hiện nghĩa vụ tài chính” on the card."),
    )
    pause_note = models.TextField(_("pause rules"), blank=True)
    fee_kind = models.CharField(_("fee formula"), max_length=10, choices=FeeKind.choices)
    fee_amount = models.PositiveIntegerField(
        _("amount (VND)"), default=0, help_text=_("Per case or per copy, by the formula.")
    )
    fee_first_pages = models.PositiveSmallIntegerField(_("pages at the first rate"), default=0)
    fee_first_page_rate = models.PositiveIntegerField(_("first rate per page (VND)"), default=0)
    fee_next_page_rate = models.PositiveIntegerField(_("rate per further page (VND)"), default=0)
    fee_cap_per_copy = models.PositiveIntegerField(
        _("cap per copy (VND)"), default=0, help_text=_("0: no cap.")
    )
    fee_name = models.CharField(_("fee name"), max_length=200, blank=True)
    fee_legal_basis = models.CharField(_("fee legal basis"), max_length=300, blank=True)
    fee_verified = models.BooleanField(
        _("fee verified"),
        default=False,
        help_text=_("Unverified amounts are practice placeholders (Hà Nội HĐND rates)."),
    )
    level = models.PositiveSmallIntegerField(_("online level"), choices=OnlineLevel.choices)
    proxy_relatives_exempt = models.BooleanField(
        _("close relatives need no notarised authorisation"),
        default=False,
        help_text=_("Civil-status procedures: grandparents, parents, children, spouse, siblings."),
    )
    source_decision = models.CharField(_("source decision"), max_length=400)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.TextField(
        _("evidence and open questions"),
        blank=True,
        help_text=_(
            "What is verified, from memory or a guess (the ✅ 📘 ❓ marks of the dossier)."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code", "-effective_from"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_profile", "code", "effective_from"],
                name="sandbox_procedure_one_version_per_start",
                violation_error_message=_(
                    "This procedure already has a version starting on that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="sandbox_procedure_period_ordered",
                violation_error_message=_("A version cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=[2, 3, 4]), name="sandbox_procedure_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_unit=TimeLimitUnit.SAME_DAY) | Q(time_limit_value__gte=1),
                name="sandbox_procedure_time_limit_given",
                violation_error_message=_("Give the time limit (except for same-day procedures)."),
            ),
            models.CheckConstraint(
                condition=~Q(fee_kind__in=[FeeKind.FIXED, FeeKind.PER_COPY]) | Q(fee_amount__gte=1),
                name="sandbox_procedure_fee_amount_given",
                violation_error_message=_("Give the fee amount for this formula."),
            ),
            models.CheckConstraint(
                condition=~Q(fee_kind=FeeKind.PER_PAGE)
                | (Q(fee_first_page_rate__gte=1) & Q(fee_next_page_rate__gte=0)),
                name="sandbox_procedure_page_rates_given",
                violation_error_message=_("Give the page rates for a per-page fee."),
            ),
            models.CheckConstraint(
                condition=~Q(source_decision=""),
                name="sandbox_procedure_has_source",
                violation_error_message=_("Give the source decision."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi

    @property
    def online(self) -> bool:
        """Whether the card can be submitted online (level 3 or 4)."""
        return self.level >= OnlineLevel.LEVEL_3

    def clean(self):
        if self.time_limit_unit == TimeLimitUnit.SAME_DAY and self.time_limit_value:
            raise ValidationError(
                {"time_limit_value": _("A same-day procedure has no number of days.")}
            )
        if self.tier == Tier.DISTRICT and self.competent_unit_id is None:
            raise ValidationError(
                {"competent_unit": _("Choose the department that handles a district procedure.")}
            )

    def snapshot(self) -> dict:
        """The card as the rules a dossier keeps (`sandbox.procedures.CardRules`)."""
        return {
            "procedure_id": self.pk,
            "code": self.code,
            "name": self.name_vi,
            "name_en": self.name_en,
            "rule_profile": self.rule_profile,
            "effective_from": self.effective_from.isoformat(),
            "tier": self.tier,
            "receiving_tier": self.receiving_tier,
            "competent_unit": self.competent_unit.code if self.competent_unit_id else "",
            "signer": self.signer,
            "head_title": self.head_title,
            "deputy_title": self.deputy_title,
            "result_name": self.result_name,
            "sets_count": self.sets_count,
            "time_limit_unit": self.time_limit_unit,
            "time_limit_value": self.time_limit_value,
            "same_day_cutoff_rule": self.same_day_cutoff_rule,
            "online_time_limit_value": self.online_time_limit_value,
            "extension_working_days": self.extension_working_days,
            "supplement_pauses_clock": self.supplement_pauses_clock,
            "financial_wait_excluded": self.financial_wait_excluded,
            "fee_kind": self.fee_kind,
            "fee_amount": self.fee_amount,
            "fee_first_pages": self.fee_first_pages,
            "fee_first_page_rate": self.fee_first_page_rate,
            "fee_next_page_rate": self.fee_next_page_rate,
            "fee_cap_per_copy": self.fee_cap_per_copy,
            "fee_name": self.fee_name,
            "fee_verified": self.fee_verified,
            "level": self.level,
            "proxy_relatives_exempt": self.proxy_relatives_exempt,
            "source_decision": self.source_decision,
            "components": [
                {
                    "id": c.pk,
                    "name": c.name_vi,
                    "mandatory": c.mandatory,
                    "condition": c.condition,
                    "form": c.form,
                    "count": c.count,
                }
                for c in self.components.all()
            ],
            "partners": [
                {
                    "code": p.partner.code,
                    "name": p.partner.name_vi,
                    "purpose": p.purpose,
                    "required": p.required,
                    "time_limit_working_days": p.time_limit_working_days,
                }
                for p in self.partners.select_related("partner")
            ],
        }


class ProcedureComponent(Orderable):
    """A paper of the dossier (thành phần hồ sơ) as the card lists it. `condition` says
    when an optional paper becomes required (e.g. "if submitted by a proxy")."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="components")
    name_vi = models.CharField(_("Vietnamese name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    condition = models.CharField(
        _("condition"), max_length=300, blank=True, help_text=_("When it is required.")
    )
    form = models.CharField(_("form"), max_length=20, choices=ComponentForm.choices)
    count = models.PositiveSmallIntegerField(_("count"), default=1)

    class Meta(Orderable.Meta):
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self):
        return self.name_vi


class ProcedurePartner(Orderable):
    """A liên thông partner of a card: consulted (`required`: the result may not be drafted
    before it replies) or informed, with its own sub-deadline where one is known."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="partners")
    partner = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    required = models.BooleanField(
        _("reply required before the result"),
        default=True,
    )
    time_limit_working_days = models.PositiveSmallIntegerField(
        _("sub-deadline (working days)"), null=True, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("liên thông partner")
        verbose_name_plural = _("liên thông partners")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "partner"], name="sandbox_procedurepartner_once"
            )
        ]

    def __str__(self):
        return str(self.partner)


class UnitDossierCode(models.Model):
    """The unit code that opens every dossier code of a receiving desk (TT 01/2018/TT-VPCP
    Điều 19: `V1V2V3.Z1Z2.Y1Y2.MX1X2`, the TT 10/2016/TT-BTTTT unit code).

    The real codes of UBND quận Thanh Xuân and its wards were not found, and the Hà Nội
    letter code H26 is itself unverified (`dossier-workflow.md` §2.4): the seeded rows are
    placeholders with `verified` off until someone checks them.
    """

    unit = models.ForeignKey(
        "people.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    code = models.CharField(
        _("unit code"),
        max_length=20,
        validators=[
            RegexValidator(
                UNIT_CODE_RE,
                _("Use the form 000.00.00.H26 (digits, dots, one capital letter, two digits)."),
            )
        ],
    )
    rule_profile = models.CharField(
        _("rule profile"), max_length=1, choices=RuleProfile.choices, default=RuleProfile.B
    )
    effective_from = models.DateField(_("effective from"))
    verified = models.BooleanField(_("verified"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["unit__kind", "unit__sort_order", "-effective_from"]
        verbose_name = _("unit dossier code")
        verbose_name_plural = _("unit dossier codes")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule_profile", "effective_from"],
                name="sandbox_unitdossiercode_one_per_start",
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.code}"


# ---------------------------------------------------------------------------------------
# Workspaces and dossiers
# ---------------------------------------------------------------------------------------


class WorkspaceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Workspaces `user` may look at: their own; every one for trainers, HR and
        administrators. Views must load workspaces (and anything in them) through this."""
        if not user.is_authenticated:
            return self.none()
        if user_roles(user) & {Role.TRAINER, Role.HR, Role.ADMINISTRATOR}:
            return self.all()
        return self.filter(owner=user)

    def actable_by(self, user):
        """Workspaces in which `user` may act (play a role): their own; every one for
        trainers (to demonstrate) and administrators. HR only looks."""
        if not user.is_authenticated:
            return self.none()
        if user_roles(user) & {Role.TRAINER, Role.ADMINISTRATOR}:
            return self.all()
        return self.filter(owner=user)


class Workspace(models.Model):
    """A sandbox of its own: dossiers, events, counters and a simulated clock.

    Every sandbox row belongs to one workspace and is deleted with it. The clock (`now`) only
    moves forward, through `sandbox.services.workspace_advance_clock`; events are stamped with
    it, so deadlines pass when a trainer moves it on.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sandbox_workspaces",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=200)
    seed = models.PositiveIntegerField(
        _("seed"), default=0, help_text=_("Makes generated applicants reproducible.")
    )
    now = models.DateTimeField(_("simulated time"))
    rule_profile = models.CharField(
        _("rule profile"), max_length=1, choices=RuleProfile.choices, default=RuleProfile.B
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by practice scenarios (`sandbox.scenarios`): the roles the owner may play (empty:
    # any), whether the desk types the appointment date and fee itself, whether scripted
    # actors act after each change, and when the work was submitted (nothing changes after).
    allowed_roles = models.CharField(_("roles the owner plays"), max_length=60, blank=True)
    manual_calculation = models.BooleanField(
        _("the desk calculates the appointment and fee"), default=False
    )
    scripted = models.BooleanField(_("scripted actors"), default=False)
    closed_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self):
        return self.title

    def can_view(self, user) -> bool:
        return Workspace.objects.visible_to(user).filter(pk=self.pk).exists()

    def can_act(self, user) -> bool:
        return (
            self.closed_at is None
            and Workspace.objects.actable_by(user).filter(pk=self.pk).exists()
        )

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.allowed_roles.split(",") if r]


class CounterKind(models.TextChoices):
    DOSSIER_CODE = "code", _("Dossier code (per day)")
    TRACKING_BOOK = "book", _("Tracking book entry (per year)")
    FORM = "form", _("Form number (per year)")
    RECEIPT = "receipt", _("Fee receipt (per year)")
    REGISTRY = "registry", _("Registry number (per year)")


class WorkspaceCounter(models.Model):
    """A sequence per workspace, unit, kind and period (a day "YYMMDD" or a year "YYYY").
    Allocation locks the row (`sandbox.codes.next_number`), so two desks receiving at the
    same moment never share a number."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("people.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=CounterKind.choices)
    period = models.CharField(max_length=8)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "unit", "kind", "period"], name="sandbox_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.period}: {self.value}"


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class Delivery(models.TextChoices):
    DESK = "desk", _("Collect at the desk")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    BUSINESS = "business", _("Business")
    ORGANISATION = "organisation", _("Organisation")


class ResultType(models.TextChoices):
    GRANT = "grant", _("Result granted")
    REFUSAL = "refusal", _("Written refusal")


class DossierQuerySet(models.QuerySet):
    """Reads of dossiers; the role screens list them through these methods only.

    `visible_to(user)` is the permission boundary (the workspaces the user may see); the
    rest are filters and SQL annotations that keep a listing to a fixed number of queries.
    """

    def visible_to(self, user):
        return self.filter(workspace__in=Workspace.objects.visible_to(user))

    def actable_by(self, user):
        return self.filter(workspace__in=Workspace.objects.actable_by(user))

    def in_workspace(self, workspace):
        return self.filter(workspace=workspace)

    def for_unit(self, unit):
        """Dossiers received at `unit`'s desk or handled by `unit`."""
        return self.filter(Q(receiving_unit=unit) | Q(handling_unit=unit))

    def for_listing(self):
        return self.select_related("procedure", "receiving_unit", "handling_unit")

    def queue(self, role: str, *, unit=None):
        """The dossiers waiting for `role` (see `sandbox.workflow.queue_statuses`); the
        signing authority's queue also holds dossiers with an apology to sign, the partner
        agency's only those with an unanswered consultation. `unit` narrows a desk queue to
        its receiving unit and a department queue to its handling unit."""
        condition = Q(status__in=queue_statuses(role))
        if role == ActorRole.LDK:
            condition |= Q(apology_draft__isnull=False, status__in=APOLOGY_STATUSES)
        qs = self.filter(condition)
        if role == ActorRole.PH:
            qs = qs.filter(
                Exists(Consultation.objects.filter(dossier=OuterRef("pk"), replied_at__isnull=True))
            )
        if unit is not None:
            if role in (ActorRole.TN, ActorRole.TBP):
                qs = qs.filter(receiving_unit=unit)
            elif role in (ActorRole.LDP, ActorRole.CV, ActorRole.LDK, ActorRole.VT):
                qs = qs.filter(handling_unit=unit)
        return qs

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(code__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(applicant_id_number__icontains=text)
            | Q(procedure__name_vi__icontains=text)
        )

    def with_deadlines(
        self,
        workspace=None,
        *,
        today: datetime.date | None = None,
        due_soon_by: datetime.date | None = None,
    ):
        """Annotate `deadline` (the current appointment: the Mẫu 04 date if one was given,
        else the due date), `is_overdue` and `is_due_soon`, in SQL.

        Only dossiers with the clock running can be overdue or due soon: a dossier waiting
        for a supplement or a financial obligation is not overdue (§3.5), nor is one already
        resolved. "Due soon" means the deadline falls today or by `due_soon_by` (by default
        the next working day of the workspace clock's calendar).
        """
        if workspace is not None and (today is None or due_soon_by is None):
            from .calendar import WorkingCalendar

            local_today = workspace.now.astimezone(VN_TZ).date()
            today = today or local_today
            if due_soon_by is None:
                calendar = WorkingCalendar.for_profile(workspace.rule_profile)
                due_soon_by = calendar.next_working_day(today)
        if today is None or due_soon_by is None:
            raise ValueError("Give a workspace, or both today and due_soon_by.")
        running = Q(status__in=CLOCK_RUNNING)
        return self.annotate(
            deadline=Coalesce("apology_due_date", "due_date"),
        ).annotate(
            is_overdue=Case(
                When(running & Q(deadline__lt=today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            is_due_soon=Case(
                When(
                    running & Q(deadline__gte=today) & Q(deadline__lte=due_soon_by),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def with_resolution_class(self):
        """Annotate `resolved_on` (the local date the result reached the desk) and
        `resolution_class` ("early", "on_time", "late", or None while unresolved), measured
        against `due_date`: a Mẫu 04 date never makes a dossier on time (§3.5)."""
        resolved_on = TruncDate("resolved_at", tzinfo=VN_TZ)
        return self.annotate(resolved_on=resolved_on).annotate(
            resolution_class=Case(
                When(resolved_at__isnull=True, then=Value(None)),
                When(resolved_on__lt=F("due_date"), then=Value("early")),
                When(resolved_on=F("due_date"), then=Value("on_time")),
                default=Value("late"),
                output_field=models.CharField(),
            )
        )


class Dossier(models.Model):
    """A dossier (hồ sơ TTHC), `dossier-workflow.md` §2.6.

    `status` changes only through `sandbox.services.dossier_transition`, which also appends
    a `DossierEvent` and bumps `version` (optimistic concurrency: a caller passes the version
    it saw). Time fields hold the workspace's simulated time. `due_date` is the statutory due
    date, moved on only by clock pauses; `original_due_date` is the one Mẫu 01 first printed;
    `apology_due_date` is the new date of a Mẫu 04 and never changes the statistics.
    Free text is stored as plain text (tags stripped) and escaped when shown.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="dossiers", verbose_name=_("workspace")
    )
    code = models.CharField(_("dossier code"), max_length=40, blank=True)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    rules = models.JSONField(_("card rules at receipt"))
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    level = models.PositiveSmallIntegerField(_("online level"), choices=OnlineLevel.choices)
    receiving_unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving desk"),
    )
    handling_unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling unit"),
    )
    # Applicant (chủ hồ sơ) and proxy
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=15, choices=ApplicantKind.choices, default="citizen"
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    applicant_id_number = models.CharField(_("ID number"), max_length=30)
    applicant_address = models.CharField(_("address"), max_length=300)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    is_proxy = models.BooleanField(_("submitted by a proxy"), default=False)
    proxy_name = models.CharField(_("proxy"), max_length=200, blank=True)
    proxy_id_number = models.CharField(_("proxy ID number"), max_length=30, blank=True)
    proxy_relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    authorisation = models.CharField(
        _("authorisation"),
        max_length=300,
        blank=True,
        help_text=_("The written authorisation (giấy ủy quyền): number, date, notarisation."),
    )
    request_summary = models.TextField(_("request"), blank=True)
    sets_count = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    delivery = models.CharField(
        _("result delivery"), max_length=10, choices=Delivery.choices, default=Delivery.DESK
    )
    delivery_address = models.CharField(_("postal address"), max_length=300, blank=True)
    # Time (simulated)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    original_due_date = models.DateField(_("original due date"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    apology_due_date = models.DateField(_("new date (Mẫu 04)"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("transferred"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    book_number = models.PositiveIntegerField(_("tracking book entry"), null=True, blank=True)
    # Processing
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialist"),
    )
    assignee_name = models.CharField(_("specialist"), max_length=200, blank=True)
    draft = models.JSONField(_("current draft"), null=True, blank=True)
    apology_draft = models.JSONField(_("apology draft"), null=True, blank=True)
    result_type = models.CharField(
        _("result type"), max_length=10, choices=ResultType.choices, blank=True
    )
    result_number = models.CharField(_("result number"), max_length=60, blank=True)
    # Money
    fee_amount = models.PositiveIntegerField(_("fee (VND)"), default=0)
    fee_status = models.CharField(
        _("fee status"), max_length=15, choices=FeeStatus.choices, default=FeeStatus.NOT_REQUIRED
    )
    fee_lines = models.JSONField(_("fee lines"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        # Drafts (never submitted) last on every database.
        ordering = [F("submitted_at").desc(nulls_last=True), "-pk"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["workspace", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "code"],
                condition=~Q(code=""),
                name="sandbox_dossier_code_unique_in_workspace",
                violation_error_message=_("This dossier code is already used in the workspace."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="sandbox_dossier_status_valid"
            ),
            models.CheckConstraint(
                # An online draft has no code until submitted (and keeps none if discarded).
                condition=Q(status__in=[Status.DRAFT, Status.WITHDRAWN], submitted_at__isnull=True)
                | ~Q(code=""),
                name="sandbox_dossier_code_after_submission",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=RECEIVED)
                | (
                    Q(received_at__isnull=False)
                    & Q(due_date__isnull=False)
                    & Q(original_due_date__isnull=False)
                ),
                name="sandbox_dossier_received_has_due_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=RESOLVED_STATUSES) | Q(resolved_at__isnull=False),
                name="sandbox_dossier_resolved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETURNED) | Q(returned_at__isnull=False),
                name="sandbox_dossier_returned_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=WITH_DRAFT) | Q(draft__isnull=False),
                name="sandbox_dossier_draft_present",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[2, 3, 4]) & (~Q(channel=Channel.ONLINE) | Q(level__gte=3)),
                name="sandbox_dossier_level_valid",
            ),
            models.CheckConstraint(
                condition=~Q(delivery=Delivery.ONLINE) | (Q(channel=Channel.ONLINE) & Q(level=4)),
                name="sandbox_dossier_online_delivery_level4",
            ),
            models.CheckConstraint(
                condition=(Q(fee_status=FeeStatus.NOT_REQUIRED) & Q(fee_amount=0))
                | (~Q(fee_status=FeeStatus.NOT_REQUIRED) & Q(fee_amount__gt=0)),
                name="sandbox_dossier_fee_consistent",
            ),
            models.CheckConstraint(
                condition=Q(apology_due_date__isnull=True)
                | Q(apology_due_date__gt=F("original_due_date")),
                name="sandbox_dossier_apology_after_due",
            ),
            models.CheckConstraint(
                condition=~Q(is_proxy=True) | ~Q(proxy_name=""),
                name="sandbox_dossier_proxy_named",
            ),
        ]

    def __str__(self):
        return self.code or _("Draft dossier #%(pk)s") % {"pk": self.pk}

    @property
    def card(self) -> CardRules:
        """The card rules kept at receipt."""
        cached = getattr(self, "_card", None)
        if cached is None or cached[0] is not self.rules:
            cached = (self.rules, CardRules.from_snapshot(self.rules))
            self._card = cached
        return cached[1]

    @property
    def national_status_code(self) -> int | None:
        return NATIONAL_CODES[self.status]

    @property
    def deadline_date(self) -> datetime.date | None:
        """The current appointment: the Mẫu 04 date if one was given, else the due date."""
        return self.apology_due_date or self.due_date


class ComponentState(models.TextChoices):
    PRESENT = "present", _("Present and valid")
    MISSING = "missing", _("Missing")
    DEFECTIVE = "defective", _("Defective")
    NOT_APPLICABLE = "not_applicable", _("Not required in this case")
    # Practice scenarios: the papers the applicant handed over, before the desk's check.
    UNCHECKED = "unchecked", _("Not checked yet")


def component_upload_to(instance, filename):
    return f"sandbox/{instance.workspace_id}/{instance.dossier_id}/{filename}"


class DossierComponent(models.Model):
    """One paper of a dossier, as listed on its card at receipt, with the desk's check."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        ProcedureComponent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=400)
    form = models.CharField(_("form"), max_length=20, choices=ComponentForm.choices)
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=15, choices=ComponentState.choices, default=ComponentState.MISSING
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=component_upload_to, blank=True, max_length=300)
    uploaded_at = models.DateTimeField(_("uploaded"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "position", "pk"]
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ComponentState.NOT_APPLICABLE)
                | Q(mandatory=False)
                | ~Q(condition=""),
                name="sandbox_dossiercomponent_na_only_if_conditional",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def required(self) -> bool:
        """Required for acceptance: mandatory, or conditional and not ruled out."""
        if self.state == ComponentState.NOT_APPLICABLE:
            return False
        return self.mandatory or bool(self.condition)


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Supplement request")
    FINANCIAL = "financial", _("Financial obligation")


class DossierPause(models.Model):
    """A stretch during which the dossier's clock stood still (§3.4)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=12, choices=PauseKind.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    shifted_working_days = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dossier", "started_at"]
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(ended_at__isnull=True),
                name="sandbox_pause_one_open_per_dossier",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="sandbox_pause_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_at.astimezone(VN_TZ):%d/%m/%Y}"


class Consultation(models.Model):
    """A liên thông consultation: the specialist's request to a partner agency and its reply."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    partner = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="+")
    request_text = models.TextField(_("request"))
    requested_at = models.DateTimeField(_("requested"))
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "requested_at", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(reply_text=""),
                name="sandbox_consultation_reply_has_text",
            )
        ]

    def __str__(self):
        return f"{self.partner} ({self.requested_at.astimezone(VN_TZ):%d/%m/%Y})"


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no bulk update or delete (deleting the workspace still
    removes them through the cascade, which does not go through this queryset)."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only.")


class DossierEvent(AppendOnlyModel):
    """One entry of a dossier's history: who did what, as which role, from which status to
    which, with the payload, at simulated and real time. Append-only; `version` numbers the
    events of a dossier from 1 and equals the dossier's version after the event. Mẫu 05,
    Mẫu 06 and the assessment are built from these rows."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    role = models.CharField(_("role"), max_length=4, choices=ActorRole.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=200)
    from_status = models.CharField(_("from"), max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=Status.choices)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    sim_at = models.DateTimeField(_("simulated time"))
    real_at = models.DateTimeField(_("real time"), default=timezone.now)

    class Meta:
        ordering = ["dossier", "version"]
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        indexes = [models.Index(fields=["workspace", "action"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "version"], name="sandbox_event_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=ActorRole.values), name="sandbox_event_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} #{self.version} {self.action}"


class ArtefactKind(models.TextChoices):
    MAU_01 = "mau_01", _("Mẫu 01 – Receipt and appointment")
    MAU_02 = "mau_02", _("Mẫu 02 – Request for supplement")
    MAU_03 = "mau_03", _("Mẫu 03 – Refusal to accept")
    MAU_04 = "mau_04", _("Mẫu 04 – Apology and new appointment")
    RECEIPT = "receipt", _("Fee receipt")
    RESULT = "result", _("Result document")
    NOTICE = "notice", _("Notice to the applicant")


class Artefact(AppendOnlyModel):
    """A document issued to or about a dossier: Mẫu 01–04, a fee receipt, the result, or an
    online notice. Its content is frozen JSON (`sandbox.artefacts` builds it and renders it
    to print-styled HTML); Mẫu 05 and Mẫu 06 are not stored, they are projections of the
    events."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="artefacts")
    event = models.ForeignKey(DossierEvent, on_delete=models.CASCADE, related_name="artefacts")
    kind = models.CharField(_("kind"), max_length=10, choices=ArtefactKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    content = models.JSONField(_("content"))
    issued_at = models.DateTimeField(_("issued (simulated)"))

    class Meta:
        ordering = ["dossier", "issued_at", "pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            # "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần" (NĐ 61/2018).
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(kind="mau_04"),
                name="sandbox_artefact_one_apology",
                violation_error_message=_("A dossier can have only one apology (Mẫu 04)."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def render_html(self) -> str:
        from .artefacts import render_artefact

        return render_artefact(self)
