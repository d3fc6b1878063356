"""Template helpers for course pages, the lesson navigation and the home page summary."""

from django import template
from django.utils.translation import gettext, ngettext
from wagtail.models import Page

from ..models import ActivityProgress, Enrolment, activity_page_models
from ..views import course_facts, training_overview

register = template.Library()


@register.filter
def duration_minutes(minutes) -> str:
    """45 → "45 min", 90 → "1 h 30 min" (translated)."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {"minutes": rest}
    if not rest:
        return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.simple_tag(takes_context=True)
def course_cards(context, courses):
    """Pair each catalogue course with the officer's enrolment, in two queries for all.

    Courses the officer is not enrolled in also get `missing_prerequisites` (titles).
    """
    courses = list(courses)
    user = context["request"].user
    enrolments = {
        e.course_id: e
        for e in Enrolment.objects.with_state().filter(
            user=user, course__in=[c.pk for c in courses]
        )
    }
    completed = {pk for pk, e in enrolments.items() if e.status == Enrolment.Status.COMPLETED}
    facts = course_facts([c.pk for c in courses if c.pk not in enrolments])
    for course in courses:
        prerequisites = facts.get(course.pk, {}).get("prerequisite", [])
        course.missing_prerequisites = sorted(t for pk, t in prerequisites if pk not in completed)
    return [{"course": c, "enrolment": enrolments.get(c.pk)} for c in courses]


@register.simple_tag(takes_context=True)
def course_audience(context, course) -> list[str]:
    """Names of the units and positions a course is for (empty: everyone); one query."""
    if getattr(context.get("request"), "is_preview", False) or not course.pk:
        # A trainer's preview shows the draft's audience, held in memory by modelcluster.
        return [u.name for u in course.audience_units.all()] + [
            p.name for p in course.audience_positions.all()
        ]
    facts = course_facts([course.pk])[course.pk]
    return sorted(name for _pk, name in facts["unit"]) + sorted(
        name for _pk, name in facts["position"]
    )


@register.simple_tag
def navigation_by_module(course, navigation):
    """Group a lesson's course navigation under its modules (from the outline, no query).

    Returns a list of {"module", "activities", "is_current"}; `is_current` marks the
    module that holds the page being viewed (for the breadcrumb).
    """
    modules = course.modules()  # from the stored outline: no query
    groups = []
    for module in modules:
        ids = {activity.pk for activity in module.activities}
        items = [p for p in navigation if p.pk in ids]
        groups.append(
            {
                "module": module,
                "activities": items,
                "is_current": any(p.is_current for p in items),
                "done": bool(items) and all(p.is_passed for p in items),
            }
        )
    return groups


@register.simple_tag(takes_context=True)
def module_activities(context, module):
    """A module's live activities with the officer's `is_passed` on each (module page)."""
    activities = list(
        Page.objects.live()
        .child_of(module)
        .type(*activity_page_models())
        .order_by("path")
        .defer_streamfields()
        .specific()
    )
    passed = set(
        ActivityProgress.objects.filter(
            user=context["request"].user,
            activity_id__in=[a.pk for a in activities],
            passed=True,
        ).values_list("activity_id", flat=True)
    )
    for activity in activities:
        activity.is_passed = activity.pk in passed
    return activities


@register.inclusion_tag("courses/includes/training_summary.html", takes_context=True)
def my_training_summary(context, limit: int = 3):
    """The officer's training at a glance for the home page: counts and what to do next."""
    request = context["request"]
    overview = training_overview(request.user)
    return {"request": request, "summary": overview.summary(limit=limit)}
