"""Roll-ups of training figures per unit and per course, and the trend of completions.

Pure read functions: each takes the viewing `user` and returns plain rows, scoped by
`training.reports.scope` (a leader gets their own unit, HR the district, anyone else
nothing). Every function runs a fixed number of queries, whatever the number of units,
courses or officers: the figures are grouped aggregates (`Count(filter=...)`, `Sum`),
never a query per row.

Definitions shared by the page, the exports and the benchmark:
- Only active officers count: a deactivated officer's enrolments leave the figures.
- `assigned` counts enrolments (assigned or self-enrolled); `completed + in_progress +
  not_started == assigned`. `overdue` is the part of the unfinished ones whose due date is
  before today in Asia/Ho_Chi_Minh.
- `completion_rate` is `completed / assigned` (a fraction, 0-1), `None` when nothing is
  assigned.
- `mean_quiz` is the mean grade (percent) of the graded quiz attempts of the officers;
  `mean_scenario` the mean score of their assessed sandbox-scenario attempts (practice runs
  are not judged). Both are `None` without attempts.
- `period` is an optional `(first, last)` pair of dates: it keeps the enrolments due in it
  (inclusive) and the attempts finished in it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from courses.models import CoursePage, Enrolment
from courses.quiz.models import Attempt
from courses.search import fold
from sandbox.scenarios.models import ScenarioAttempt
from training.people.models import Officer, Unit

from .scope import can_view_reports, visible_units

Period = tuple[date, date]

_STATUS = Enrolment.Status


@dataclass
class Figures:
    """The figures shared by a unit row, a course row and the total."""

    assigned: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    quiz_attempts: int = 0
    quiz_total: Decimal = Decimal(0)
    scenario_attempts: int = 0
    scenario_total: Decimal = Decimal(0)

    @property
    def completion_rate(self) -> float | None:
        """Completed ÷ assigned as a fraction (0–1); None when nothing is assigned."""
        if not self.assigned:
            return None
        return self.completed / self.assigned

    @property
    def completion_percent(self) -> float | None:
        rate = self.completion_rate
        return None if rate is None else rate * 100

    @property
    def mean_quiz(self) -> Decimal | None:
        return _mean(self.quiz_total, self.quiz_attempts)

    @property
    def mean_scenario(self) -> Decimal | None:
        return _mean(self.scenario_total, self.scenario_attempts)

    def add(self, other: Figures) -> None:
        for name in _FIGURE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_FIGURE_FIELDS = tuple(Figures.__dataclass_fields__)


@dataclass
class UnitRollup(Figures):
    unit: Unit | None = None
    officers: int = 0
    rank: int | None = None

    @property
    def label(self) -> str:
        return self.unit.name if self.unit else ""


@dataclass
class CourseRollup(Figures):
    course: CoursePage | None = None

    @property
    def label(self) -> str:
        return self.course.title if self.course else ""


@dataclass
class Total(Figures):
    officers: int = 0


@dataclass(frozen=True)
class TrendPoint:
    month: date  # the first day of the month, local time
    completed: int


def _mean(total: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.1"))


def scoped_units(
    *, user, kind: str | None = None, units=None, unit: Unit | int | None = None
) -> QuerySet[Unit]:
    """The units `user` may report on, narrowed by kind and by the units asked for.

    Asked-for units are intersected with the visible ones, so an id from a tampered URL
    can only narrow the selection, never widen it.
    """
    queryset = visible_units(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if unit is not None:
        queryset = queryset.filter(pk=getattr(unit, "pk", unit))
    if units is not None:
        queryset = queryset.filter(pk__in=[getattr(u, "pk", u) for u in units])
    return queryset


def _enrolment_figures(today: date) -> dict:
    """The same four states as the compliance matrix, which partition the assigned
    enrolments: an overdue enrolment counts as overdue only, not also as in progress or
    not started (so the two pages always agree)."""
    late = ~Q(status=_STATUS.COMPLETED) & Q(due_date__lt=today)
    return {
        "assigned": Count("pk"),
        "completed": Count("pk", filter=Q(status=_STATUS.COMPLETED)),
        "in_progress": Count("pk", filter=Q(status=_STATUS.IN_PROGRESS) & ~late),
        "not_started": Count("pk", filter=Q(status=_STATUS.NOT_STARTED) & ~late),
        "overdue": Count("pk", filter=late),
    }


def _finished_in(period: Period | None, field_name: str) -> Q:
    if period is None:
        return Q()
    tz = timezone.get_default_timezone()
    start = datetime.combine(period[0], time.min, tzinfo=tz)
    end = datetime.combine(period[1], time.max, tzinfo=tz)
    return Q(**{f"{field_name}__range": (start, end)})


_UNIT = "user__officer__unit_id"
_COURSE = "course_id"


def _grouped_figures(*, unit_ids, course, period: Period | None, today: date) -> dict:
    """{(unit id, course id): Figures} of the active officers of `unit_ids`.

    One scan of the enrolments, one of the quiz attempts and one of the scenario
    attempts, each grouped by unit and course (at most 23 × courses rows), so the unit
    rows and the course rows of a page come from the same three queries.
    """
    scope = Q(user__officer__unit__in=unit_ids, user__officer__is_active=True)
    if course is not None:
        scope &= Q(course=course)
    figures: dict = {}

    def cell(row) -> Figures:
        return figures.setdefault((row[_UNIT], row[_COURSE]), Figures())

    enrolments = Enrolment.objects.filter(scope)
    if period is not None:
        enrolments = enrolments.filter(due_date__range=period)
    for row in enrolments.values(_UNIT, _COURSE).annotate(**_enrolment_figures(today)).order_by():
        target = cell(row)
        for name in ("assigned", "completed", "in_progress", "not_started", "overdue"):
            setattr(target, name, row[name])

    quizzes = (
        Attempt.objects.filter(scope, _finished_in(period, "finished_at"))
        .filter(state=Attempt.State.FINISHED, percent__isnull=False)
        .values(_UNIT, _COURSE)
        .annotate(n=Count("pk"), total=Sum("percent"))
        .order_by()
    )
    for row in quizzes:
        target = cell(row)
        target.quiz_attempts, target.quiz_total = row["n"], row["total"]

    scenarios = (
        ScenarioAttempt.objects.filter(scope, _finished_in(period, "submitted_at"))
        .filter(state="assessed", mode="assessed", score__isnull=False)
        .values(_UNIT, _COURSE)
        .annotate(n=Count("pk"), total=Sum("score"))
        .order_by()
    )
    for row in scenarios:
        target = cell(row)
        target.scenario_attempts, target.scenario_total = row["n"], row["total"]
    return figures


def _rank_key(row):
    rate = row.completion_rate
    return (rate is None, -(rate or 0), fold(row.label), row.label)


def _unit_rows(unit_list, figures: dict) -> list[UnitRollup]:
    rows = {u.pk: UnitRollup(unit=u, officers=u.n_officers) for u in unit_list}
    for (unit_id, _course_id), cell in figures.items():
        if unit_id in rows:
            rows[unit_id].add(cell)
    ranked = sorted(rows.values(), key=_rank_key)
    for position, row in enumerate(ranked, start=1):
        row.rank = position if row.completion_rate is not None else None
    return ranked


def _course_rows(course: CoursePage | None, figures: dict) -> list[CourseRollup]:
    if course is not None:
        courses = [course]
    else:
        with_data = {course_id for _unit_id, course_id in figures}
        courses = CoursePage.objects.filter(Q(live=True) | Q(pk__in=with_data))
    rows = {c.pk: CourseRollup(course=c) for c in courses}
    for (_unit_id, course_id), cell in figures.items():
        if course_id in rows:
            rows[course_id].add(cell)
    return sorted(rows.values(), key=_rank_key)


def _visible_unit_list(*, user, kind, units, unit) -> list[Unit]:
    return list(
        scoped_units(user=user, kind=kind, units=units, unit=unit).annotate(
            n_officers=Count("officers", filter=Q(officers__is_active=True), distinct=True)
        )
    )


def rollups(
    *,
    user,
    course: CoursePage | None = None,
    today: date | None = None,
    period: Period | None = None,
    kind: str | None = None,
    units=None,
    unit: Unit | int | None = None,
) -> tuple[list[UnitRollup], list[CourseRollup]]:
    """`(unit_rollups(...), course_rollups(...))` from one set of queries (five)."""
    today = today or timezone.localdate()
    unit_list = _visible_unit_list(user=user, kind=kind, units=units, unit=unit)
    if not unit_list:
        return [], []
    figures = _grouped_figures(
        unit_ids=[u.pk for u in unit_list], course=course, period=period, today=today
    )
    return _unit_rows(unit_list, figures), _course_rows(course, figures)


def unit_rollups(
    *,
    user,
    course: CoursePage | None = None,
    today: date | None = None,
    period: Period | None = None,
    kind: str | None = None,
    units=None,
    unit: Unit | int | None = None,
) -> list[UnitRollup]:
    """One row per unit `user` may see (narrowed by `kind`/`units`/`unit`), ranked by
    completion rate (highest first; units with nothing assigned last; ties by name).

    Four queries (three while the scenarios app has no attempts model).
    """
    today = today or timezone.localdate()
    unit_list = _visible_unit_list(user=user, kind=kind, units=units, unit=unit)
    if not unit_list:
        return []
    figures = _grouped_figures(
        unit_ids=[u.pk for u in unit_list], course=course, period=period, today=today
    )
    return _unit_rows(unit_list, figures)


def course_rollups(
    *,
    user,
    course: CoursePage | None = None,
    today: date | None = None,
    period: Period | None = None,
    kind: str | None = None,
    units=None,
    unit: Unit | int | None = None,
) -> list[CourseRollup]:
    """One row per course: the live courses and any other course with enrolments in the
    user's scope, with the figures of the officers of the selected units; sorted by
    completion rate like the units. Four queries (the units are a subquery)."""
    today = today or timezone.localdate()
    if not can_view_reports(user):
        return []
    unit_ids = scoped_units(user=user, kind=kind, units=units, unit=unit).values("pk")
    figures = _grouped_figures(unit_ids=unit_ids, course=course, period=period, today=today)
    return _course_rows(course, figures)


def rollup_total(rows) -> Total:
    """The sum of `rows` (officers too, for unit rows); the means are weighted by attempts,
    so the total's mean is the mean of all the attempts, not a mean of means."""
    total = Total()
    for row in rows:
        total.add(row)
        total.officers += getattr(row, "officers", 0)
    return total


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def completion_trend(
    *,
    user,
    months: int = 12,
    unit: Unit | int | None = None,
    course: CoursePage | None = None,
    today: date | None = None,
    kind: str | None = None,
    units=None,
) -> list[TrendPoint]:
    """Completions per calendar month (Asia/Ho_Chi_Minh) over the last `months` months,
    this month included, oldest first; months without completions are there with 0.

    One query: a count per month between local month boundaries (`Count(filter=...)`),
    which gives the same figures as grouping by `TruncMonth(tzinfo=...)` without a time
    zone conversion per row (SQLite does those in Python, ten times slower). A completion
    counts in the month its enrolment was completed, whatever the roll-ups' period.
    """
    today = today or timezone.localdate()
    months = min(max(1, int(months)), 120)
    first = add_months(today, -(months - 1))
    tz = timezone.get_default_timezone()
    bounds = [
        datetime.combine(add_months(first, i), time.min, tzinfo=tz) for i in range(months + 1)
    ]
    officers = Officer.objects.filter(
        unit__in=scoped_units(user=user, kind=kind, units=units, unit=unit), is_active=True
    )
    queryset = Enrolment.objects.filter(
        user_id__in=officers.values("user_id"),
        status=_STATUS.COMPLETED,
        completed_at__gte=bounds[0],
        completed_at__lt=bounds[-1],
    )
    if course is not None:
        queryset = queryset.filter(course=course)
    counts = queryset.aggregate(
        **{
            f"m{i}": Count(
                "pk", filter=Q(completed_at__gte=bounds[i], completed_at__lt=bounds[i + 1])
            )
            for i in range(months)
        }
    )
    return [TrendPoint(month=bounds[i].date(), completed=counts[f"m{i}"]) for i in range(months)]
