"""The roll-up page (`/bao-cao/tong-hop/`) and its XLSX and CSV exports.

Access: HR and administrators (the district) and leaders (their own unit), as decided by
`training.reports.scope`; anyone else gets 403. Filters come from the query string and
are validated by `RollupFilterForm`; values that are not understood (an unknown course,
a unit outside the viewer's scope, a made-up period) give a message and the default
figures, never an error page and never another unit's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from courses.models import CoursePage
from training.people.models import Unit

from . import charts
from .exports import stream_csv, xlsx_response
from .rollups import (
    add_months,
    completion_trend,
    month_end,
    rollup_total,
    rollups,
)
from .scope import can_view_reports, sees_district, visible_units

PERIODS = [
    ("", gettext_lazy("Any due date")),
    ("this-quarter", gettext_lazy("Due this quarter")),
    ("this-year", gettext_lazy("Due this year")),
    ("last-year", gettext_lazy("Due last year")),
]
MONTHS = [
    (6, gettext_lazy("Last 6 months")),
    (12, gettext_lazy("Last 12 months")),
    (24, gettext_lazy("Last 24 months")),
]
DEFAULT_MONTHS = 12


def period_bounds(key: str, today: date) -> tuple[date, date] | None:
    """The (first, last) due dates of a period choice, relative to `today`."""
    if key == "this-quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return first, month_end(add_months(first, 2))
    if key == "this-year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if key == "last-year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


class RollupFilterForm(forms.Form):
    """The filters of the page and of its exports (GET).

    The unit choices are the viewer's visible units, so a unit id from another scope is
    an invalid choice. Leaders have one unit: for them the unit and kind fields are not
    offered at all.
    """

    course = forms.ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All courses"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of unit"),
        choices=[
            ("", gettext_lazy("Departments and wards")),
            (Unit.Kind.DEPARTMENT, gettext_lazy("Specialist departments only")),
            (Unit.Kind.WARD, gettext_lazy("Wards only")),
        ],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All units"),
        error_messages={
            "invalid_choice": gettext_lazy("That unit is not one you can see in the reports.")
        },
    )
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    months = forms.TypedChoiceField(
        label=gettext_lazy("Trend over"),
        choices=MONTHS,
        coerce=int,
        required=False,
        empty_value=DEFAULT_MONTHS,
        initial=DEFAULT_MONTHS,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["course"].error_messages["invalid_choice"] = _(
            "That course is not in the list."
        )
        self.fields["period"].error_messages["invalid_choice"] = _(
            "That period is not in the list."
        )
        self.fields["months"].error_messages["invalid_choice"] = _(
            "That trend length is not in the list."
        )
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "That kind of unit is not in the list."
        )
        self.district = sees_district(user)
        if self.district:
            self.fields["unit"].queryset = visible_units(user)
        else:
            del self.fields["kind"]
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        if data.get("unit"):
            # One unit chosen: the kind filter would only hide it.
            data["kind"] = ""
        return data


@dataclass
class Filters:
    """The filters in force (cleaned, or the defaults when the form was not valid)."""

    course: CoursePage | None = None
    kind: str = ""
    unit: Unit | None = None
    period_key: str = ""
    period: tuple[date, date] | None = None
    months: int = DEFAULT_MONTHS
    today: date = field(default_factory=timezone.localdate)

    def query(self) -> dict:
        """The query string that reproduces these filters (for the export links)."""
        params = {
            "course": self.course.pk if self.course else "",
            "kind": self.kind,
            "unit": self.unit.pk if self.unit else "",
            "period": self.period_key,
            "months": self.months if self.months != DEFAULT_MONTHS else "",
        }
        return {key: value for key, value in params.items() if value}

    def scope(self) -> dict:
        return {"kind": self.kind or None, "unit": self.unit}


def read_filters(request) -> tuple[RollupFilterForm, Filters]:
    if not can_view_reports(request.user):
        raise PermissionDenied
    params = request.GET if request.GET else None
    form = RollupFilterForm(params, user=request.user)
    filters = Filters()
    if params is not None and form.is_valid():
        data = form.cleaned_data
        filters.course = data["course"]
        filters.kind = data.get("kind") or ""
        filters.unit = data.get("unit")
        filters.period_key = data["period"] or ""
        filters.period = period_bounds(filters.period_key, filters.today)
        filters.months = data["months"] or DEFAULT_MONTHS
    return form, filters


def load_rollups(user, filters: Filters) -> dict:
    """Every figure of the page: unit rows, course rows, totals and the trend."""
    common = {"user": user, "course": filters.course, "today": filters.today}
    units, courses = rollups(**common, period=filters.period, **filters.scope())
    trend = completion_trend(**common, months=filters.months, **filters.scope())
    return {
        "unit_rows": units,
        "course_rows": courses,
        "total": rollup_total(units),
        "trend": trend,
    }


def percent_text(rate: float | None) -> str:
    """A rate (0–1) as "66,7%" in Vietnamese, "66.7%" in English; "—" when undefined."""
    if rate is None:
        return "—"
    # number_format cuts decimals off; round first so 2/3 shows 66,7%, not 66,6%.
    return f"{number_format(round(rate * 100, 1), 1)}%"


def score_text(value) -> str:
    return "—" if value is None else number_format(round(value, 1), 1)


def month_label(month: date) -> str:
    return date_format(month, "m/Y")


@dataclass
class Chart:
    """A chart and the table that carries the same data for screen readers and print."""

    chart_id: str
    title: str
    svg: SafeString
    label_header: str
    value_header: str
    rows: list[tuple[str, str]]
    note: str = ""


def completion_chart(rows) -> Chart:
    title = _("Completion rate by unit")
    bars = [
        charts.Bar(
            label=row.label,
            value=row.completion_percent,
            value_label=percent_text(row.completion_rate)
            if row.completion_rate is not None
            else _("nothing assigned"),
        )
        for row in rows
    ]
    rated = [row for row in rows if row.completion_rate is not None]
    if rated:
        best, worst = rated[0], rated[-1]
        description = _(
            "Units ranked by the share of assigned courses completed. "
            "Highest: %(best)s, %(best_rate)s. Lowest: %(worst)s, %(worst_rate)s."
        ) % {
            "best": best.label,
            "best_rate": percent_text(best.completion_rate),
            "worst": worst.label,
            "worst_rate": percent_text(worst.completion_rate),
        }
    else:
        description = _("No course is assigned to the officers of these units.")
    unrated = len(rows) - len(rated)
    if rated and unrated:
        description += " " + ngettext(
            "%(count)d unit has nothing assigned.",
            "%(count)d units have nothing assigned.",
            unrated,
        ) % {"count": unrated}
    svg = charts.bar_chart(
        chart_id="chart-completion",
        title=title,
        description=description,
        bars=bars,
        maximum=100,
        tick_suffix="%",
        empty_text=_("No units to show."),
    )
    return Chart(
        chart_id="chart-completion",
        title=title,
        svg=svg,
        label_header=_("Unit"),
        value_header=_("Completion rate"),
        rows=[(bar.label, bar.value_label) for bar in bars],
        note=description,
    )


def overdue_chart(rows) -> Chart:
    title = _("Overdue enrolments by unit")
    ordered = sorted(rows, key=lambda row: -row.overdue)  # stable: ties keep the ranking
    bars = [
        charts.Bar(label=row.label, value=row.overdue, value_label=number_format(row.overdue))
        for row in ordered
    ]
    total = sum(row.overdue for row in rows)
    if total:
        top = ordered[0]
        description = _(
            "Unfinished courses past their due date, most first. "
            "%(total)s in all; most in %(unit)s (%(count)s)."
        ) % {
            "total": number_format(total, force_grouping=True),
            "unit": top.label,
            "count": number_format(top.overdue, force_grouping=True),
        }
    else:
        description = _("No officer of these units is overdue.")
    svg = charts.bar_chart(
        chart_id="chart-overdue",
        title=title,
        description=description,
        bars=bars,
        colour=charts.RED,
        empty_text=_("No units to show."),
    )
    return Chart(
        chart_id="chart-overdue",
        title=title,
        svg=svg,
        label_header=_("Unit"),
        value_header=_("Overdue"),
        rows=[(bar.label, bar.value_label) for bar in bars],
        note=description,
    )


def trend_chart(points) -> Chart:
    title = ngettext(
        "Completions per month, last %(count)d month",
        "Completions per month, last %(count)d months",
        len(points),
    ) % {"count": len(points)}
    chart_points = [
        charts.Point(
            label=month_label(p.month),
            value=p.completed,
            value_label=number_format(p.completed, force_grouping=True),
        )
        for p in points
    ]
    total = sum(p.completed for p in points)
    if total:
        busiest = max(points, key=lambda p: p.completed)
        description = _(
            "%(total)s courses completed from %(first)s to %(last)s; "
            "the busiest month was %(month)s with %(count)s."
        ) % {
            "total": number_format(total, force_grouping=True),
            "first": month_label(points[0].month),
            "last": month_label(points[-1].month),
            "month": month_label(busiest.month),
            "count": number_format(busiest.completed, force_grouping=True),
        }
    else:
        description = _("No course was completed in these months.")
    svg = charts.line_chart(
        chart_id="chart-trend", title=title, description=description, points=chart_points
    )
    return Chart(
        chart_id="chart-trend",
        title=title,
        svg=svg,
        label_header=_("Month"),
        value_header=_("Courses completed"),
        rows=[(p.label, p.value_label) for p in chart_points],
        note=description,
    )


def scope_label(user, filters: Filters, rows) -> str:
    if not sees_district(user):
        unit = rows[0].label if rows else ""
        return _("Your unit: %(unit)s") % {"unit": unit}
    if filters.unit:
        return filters.unit.name
    if filters.kind == Unit.Kind.DEPARTMENT:
        return _("The specialist departments of the district")
    if filters.kind == Unit.Kind.WARD:
        return _("The wards of the district")
    return _("All departments and wards of the district")


@login_required
def rollups_page(request):
    """Roll-ups per unit and course, the trend of completions and the charts."""
    form, filters = read_filters(request)
    data = load_rollups(request.user, filters)
    query = urlencode(filters.query())
    context = {
        "form": form,
        "filters": filters,
        "filters_rejected": form.is_bound and not form.is_valid(),
        "scope_label": scope_label(request.user, filters, data["unit_rows"]),
        "district": sees_district(request.user),
        "export_query": query,
        "charts": [
            completion_chart(data["unit_rows"]),
            overdue_chart(data["unit_rows"]),
        ],
        "trend_chart": trend_chart(data["trend"]),
        "report_section": "rollups",
        **data,
    }
    return render(request, "reports/rollups.html", context)


# Column headers of the exports (Vietnamese by default, like the page).
def unit_headers() -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        _("Kind"),
        _("Officers"),
        _("Assigned"),
        _("Completed"),
        _("In progress"),
        _("Not started"),
        _("Overdue"),
        _("Completion rate (%)"),
        _("Mean quiz score (%)"),
        _("Mean scenario score (%)"),
    ]


def course_headers() -> list[str]:
    return [
        _("Course"),
        _("Assigned"),
        _("Completed"),
        _("In progress"),
        _("Not started"),
        _("Overdue"),
        _("Completion rate (%)"),
        _("Mean quiz score (%)"),
        _("Mean scenario score (%)"),
    ]


def _rate_number(rate: float | None):
    return None if rate is None else round(rate * 100, 1)


def _figures(row) -> list:
    return [
        row.assigned,
        row.completed,
        row.in_progress,
        row.not_started,
        row.overdue,
        _rate_number(row.completion_rate),
        row.mean_quiz,
        row.mean_scenario,
    ]


def unit_cells(rows) -> list[list]:
    return [
        [row.rank, row.label, row.unit.get_kind_display(), row.officers, *_figures(row)]
        for row in rows
    ]


def course_cells(rows) -> list[list]:
    return [[row.label, *_figures(row)] for row in rows]


def _export_filters(request):
    form, filters = read_filters(request)
    if form.is_bound and not form.is_valid():
        # Never export figures other than the ones asked for: show the page and its message.
        return None, redirect(f"{reverse('reports:rollups')}?{request.GET.urlencode()}")
    return filters, None


def _filename(filters: Filters, extension: str) -> str:
    return f"tong-hop-dao-tao-{filters.today:%Y%m%d}.{extension}"


@login_required
def rollups_xlsx(request):
    """The roll-ups as a workbook: units, courses, trend (rates as percentages, numbers)."""
    filters, bounce = _export_filters(request)
    if bounce:
        return bounce
    data = load_rollups(request.user, filters)
    trend_rows = [[month_label(p.month), p.month, p.completed] for p in data["trend"]]
    return xlsx_response(
        _filename(filters, "xlsx"),
        [
            (_("Units"), unit_headers(), unit_cells(data["unit_rows"])),
            (_("Courses"), course_headers(), course_cells(data["course_rows"])),
            (_("Trend"), [_("Month"), _("From"), _("Courses completed")], trend_rows),
        ],
    )


@login_required
def rollups_csv(request):
    """The unit roll-ups as CSV (UTF-8 with BOM for Excel)."""
    filters, bounce = _export_filters(request)
    if bounce:
        return bounce
    data = load_rollups(request.user, filters)
    return stream_csv(_filename(filters, "csv"), unit_headers(), unit_cells(data["unit_rows"]))
