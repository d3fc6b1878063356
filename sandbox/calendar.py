"""The civil-servant working-day calendar and the appointment-date (ngày hẹn trả) rules.

`dossier-workflow.md` §3 and `verification.md` "Priority 3" are the domain sources. The
calendar is `holidays.Vietnam` (statutory holidays on the Vietnamese lunar calendar, their
compensatory days, the government's day swaps it knows about) corrected by an override
table that administrators keep, each entry with its source document:

* extra days off the package does not list (Friday 02/01/2026);
* make-up working Saturdays (04/05/2024, 26/04/2025, 10/01/2026, 22/08/2026);
* package holidays the sandbox does not recognise for one date.

"Ngày Văn hóa Việt Nam" (24/11, listed by the package from 2026, and its compensatory day)
is never counted: no amendment of BLLĐ 2019 Điều 112 khoản 1 had been seen in force
(`verification.md` 3.13). Once the law is in force, add it as an extra day off per year.

Conventions, chosen where the law is silent and kept in one place so the assessment can
accept the neighbouring readings:

* Multi-day limits: BLDS 2015 Điều 147, the receipt day is not counted; the due date is the
  N-th working day after it (a deadline on a rest day moves on by itself).
* A dossier received on a rest day, or on a working day after the office has closed, counts
  as received at the opening of the next working day (portal practice, §3.2 "Online
  submissions outside office hours"; `OfficeHoursRule.after_hours_next_working_day`). That
  day is then the receipt day and is not counted, so a 3-day dossier submitted online on
  Saturday is due on the 4th working day after it. The strict BLDS reading (count from the
  Sunday) gives one working day earlier.
* Same-day limits: "trong ngày … hoặc trong ngày làm việc tiếp theo, nếu tiếp nhận yêu cầu
  sau 15 giờ": received at 15:00 exactly is still "not after 15:00", so due the same day.
* Pauses (§3.4): the paused days are the working days after the pause started, up to and
  including the day it ended. The request day is processing time (the officer worked on the
  dossier and wrote Mẫu 02); the completion day is paused, as the completed dossier is taken
  up again from the next working day (BLDS Điều 147 again). So
  `add_working_days(start, working_days_between(start, end)) == end` when `end` is a
  working day.

Everything here is pure apart from `WorkingCalendar.for_profile`, which reads the override
table and the office-hours rules in one query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The law being modelled is Vietnamese, so the zone is fixed, not read from settings.
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DEFAULT_RULE_PROFILE = "B"

# Names as `holidays.Vietnam(language="vi")` spells them; a prefix also matches the
# "(nghỉ bù)" compensatory day and the "(dự kiến)" estimated label.
UNCONFIRMED_HOLIDAY_NAMES = ("Ngày Văn hóa Việt Nam",)


class OverrideKind(models.TextChoices):
    EXTRA_DAY_OFF = "extra_day_off", _("Extra day off")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")
    DISABLED_HOLIDAY = "disabled_holiday", _("Holiday not observed")


class DayKind(StrEnum):
    WORKING = "working"
    MAKEUP = "makeup"  # a Saturday or Sunday worked in exchange for a weekday off
    HOLIDAY_IGNORED = "holiday_ignored"  # a package holiday the sandbox does not count
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # statutory, compensatory or swapped day off from the package
    EXTRA_DAY_OFF = "extra_day_off"


WORKING_KINDS = frozenset({DayKind.WORKING, DayKind.MAKEUP, DayKind.HOLIDAY_IGNORED})


@dataclass(frozen=True)
class Override:
    """One row of the override table, detached from the database."""

    day: date
    kind: str
    name: str = ""
    source_document: str = ""


@dataclass(frozen=True)
class OfficeHoursRule:
    """Office and desk hours in force from `effective_from`.

    Defaults: Hà Nội offices work 08:00–17:00 (QĐ 315/QĐ-UBND, 2012; the lunch break is not
    given by any source seen, 12:00–13:00 is assumed); one-stop desks receive and return
    08:00–11:00 and 13:30–16:30 (QĐ 18/2020/QĐ-UBND Điều 9); same-day procedures move to
    the next working day when received after 15:00 (chứng thực, hộ tịch cards).
    """

    effective_from: date = date(2018, 6, 21)
    office_morning_start: time = time(8, 0)
    office_morning_end: time = time(12, 0)
    office_afternoon_start: time = time(13, 0)
    office_afternoon_end: time = time(17, 0)
    desk_morning_start: time = time(8, 0)
    desk_morning_end: time = time(11, 0)
    desk_afternoon_start: time = time(13, 30)
    desk_afternoon_end: time = time(16, 30)
    same_day_cutoff: time = time(15, 0)
    after_hours_next_working_day: bool = True

    @property
    def opens(self) -> time:
        return self.office_morning_start

    @property
    def closes(self) -> time:
        return self.office_afternoon_end

    def desk_is_open(self, at: time) -> bool:
        return (
            self.desk_morning_start <= at < self.desk_morning_end
            or self.desk_afternoon_start <= at < self.desk_afternoon_end
        )


DEFAULT_HOURS = OfficeHoursRule()


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one date, with the name to show for it."""

    day: date
    kind: DayKind
    name: str = ""

    @property
    def is_working(self) -> bool:
        return self.kind in WORKING_KINDS


@dataclass(frozen=True)
class Pause:
    """A stretch during which the clock stands still: a supplement request (Mẫu 02 during
    processing) or, where the procedure card excludes it, a wait for the applicant's
    financial obligations (status 6). `start` and `end` are the days it began and ended."""

    start: date
    end: date
    financial: bool = False


@dataclass(frozen=True)
class DueDateExplanation:
    """A due date with the trail that produced it, for the command and for feedback."""

    received: datetime
    counted_from: datetime  # when the receipt counts as made (next opening if out of hours)
    working_days: int | None
    same_day: bool
    cutoff: time
    after_cutoff: bool
    due: date
    counted: tuple[DayInfo, ...] = ()
    skipped: tuple[DayInfo, ...] = ()

    @property
    def rolled_over(self) -> bool:
        return self.counted_from != self.received


def local_datetime(value: datetime) -> datetime:
    """`value` in Vietnamese local time; naive datetimes are refused, not guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("The receipt time must be a timezone-aware datetime.")
    return value.astimezone(VN_TZ)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return local_datetime(value).date()
    return value


class WorkingCalendar:
    """Working days for one rule profile: `holidays.Vietnam` plus the override table.

    Build it from plain data (`WorkingCalendar(overrides=[...], hours=[...])`) or from the
    database (`WorkingCalendar.for_profile("B")`). Day look-ups are cached on the instance,
    so one calendar answers any number of questions without touching the database again.
    """

    def __init__(
        self,
        *,
        overrides: Iterable[Override] = (),
        hours: Iterable[OfficeHoursRule] = (),
        rule_profile: str = DEFAULT_RULE_PROFILE,
    ):
        self.rule_profile = rule_profile
        self._overrides: dict[date, Override] = {}
        for entry in overrides:
            if entry.day in self._overrides:
                raise ValueError(f"Two calendar overrides for {entry.day.isoformat()}.")
            self._overrides[entry.day] = entry
        self._hours: tuple[OfficeHoursRule, ...] = tuple(
            sorted(hours, key=lambda rule: rule.effective_from)
        ) or (DEFAULT_HOURS,)
        self._package = holidays.Vietnam(language="vi")
        self._loaded_years: set[int] = set()
        self._days: dict[date, DayInfo] = {}

    @classmethod
    def for_profile(
        cls, rule_profile: str = DEFAULT_RULE_PROFILE, *, as_of: date | None = None
    ) -> WorkingCalendar:
        """The calendar stored for `rule_profile`: one query for the overrides, one for the
        office hours. Every override of the profile is loaded (a handful a year), so a count
        that runs into another year never needs a second query. With `as_of`, entries that
        took effect later are left out, to replay what the desk would have computed then."""
        from .models import CalendarOverride, OfficeHours

        rows = CalendarOverride.objects.filter(rule_profile=rule_profile)
        hours = OfficeHours.objects.filter(rule_profile=rule_profile)
        if as_of is not None:
            rows = rows.filter(effective_from__lte=as_of)
        return cls(
            overrides=[row.as_override() for row in rows],
            hours=[row.as_rule() for row in hours],
            rule_profile=rule_profile,
        )

    # Days

    def package_holiday(self, day: date) -> str:
        """The name of the package holiday on `day` that the sandbox recognises, or ""."""
        if day.year not in self._loaded_years:
            # Populating a year also records make-up days that fall in the year before
            # (a January day off worked on a late-December Saturday), so load the next too.
            for year in (day.year, day.year + 1):
                self._package.get(date(year, 1, 1))
            self._loaded_years.add(day.year)
        names = self._package.get(day) or ""
        kept = [
            part
            for part in names.split("; ")
            if part and not part.startswith(UNCONFIRMED_HOLIDAY_NAMES)
        ]
        return "; ".join(kept)

    def _unconfirmed_holiday(self, day: date) -> str:
        names = self._package.get(day) or ""
        return "; ".join(p for p in names.split("; ") if p.startswith(UNCONFIRMED_HOLIDAY_NAMES))

    def day(self, day: date) -> DayInfo:
        """Classify `day`; the override table wins over the package."""
        info = self._days.get(day)
        if info is None:
            info = self._classify(day)
            self._days[day] = info
        return info

    def _classify(self, day: date) -> DayInfo:
        weekend = day.weekday() >= 5
        override = self._overrides.get(day)
        holiday = self.package_holiday(day)
        if override is not None:
            if override.kind == OverrideKind.EXTRA_DAY_OFF:
                return DayInfo(day, DayKind.EXTRA_DAY_OFF, override.name)
            if override.kind == OverrideKind.MAKEUP_WORKDAY:
                return DayInfo(day, DayKind.MAKEUP, override.name)
            if override.kind == OverrideKind.DISABLED_HOLIDAY:
                if weekend:
                    return DayInfo(day, DayKind.WEEKEND, str(_weekday_name(day)))
                return DayInfo(day, DayKind.HOLIDAY_IGNORED, override.name or holiday)
        if weekend:
            if day in self._package.weekend_workdays:
                return DayInfo(day, DayKind.MAKEUP, str(_("Make-up working day")))
            return DayInfo(
                day,
                DayKind.HOLIDAY if holiday else DayKind.WEEKEND,
                holiday or str(_weekday_name(day)),
            )
        if holiday:
            return DayInfo(day, DayKind.HOLIDAY, holiday)
        unconfirmed = self._unconfirmed_holiday(day)
        if unconfirmed:
            return DayInfo(day, DayKind.HOLIDAY_IGNORED, unconfirmed)
        return DayInfo(day, DayKind.WORKING)

    def is_working_day(self, day: date) -> bool:
        return self.day(day).is_working

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself is never counted); n=0 gives `day`."""
        if n < 0:
            raise ValueError("The number of working days cannot be negative.")
        current = day
        while n:
            current += timedelta(days=1)
            if self.is_working_day(current):
                n -= 1
        return current

    def working_days_in(self, start: date, end: date) -> list[date]:
        """The working days after `start` up to and including `end`."""
        if end < start:
            raise ValueError("The end of a period cannot come before its start.")
        days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
        return [d for d in days if self.is_working_day(d)]

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after `start` up to and including `end`."""
        return len(self.working_days_in(start, end))

    # Office hours

    def hours_on(self, day: date) -> OfficeHoursRule:
        """The office-hours rule in force on `day` (the earliest rule before any is)."""
        current = self._hours[0]
        for rule in self._hours:
            if rule.effective_from <= day:
                current = rule
        return current

    def counted_from(self, received: datetime) -> datetime:
        """When a receipt counts as made: as given, or at the next working day's opening if
        it arrived on a rest day or (with `after_hours_next_working_day`) after closing."""
        local = local_datetime(received)
        day = local.date()
        hours = self.hours_on(day)
        if self.is_working_day(day) and not (
            hours.after_hours_next_working_day and local.time() >= hours.closes
        ):
            return local
        following = self.next_working_day(day)
        return datetime.combine(following, self.hours_on(following).opens, tzinfo=VN_TZ)

    # Due dates

    def explain_due_date(
        self,
        received: datetime,
        *,
        working_days: int | None = None,
        same_day: bool = False,
        cutoff: time | None = None,
    ) -> DueDateExplanation:
        """The appointment date for a dossier received at `received`, with its trail.

        Exactly one of `working_days` (N ≥ 1: due on the N-th working day after the receipt
        day) and `same_day` (due that day, or the next working day if received after the
        cutoff) must be given. `cutoff` defaults to the rule in force on the receipt date.
        """
        if same_day == (working_days is not None):
            raise ValueError("Give either a number of working days or same_day=True.")
        if working_days is not None and (
            isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 1
        ):
            raise ValueError("The number of working days must be a whole number of at least 1.")
        local = local_datetime(received)
        start = self.counted_from(local)
        if cutoff is None:
            cutoff = self.hours_on(local.date()).same_day_cutoff
        after_cutoff = False
        if same_day:
            after_cutoff = start == local and local.time() > cutoff
            due = self.next_working_day(start.date()) if after_cutoff else start.date()
        else:
            due = self.add_working_days(start.date(), working_days)
        first = start.date() if same_day and not after_cutoff else start.date() + timedelta(1)
        trail = [self.day(first + timedelta(days=i)) for i in range((due - first).days + 1)]
        return DueDateExplanation(
            received=local,
            counted_from=start,
            working_days=working_days,
            same_day=same_day,
            cutoff=cutoff,
            after_cutoff=after_cutoff,
            due=due,
            counted=tuple(info for info in trail if info.is_working),
            skipped=tuple(info for info in trail if not info.is_working),
        )

    def due_date(
        self,
        received: datetime,
        *,
        working_days: int | None = None,
        same_day: bool = False,
        cutoff: time | None = None,
    ) -> date:
        """The appointment date; see `explain_due_date`."""
        return self.explain_due_date(
            received, working_days=working_days, same_day=same_day, cutoff=cutoff
        ).due

    def paused_due_date(
        self, old_due: date, pause_start: date | datetime, pause_end: date | datetime
    ) -> date:
        """`old_due` moved on by the working days of one pause (see the module docstring
        for which days count): `add_working_days(old_due, working_days_between(...))`."""
        return self.due_date_after_pauses(
            old_due, [Pause(_as_date(pause_start), _as_date(pause_end))]
        )

    def due_date_after_pauses(
        self,
        old_due: date,
        pauses: Iterable[Pause],
        *,
        financial_waits_excluded: bool = False,
    ) -> date:
        """`old_due` moved on by every paused working day, each counted once even where
        pauses overlap. Financial-obligation waits move it only when the procedure card says
        "không kể thời gian thực hiện nghĩa vụ tài chính" (`financial_waits_excluded`)."""
        paused: set[date] = set()
        for pause in pauses:
            if pause.financial and not financial_waits_excluded:
                continue
            paused.update(self.working_days_in(pause.start, pause.end))
        return self.add_working_days(old_due, len(paused))


def _weekday_name(day: date):
    return WEEKDAYS[day.weekday()]


def override_problem(calendar: WorkingCalendar, entry: Override) -> str | None:
    """Why `entry` cannot be added to `calendar` (built without it), or None.

    A make-up working day must fall on a Saturday or Sunday; an extra day off must fall on a
    day the calendar still counts as working; a disabled holiday must be a holiday the
    calendar counts. Each rule catches an entry that would change nothing or mean the
    opposite of what its kind says.
    """
    shown = date_format(entry.day, "SHORT_DATE_FORMAT")
    info = calendar.day(entry.day)
    if entry.kind == OverrideKind.MAKEUP_WORKDAY and entry.day.weekday() < 5:
        return _(
            "A make-up working day must be a Saturday or Sunday; %(date)s is a %(weekday)s."
        ) % {"date": shown, "weekday": _weekday_name(entry.day)}
    if entry.kind == OverrideKind.EXTRA_DAY_OFF and not info.is_working:
        return _("%(date)s is already a day off (%(reason)s).") % {
            "date": shown,
            "reason": info.name,
        }
    if entry.kind == OverrideKind.DISABLED_HOLIDAY and not calendar.package_holiday(entry.day):
        return _(
            "%(date)s is not a public holiday in the calendar, so there is nothing to disable."
        ) % {"date": shown}
    return None
