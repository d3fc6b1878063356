"""Sandbox rules that administrators and trainers maintain: for now, the working calendar.

Every rule carries a rule profile (`dossier-workflow.md` §0: A until 20/6/2018, B until
30/6/2025, C after) and the date it took effect, so that later profiles can be added beside
B and a dossier keeps the rules in force on its receipt date. The computation lives in
`sandbox.calendar`; these models only store its inputs.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .calendar import DEFAULT_HOURS, OfficeHoursRule, Override, OverrideKind


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
