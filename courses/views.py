"""The officer's "My courses" dashboard, and the reads it shares with the home page summary.

Every read here costs a fixed number of queries whatever the number of enrolments,
courses or lessons: enrolments with their courses in one query, the next activity of
every open course in one, the catalogue with its audiences and prerequisites in two.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Page

from .models import ActivityProgress, CoursePage, Enrolment, activity_page_models


def _enrolment_relations() -> list[str]:
    # The certificates app adds `enrolment.certificate`; follow it in the same query when
    # it exists so the completed list does not cost a query per certificate.
    relations = ["course"]
    try:
        relation = Enrolment._meta.get_field("certificate")
    except FieldDoesNotExist:
        return relations
    if relation.one_to_one or relation.many_to_one:
        relations.append("certificate")
    return relations


def _urgency(enrolment: Enrolment) -> tuple:
    """Sort key: overdue first, then the nearest due date, then undated by title."""
    return (
        enrolment.state != "overdue",
        enrolment.due_date or date.max,
        enrolment.course.title,
    )


@dataclass
class TrainingOverview:
    """One officer's enrolments split the way the dashboard shows them."""

    assigned: list[Enrolment] = field(default_factory=list)
    in_progress: list[Enrolment] = field(default_factory=list)
    completed: list[Enrolment] = field(default_factory=list)

    @property
    def open(self) -> list[Enrolment]:
        return sorted(self.assigned + self.in_progress, key=_urgency)

    def summary(self, *, limit: int = 3) -> dict:
        return {
            "assigned_count": len(self.assigned),
            "overdue_count": sum(1 for e in self.assigned + self.in_progress if e.is_overdue),
            "in_progress_count": len(self.assigned) + len(self.in_progress),
            "completed_count": len(self.completed),
            "next": self.open[:limit],
        }


def training_overview(user) -> TrainingOverview:
    """The officer's enrolments in live courses, in one query, sorted for display.

    Assigned: HR's assignments not yet completed, overdue first then by due date.
    In progress: self-enrolled courses not yet completed, most recently active first.
    Completed: newest first.
    """
    enrolments = list(
        Enrolment.objects.with_state()
        .filter(user=user, course__live=True)
        .select_related(*_enrolment_relations())
    )
    overview = TrainingOverview()
    for enrolment in enrolments:
        if enrolment.status == Enrolment.Status.COMPLETED:
            overview.completed.append(enrolment)
        elif enrolment.source == Enrolment.Source.ASSIGNED:
            overview.assigned.append(enrolment)
        else:
            overview.in_progress.append(enrolment)
    overview.assigned.sort(key=_urgency)
    overview.in_progress.sort(key=lambda e: e.started_at or e.created_at, reverse=True)
    overview.completed.sort(key=lambda e: e.completed_at or e.created_at, reverse=True)
    return overview


def next_activities(*, user, courses: list[CoursePage]) -> dict[int, Page]:
    """The first unfinished activity of each course ("Continue"), in one query in all."""
    if not courses:
        return {}
    in_courses = Q()
    for course in courses:
        in_courses |= Q(path__startswith=course.path, depth=course.depth + 2)
    passed = ActivityProgress.objects.filter(user=user, activity_id=OuterRef("pk"), passed=True)
    activities = list(
        Page.objects.live()
        .filter(in_courses)
        .type(*activity_page_models())
        .annotate(is_passed=Exists(passed))
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path")
    )
    result = {}
    for course in courses:
        own = [a for a in activities if a.path.startswith(course.path)]
        upcoming = next((a for a in own if not a.is_passed), None)
        if upcoming or own:
            result[course.pk] = upcoming or own[0]
    return result


def course_facts(course_ids) -> dict[int, dict[str, list]]:
    """Audience units, audience positions and live prerequisites of many courses.

    One query: a UNION over the three link tables, each row (course, kind, id, name, name
    in English). A catalogue of any length costs the same.
    """
    if not course_ids:
        return {}
    links = (
        (
            CoursePage.audience_units.through,
            "coursepage_id",
            "unit",
            "unit__name_vi",
            "unit__name_en",
        ),
        (
            CoursePage.audience_positions.through,
            "coursepage_id",
            "position",
            "position__name",
            "position__name",
        ),
    )
    queries = [
        model.objects.filter(coursepage_id__in=course_ids)
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list(course_field, "kind", f"{kind}_id", name_vi, name_en)
        for model, course_field, kind, name_vi, name_en in links
    ]
    queries.append(
        CoursePage.prerequisites.through.objects.filter(
            from_coursepage_id__in=course_ids, to_coursepage__live=True
        )
        .annotate(kind=Value("prerequisite", output_field=CharField()))
        .values_list(
            "from_coursepage_id",
            "kind",
            "to_coursepage_id",
            "to_coursepage__title",
            "to_coursepage__title",
        )
    )
    english = get_language() == "en"
    facts = {pk: {"unit": [], "position": [], "prerequisite": []} for pk in course_ids}
    for course_id, kind, pk, name_vi, name_en in queries[0].union(*queries[1:], all=True):
        facts[course_id][kind].append((pk, name_en if english and name_en else name_vi))
    return facts


def catalogue_for(user, *, exclude_ids, completed_ids=()) -> list[CoursePage]:
    """Live courses open for self-enrolment that the officer has not joined.

    Each course gets `audience` (unit and position names; empty means everyone),
    `missing_prerequisites` (titles of prerequisites not in `completed_ids`) and
    `is_recommended` when aimed at the officer's unit or position; those come first.
    """
    courses = list(
        CoursePage.objects.live()
        .filter(open_enrolment=True)
        .exclude(pk__in=exclude_ids)
        .order_by("path")
    )
    facts = course_facts([c.pk for c in courses])
    officer = getattr(user, "officer", None)
    for course in courses:
        units, positions = facts[course.pk]["unit"], facts[course.pk]["position"]
        course.audience = sorted(name for _pk, name in units) + sorted(
            name for _pk, name in positions
        )
        course.missing_prerequisites = sorted(
            title for pk, title in facts[course.pk]["prerequisite"] if pk not in completed_ids
        )
        course.is_recommended = officer is not None and (
            officer.unit_id in {pk for pk, _name in units}
            or officer.position_id in {pk for pk, _name in positions}
        )
    courses.sort(key=lambda c: not c.is_recommended)
    return courses


@login_required
def dashboard(request):
    """Khóa học của tôi: assigned, in progress, completed, and the catalogue."""
    overview = training_overview(request.user)
    open_enrolments = overview.assigned + overview.in_progress
    upcoming = next_activities(user=request.user, courses=[e.course for e in open_enrolments])
    for enrolment in open_enrolments:
        enrolment.next_activity = upcoming.get(enrolment.course_id)
    enrolled_ids = [e.course_id for e in open_enrolments + overview.completed]
    completed_ids = {e.course_id for e in overview.completed}
    context = {
        "overview": overview,
        "catalogue": catalogue_for(
            request.user, exclude_ids=enrolled_ids, completed_ids=completed_ids
        ),
    }
    return TemplateResponse(request, "courses/dashboard.html", context)
