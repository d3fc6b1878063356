"""Signals of the courses app and its receivers for other apps' events."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page
from wagtail.signals import post_page_move

from training.people.models import Officer

# Sent inside the completion transaction; receivers (certificates) must not commit.
course_completed = Signal()


@receiver(post_save, sender=Officer)
def _apply_assignments_to_officer(sender, instance, created, update_fields=None, **kwargs):
    # The people app is the ground floor and does not know about courses, so the rule
    # "an assignment to a unit reaches officers who join it later" listens here.
    if update_fields is not None and not {"unit", "position", "is_active"} & set(update_fields):
        return
    from .services import assignments_apply_to_officer

    assignments_apply_to_officer(officer=instance)


def _refresh_outlines_for(page) -> None:
    from .outline import course_outline_refresh, courses_containing

    for course in courses_containing(page):
        course_outline_refresh(course=course)


@receiver(post_save)
def _page_saved(sender, instance, raw=False, **kwargs):
    # Any save of a page inside a course (publish, unpublish, a new child, a rename) may
    # change what the course's outline lists; loading fixtures (raw) is left alone.
    if raw or not isinstance(instance, Page) or not instance.path:
        return
    _refresh_outlines_for(instance)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.path:
        _refresh_outlines_for(instance)


@receiver(post_page_move)
def _page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    from .models import CoursePage
    from .outline import course_outline_refresh, courses_containing

    courses = set(courses_containing(instance))
    # The course the page left: find it from the old path's parent.
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        courses.update(courses_containing(parent_before))
    for course in courses:
        if isinstance(course, CoursePage):
            course_outline_refresh(course=course)
