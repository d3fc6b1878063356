"""A course's outline (modules and their live activities) stored on the course row.

Every course page, lesson page and completion event needs the list of a course's
activities. Reading it from the page tree costs a query for the tree plus one per
activity type, on every request; the outline is rebuilt instead whenever a page inside
the course is saved, moved or deleted (see `courses.signals`), and read for free with
the course row. `manage.py rebuild_course_outlines` rebuilds every course.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from wagtail.models import Page


def build_outline(course) -> list[dict]:
    """The live modules of `course` and the live activities inside each, in tree order."""
    from .models import ModulePage, activity_page_models

    activity_models = {m._meta.label_lower: m for m in activity_page_models()}
    module_type = ModulePage._meta.label_lower
    pages = list(
        Page.objects.live()
        .descendant_of(course)
        .filter(depth__in=(course.depth + 1, course.depth + 2))
        .order_by("path")
        .select_related("content_type")
        .only("id", "title", "path", "depth", "slug", "content_type")
    )
    by_type: dict[str, list[int]] = {}
    for page in pages:
        label = f"{page.content_type.app_label}.{page.content_type.model}"
        page.type_label = label
        if page.depth == course.depth + 2 and label in activity_models:
            by_type.setdefault(label, []).append(page.pk)
    details = {}
    for label, ids in by_type.items():
        rows = activity_models[label].objects.filter(pk__in=ids)
        for pk, required, minutes in rows.values_list("pk", "is_required", "estimated_minutes"):
            details[pk] = (required, minutes)

    outline, current = [], None
    for page in pages:
        if page.depth == course.depth + 1:
            current = None
            if page.type_label == module_type:
                current, current_path = _entry(page), page.path
                current["activities"] = []
                outline.append(current)
        elif current is not None and page.pk in details and page.path.startswith(current_path):
            required, minutes = details[page.pk]
            entry = _entry(page)
            entry.update({"type": page.type_label, "required": required, "minutes": minutes})
            current["activities"].append(entry)
    return outline


def _entry(page) -> dict:
    # Only the slug is kept: URLs are rebuilt from the course's own (always current)
    # url_path, so renaming the catalogue or the course never leaves stale links, and
    # tree paths, which Wagtail rewrites in bulk when siblings are reordered, are not kept.
    return {"id": page.pk, "title": page.title, "slug": page.slug}


def course_outline_refresh(*, course) -> list[dict]:
    """Rebuild and store the outline of `course` without touching its revisions."""
    from .models import CoursePage, Enrolment

    outline = build_outline(course)
    with transaction.atomic():
        CoursePage.objects.filter(pk=course.pk).update(outline=outline)
        course.outline = outline
        # Officers' progress counts against the course as it is now: an activity added
        # later (a quiz, a scenario) is owed by everyone who has not completed the course.
        required = len(course.counted_activities())
        Enrolment.objects.filter(course_id=course.pk).exclude(
            status=Enrolment.Status.COMPLETED
        ).exclude(required_count=required).update(
            required_count=Greatest(Value(required), F("completed_count"))
        )
    return outline


def courses_containing(page) -> list:
    """The course(s) whose outline a change to `page` may affect (itself, or its course)."""
    from .models import CoursePage

    prefixes = [page.path[:end] for end in range(4, len(page.path) + 1, 4)]
    return list(CoursePage.objects.filter(path__in=prefixes))


def outline_page(entry: dict, depth: int, parent_url_path: str) -> Page:
    """An unsaved Page built from an outline entry: enough for titles and `{% pageurl %}`.

    It also carries `activity_label`, `is_required` and `estimated_minutes` from the
    outline, so templates can treat it like the specific activity page.
    """
    page = Page(
        id=entry["id"],
        title=entry["title"],
        slug=entry["slug"],
        url_path=f"{parent_url_path}{entry['slug']}/",
        depth=depth,
        live=True,
    )
    page.type_label = entry.get("type", "")
    page.is_required = entry.get("required", True)
    page.estimated_minutes = entry.get("minutes", 0)
    try:
        page.activity_label = apps.get_model(page.type_label).activity_label
    except (LookupError, ValueError):
        page.activity_label = ""
    return page
