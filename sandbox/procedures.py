"""The procedure card (thẻ TTHC) as rules: choices, the frozen snapshot a dossier keeps, and
the appointment computation that applies the card to the working calendar.

A dossier keeps the card version in force on its receipt date (`dossier-workflow.md` §0) as
a JSON snapshot (`Procedure.snapshot()`); every rule the services apply to a dossier is read
from that snapshot through `CardRules`, so editing the catalogue never changes a dossier
already received. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import VN_TZ, WorkingCalendar, local_datetime


class Tier(models.TextChoices):
    WARD = "ward", _("Ward (phường)")
    DISTRICT = "district", _("District (quận)")


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("Working days")
    SAME_DAY = "same_day", _("Same day (next working day if received after the cutoff)")
    HOURS = "hours", _("Working hours")


class ComponentForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    PHOTOCOPY = "photocopy", _("Photocopy with the original shown")
    ELECTRONIC = "electronic", _("Electronic")
    SHOWN = "shown", _("Shown only (not kept)")


class FeeKind(models.TextChoices):
    FREE = "free", _("Free")
    FIXED = "fixed", _("Fixed amount per case")
    PER_COPY = "per_copy", _("Amount per copy")
    PER_PAGE = "per_page", _("Per page of the original, with a cap per copy")


class OnlineLevel(models.IntegerChoices):
    """Online-service levels of NĐ 43/2011 Điều 3 khoản 4 (§1.1). Level 2: the dossier is
    still submitted at the desk or by post."""

    LEVEL_2 = 2, _("Level 2 (forms online, submit at the desk)")
    LEVEL_3 = 3, _("Level 3 (submit online; pay and collect at the desk)")
    LEVEL_4 = 4, _("Level 4 (submit and pay online; result online, by post or at the desk)")


@dataclass(frozen=True)
class ComponentRule:
    id: int | None
    name: str
    mandatory: bool
    condition: str
    form: str
    count: int


@dataclass(frozen=True)
class PartnerRule:
    code: str
    name: str
    purpose: str
    required: bool
    time_limit_working_days: int | None


@dataclass(frozen=True)
class CardRules:
    """The rules of one card version, read from a dossier's snapshot."""

    procedure_id: int
    code: str
    name: str
    name_en: str
    rule_profile: str
    effective_from: date
    tier: str
    receiving_tier: str
    competent_unit: str  # unit code; "" means the ward that received the dossier
    signer: str
    head_title: str
    deputy_title: str
    result_name: str
    sets_count: int
    time_limit_unit: str
    time_limit_value: int | None
    same_day_cutoff_rule: bool
    online_time_limit_value: int | None
    extension_working_days: int
    supplement_pauses_clock: bool
    financial_wait_excluded: bool
    fee_kind: str
    fee_amount: int
    fee_first_pages: int
    fee_first_page_rate: int
    fee_next_page_rate: int
    fee_cap_per_copy: int
    fee_name: str
    fee_verified: bool
    level: int
    proxy_relatives_exempt: bool
    source_decision: str
    components: tuple[ComponentRule, ...] = field(default_factory=tuple)
    partners: tuple[PartnerRule, ...] = field(default_factory=tuple)

    @classmethod
    def from_snapshot(cls, data: dict) -> CardRules:
        values = dict(data)
        values["effective_from"] = date.fromisoformat(values["effective_from"])
        values["components"] = tuple(ComponentRule(**c) for c in values.get("components", ()))
        values["partners"] = tuple(PartnerRule(**p) for p in values.get("partners", ()))
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})

    @property
    def is_same_day(self) -> bool:
        return self.time_limit_unit == TimeLimitUnit.SAME_DAY

    def time_limit_label(self, *, online: bool = False) -> str:
        """The statutory time as Mẫu 01 prints it ("03 ngày làm việc", "Trong ngày")."""
        value = self.time_limit_value
        if online and self.online_time_limit_value:
            value = self.online_time_limit_value
        if self.time_limit_unit == TimeLimitUnit.SAME_DAY:
            if self.same_day_cutoff_rule:
                return "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)"
            return "Trong ngày"
        if self.time_limit_unit == TimeLimitUnit.HOURS:
            return f"{value:02d} giờ làm việc"
        return f"{value:02d} ngày làm việc"


@dataclass(frozen=True)
class Appointment:
    due_date: date
    appointment_at: datetime
    counted_from: datetime
    after_cutoff: bool
    extension_working_days: int


def compute_appointment(
    rules: CardRules,
    received: datetime,
    calendar: WorkingCalendar,
    *,
    online: bool = False,
    extension_working_days: int = 0,
) -> Appointment:
    """The due date and the printed appointment time for a dossier received at `received`.

    Working-day and same-day limits go through `WorkingCalendar.explain_due_date` (§3.2). A
    verification extension (`extension_working_days`, at most the card's) adds working days
    after the normal due date: "≤ 5 working days" for a marriage needing verification, "+2"
    for certified copies, "3 → 6" for civil-status corrections. The appointment is printed at
    the close of the desk's afternoon session on the due date (the desk returns results
    until then, Hà Nội QĐ 18/2020 Điều 9); hour-based limits print the computed time.
    """
    if extension_working_days < 0 or extension_working_days > rules.extension_working_days:
        raise ValueError("extension beyond the card's maximum")
    value = rules.time_limit_value
    if online and rules.online_time_limit_value:
        value = rules.online_time_limit_value
    if rules.time_limit_unit == TimeLimitUnit.HOURS:
        start = calendar.counted_from(received)
        at = add_working_hours(calendar, start, value or 0)
        if extension_working_days:
            day = calendar.add_working_days(at.date(), extension_working_days)
            at = datetime.combine(day, at.timetz())
        return Appointment(at.date(), at, start, False, extension_working_days)
    if rules.time_limit_unit == TimeLimitUnit.SAME_DAY:
        cutoff = None if rules.same_day_cutoff_rule else time(23, 59)
        explanation = calendar.explain_due_date(received, same_day=True, cutoff=cutoff)
    else:
        explanation = calendar.explain_due_date(received, working_days=value)
    due = explanation.due
    if extension_working_days:
        due = calendar.add_working_days(due, extension_working_days)
    return Appointment(
        due_date=due,
        appointment_at=appointment_time(calendar, due),
        counted_from=explanation.counted_from,
        after_cutoff=explanation.after_cutoff,
        extension_working_days=extension_working_days,
    )


def appointment_time(calendar: WorkingCalendar, day: date) -> datetime:
    """The printed appointment on `day`: the close of the desk's afternoon session."""
    return datetime.combine(day, calendar.hours_on(day).desk_afternoon_end, tzinfo=VN_TZ)


def add_working_hours(calendar: WorkingCalendar, start: datetime, hours: int) -> datetime:
    """`hours` office hours after `start`, counted inside the office sessions of working
    days (the hour-based variant of §3.2)."""
    remaining = timedelta(hours=hours)
    current = local_datetime(start)
    while True:
        day = current.date()
        if calendar.is_working_day(day):
            rule = calendar.hours_on(day)
            for begins, ends in (
                (rule.office_morning_start, rule.office_morning_end),
                (rule.office_afternoon_start, rule.office_afternoon_end),
            ):
                session_start = datetime.combine(day, begins, tzinfo=VN_TZ)
                session_end = datetime.combine(day, ends, tzinfo=VN_TZ)
                if current >= session_end:
                    continue
                current = max(current, session_start)
                available = session_end - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
                current = session_end
        next_day = calendar.next_working_day(day)
        current = datetime.combine(next_day, time(0, 0), tzinfo=VN_TZ)
