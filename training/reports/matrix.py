"""The compliance matrix: officers × the courses they are enrolled in, and its filters.

Rows are officers, columns the courses in which any of the filtered officers has an
enrolment (assigned or self-enrolled); a cell is one enrolment with its derived state
(not started / in progress / completed / overdue, `EnrolmentQuerySet.with_state`).

Every query starts from `scope.visible_officers(user)`, and the unit filter only accepts
units from `scope.visible_units(user)`: a unit id typed into the URL that the user may not
see is a form error, and an invalid form shows nothing rather than everything.

The page is paginated by officer and costs a fixed number of queries whatever the number
of officers or enrolments: the count and the page of officers, the page's enrolments (with
their certificates), the columns, the totals per state, plus the form's choices.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Enrolment, local_today
from training.people.models import Officer, Position, Unit

from .scope import visible_officers, visible_units

PER_PAGE = 50


class State:
    """A cell's state: the enrolment's status, or "overdue" when past due and unfinished."""

    NOT_STARTED = Enrolment.Status.NOT_STARTED.value
    IN_PROGRESS = Enrolment.Status.IN_PROGRESS.value
    COMPLETED = Enrolment.Status.COMPLETED.value
    OVERDUE = "overdue"

    choices = [
        (NOT_STARTED, Enrolment.Status.NOT_STARTED.label),
        (IN_PROGRESS, Enrolment.Status.IN_PROGRESS.label),
        (COMPLETED, Enrolment.Status.COMPLETED.label),
        (OVERDUE, _("Overdue")),
    ]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """The labels in the active language, as plain strings (for exports)."""
        return {value: str(label) for value, label in cls.choices}


class DueWindow:
    WEEK = "7"
    MONTH = "30"
    OVERDUE = "overdue"
    NONE = "none"

    choices = [
        (WEEK, _("Due within 7 days")),
        (MONTH, _("Due within 30 days")),
        (OVERDUE, _("Past the due date")),
        (NONE, _("No due date")),
    ]


class MatrixFilterForm(forms.Form):
    """The matrix's filters, read from the query string. Every field is optional.

    The unit choices are the units the user may report on, grouped into departments and
    wards; anything else (another unit's id, a made-up status) is a validation error.
    """

    q = forms.CharField(
        label=_("Name or employee code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Unit type"),
        required=False,
        choices=[("", _("Departments and wards")), *Unit.Kind.choices],
    )
    position = forms.ModelChoiceField(
        label=_("Position"),
        required=False,
        queryset=Position.objects.only("name"),
        empty_label=_("All positions"),
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        required=False,
        queryset=CoursePage.objects.order_by("title").only("title"),
        empty_label=_("All courses"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *State.choices]
    )
    due = forms.ChoiceField(
        label=_("Due date"),
        required=False,
        choices=[("", _("Any due date")), *DueWindow.choices],
        help_text=_("Windows of 7 and 30 days count only courses not completed yet."),
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        units = list(visible_units(user).only("pk", "kind", "name_vi", "name_en", "sort_order"))
        self.units = {unit.pk: unit for unit in units}
        groups = []
        for kind, label in Unit.Kind.choices:
            options = [(unit.pk, unit.name) for unit in units if unit.kind == kind]
            if options:
                groups.append((label, options))
        everyone = _("All units") if len(units) > 1 else _("My unit")
        self.fields["unit"].choices = [("", everyone), *groups]
        if len(units) <= 1:
            # A leader has one unit: the unit type filter would only be noise.
            del self.fields["kind"]

    def clean_unit(self):
        unit_id = self.cleaned_data.get("unit")
        return self.units[unit_id] if unit_id is not None else None

    def clean_q(self):
        return " ".join(self.cleaned_data.get("q", "").split())


@dataclass(frozen=True)
class MatrixFilters:
    """Validated filters (the cleaned data of `MatrixFilterForm`)."""

    q: str = ""
    unit: Unit | None = None
    kind: str = ""
    position: Position | None = None
    course: CoursePage | None = None
    status: str = ""
    due: str = ""

    @classmethod
    def from_form(cls, form: MatrixFilterForm) -> MatrixFilters:
        data = form.cleaned_data
        defaults = cls()
        return cls(
            **{name: data.get(name) or getattr(defaults, name) for name in cls.__dataclass_fields__}
        )

    @property
    def filters_cells(self) -> bool:
        """Whether a filter applies to enrolments (then officers without a match drop out)."""
        return bool(self.course or self.status or self.due)


def matrix_officers(
    user, filters: MatrixFilters, *, today: date | None = None
) -> QuerySet[Officer]:
    """The matrix's rows: active officers `user` may see, narrowed by the filters.

    Without a course, status or due filter, officers who have no enrolment at all are
    rows too (HR wants to see who has been assigned nothing).
    """
    officers = _officers(user, filters)
    if filters.filters_cells:
        cells = _cells(filters, today=today or local_today())
        officers = officers.filter(Exists(cells.filter(user_id=OuterRef("user_id"))))
    return officers.order_by("unit__kind", "unit__sort_order", "full_name", "pk")


def matrix_enrolments(
    user, filters: MatrixFilters, *, today: date | None = None
) -> QuerySet[Enrolment]:
    """The matrix's cells: enrolments of the filtered officers, annotated with `state`."""
    cells = _cells(filters, today=today or local_today())
    return cells.filter(user_id__in=_officers(user, filters).values("user_id"))


def _cells(filters: MatrixFilters, *, today: date) -> QuerySet[Enrolment]:
    """Enrolments matching the course, status and due filters, of any officer."""
    enrolments = Enrolment.objects.with_state(today)
    if filters.course:
        enrolments = enrolments.filter(course=filters.course)
    if filters.status:
        enrolments = enrolments.filter(state=filters.status)
    if filters.due in (DueWindow.WEEK, DueWindow.MONTH):
        enrolments = enrolments.exclude(status=Enrolment.Status.COMPLETED).filter(
            due_date__gte=today, due_date__lte=today + timedelta(days=int(filters.due))
        )
    elif filters.due == DueWindow.OVERDUE:
        enrolments = enrolments.filter(state=State.OVERDUE)
    elif filters.due == DueWindow.NONE:
        enrolments = enrolments.filter(due_date__isnull=True)
    return enrolments


def _officers(user, filters: MatrixFilters) -> QuerySet[Officer]:
    officers = visible_officers(user).filter(is_active=True)
    if filters.unit is not None:
        # The form only offers visible units; intersect again so no caller can widen it.
        officers = officers.filter(unit=filters.unit, unit__in=visible_units(user))
    if filters.kind:
        officers = officers.filter(unit__kind=filters.kind)
    if filters.position is not None:
        officers = officers.filter(position=filters.position)
    if filters.q:
        officers = officers.filter(
            Q(full_name__icontains=filters.q) | Q(employee_code__icontains=filters.q)
        )
    return officers


def state_totals(enrolments: QuerySet[Enrolment], *, today: date) -> dict[str, int]:
    """How many of `enrolments` are in each state, in one pass (conditional counts are
    much cheaper than grouping by the derived state)."""
    done = Q(status=Enrolment.Status.COMPLETED)
    late = ~done & Q(due_date__lt=today)
    return enrolments.order_by().aggregate(
        **{
            State.COMPLETED: Count("pk", filter=done),
            State.OVERDUE: Count("pk", filter=late),
            State.IN_PROGRESS: Count("pk", filter=Q(status=State.IN_PROGRESS) & ~late),
            State.NOT_STARTED: Count("pk", filter=Q(status=State.NOT_STARTED) & ~late),
        }
    )


@dataclass
class MatrixRow:
    officer: Officer
    cells: list[Enrolment | None] = field(default_factory=list)

    @property
    def open_cells(self) -> list[Enrolment]:
        return [cell for cell in self.cells if cell is not None and cell.state != State.COMPLETED]

    @property
    def segments(self) -> list[Enrolment | SafeString]:
        """The cells for the template: enrolments, and each run of empty cells as HTML.

        Most of a page's up to 2,000 cells are empty; rendering each through the template
        engine took most of the page's time, so a run of them is one ready-made string.
        """
        empty = format_html(
            '<td class="matrix__cell matrix__cell--none"><span aria-hidden="true">—</span>'
            '<span class="visually-hidden">{}</span></td>',
            gettext("Not enrolled"),
        )
        segments: list[Enrolment | SafeString] = []
        run = 0
        for cell in self.cells:
            if cell is None:
                run += 1
                continue
            if run:
                segments.append(SafeString(empty * run))
                run = 0
            segments.append(cell)
        if run:
            segments.append(SafeString(empty * run))
        return segments


@dataclass
class Matrix:
    courses: list[CoursePage]
    page: Page
    rows: list[MatrixRow]
    today: date
    state_counts: dict[str, int] = field(default_factory=dict)

    @property
    def officer_count(self) -> int:
        return self.page.paginator.count


def build_matrix(
    user, filters: MatrixFilters, *, page_number=None, per_page: int = PER_PAGE, today=None
) -> Matrix:
    """One page of the matrix: its officers, the columns, and a cell per officer × course."""
    today = today or local_today()
    officers = matrix_officers(user, filters, today=today).select_related("unit", "position")
    officers = officers.only(
        "employee_code",
        "full_name",
        "user_id",
        "unit__name_vi",
        "unit__name_en",
        "unit__kind",
        "position__name",
    )
    page = Paginator(officers, per_page).get_page(page_number)
    enrolments = matrix_enrolments(user, filters, today=today)
    state_counts = state_totals(enrolments, today=today)
    # An EXISTS probe per course (a few dozen) beats reading every enrolment for its course.
    courses = list(
        CoursePage.objects.filter(Exists(enrolments.filter(course_id=OuterRef("pk"))))
        .order_by("title")
        .only("title")
    )
    user_ids = [officer.user_id for officer in page.object_list]
    cells: dict[tuple[int, int], Enrolment] = {}
    if user_ids and courses:
        page_cells = (
            _cells(filters, today=today)
            .filter(user_id__in=user_ids)
            .select_related("certificate")
            .only(
                "user_id",
                "course_id",
                "status",
                "due_date",
                "completed_at",
                "score",
                "completed_count",
                "required_count",
                "certificate__number",
                "certificate__revoked_at",
            )
        )
        titles = {course.pk: course.title for course in courses}
        labels = State.labels()
        for cell in page_cells:
            # What the template shows, prepared here once: a page holds up to 2,000 cells.
            certificate = getattr(cell, "certificate", None)
            cell.course_title = titles.get(cell.course_id, "")
            cell.state_label = labels.get(cell.state, cell.state)
            cell.badge_class = "badge--" + cell.state.replace("_", "-")
            cell.certificate_number = certificate.number if certificate else ""
            cell.certificate_revoked = bool(certificate and certificate.revoked_at)
            cell.certificate_url = certificate.get_pdf_url() if certificate else ""
            cells[cell.user_id, cell.course_id] = cell
    rows = [
        MatrixRow(officer, [cells.get((officer.user_id, course.pk)) for course in courses])
        for officer in page.object_list
    ]
    return Matrix(courses=courses, page=page, rows=rows, today=today, state_counts=state_counts)


# ---- The long export: one row per officer × course -------------------------------------


def export_headers() -> list[str]:
    return [
        str(header)
        for header in (
            _("Employee code"),
            _("Full name"),
            _("Unit"),
            _("Position"),
            _("Course"),
            _("Status"),
            _("Due date"),
            _("Completion date"),
            _("Score"),
            _("Certificate number"),
        )
    ]


def export_rows(user, filters: MatrixFilters, *, today: date | None = None) -> Iterator[tuple]:
    """The matrix as rows for `exports.stream_csv`/`xlsx_response`, read in chunks.

    Labels are resolved now, in the request's language: the rows are produced later,
    while the response streams.
    """
    today = today or local_today()
    labels = State.labels()
    revoked = str(_("revoked"))
    unit_name = "name_en" if (translation.get_language() or "vi").startswith("en") else "name_vi"
    rows = (
        matrix_enrolments(user, filters, today=today)
        .order_by(
            "user__officer__unit__kind",
            "user__officer__unit__sort_order",
            "user__officer__full_name",
            "user__officer__pk",
            "course__title",
            "pk",
        )
        .values_list(
            "user__officer__employee_code",
            "user__officer__full_name",
            f"user__officer__unit__{unit_name}",
            "user__officer__position__name",
            "course__title",
            "state",
            "due_date",
            "completed_at",
            "score",
            "certificate__number",
            "certificate__revoked_at",
        )
    )

    def generate():
        for (
            code,
            name,
            unit,
            position,
            course,
            state,
            due,
            completed_at,
            score,
            number,
            revoked_at,
        ) in rows.iterator(chunk_size=2000):
            if number and revoked_at:
                number = f"{number} ({revoked})"
            yield (
                code,
                name,
                unit,
                position,
                course,
                labels.get(state, state),
                due,
                timezone.localdate(completed_at) if completed_at else None,
                score,
                number,
            )

    return generate()
