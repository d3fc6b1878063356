"""Background e-mail for assignments (django-tasks; the immediate backend in development)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_assignment_email(assignment_id: int, user_ids: list[int]) -> int:
    """Tell each newly assigned officer which course, by when, and where to start."""
    from .models import Assignment

    assignment = Assignment.objects.select_related("course").filter(pk=assignment_id).first()
    if assignment is None:
        return 0
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            context = {
                "user": user,
                "assignment": assignment,
                "course_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + (assignment.course.get_url() or "/"),
            }
            subject = render_to_string("courses/email/assigned_subject.txt", context).strip()
            body = render_to_string("courses/email/assigned.txt", context)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=False)
