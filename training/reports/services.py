"""Writes made from the reports: HR's reminder e-mails sent from the compliance matrix.

HR picks cells (enrolments) or whole rows in the matrix; `matrix_reminders_send` keeps
those the sender may see that are still open, records one audit entry per course in
Wagtail's log (action `reports.reminder_sent`, all entries of one click share a uuid),
and queues one e-mail per officer after the transaction commits. The e-mail lists every
selected course with its due date, the way `courses.tasks` builds its e-mails.

Leaders do not send reminders from here: a reminder from the matrix speaks for the HR
office, and leaders already get the weekly digest of their unit's overdue officers.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses.models import Enrolment, local_today

from .scope import sees_district, visible_officers

REMINDER_SENT = "reports.reminder_sent"
RESEND_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class ReminderResult:
    officers: int
    courses: int
    skipped: int


def can_send_reminders(user) -> bool:
    """HR and administrators; the permission check behind the matrix's reminder form."""
    return sees_district(user)


@transaction.atomic
def matrix_reminders_send(
    *, by, enrolments: QuerySet[Enrolment], today: date | None = None
) -> ReminderResult:
    """Queue a reminder e-mail to each officer for the selected, still open enrolments.

    `enrolments` is the selection; only those of officers `by` may see, not completed,
    of an active officer with an e-mail address are kept (the rest count as `skipped`).
    Raises `PermissionDenied` unless `by` is HR or an administrator.
    """
    if not can_send_reminders(by):
        raise PermissionDenied
    today = today or local_today()
    selected = list(enrolments.values_list("pk", flat=True))
    open_enrolments = list(
        Enrolment.objects.filter(
            pk__in=selected,
            user_id__in=visible_officers(by).filter(is_active=True).values("user_id"),
            user__is_active=True,
        )
        .exclude(status=Enrolment.Status.COMPLETED)
        .exclude(user__email="")
        .select_related("user__officer", "course")
        .only(
            "user_id",
            "course_id",
            "due_date",
            "status",
            "user__email",
            "user__officer__full_name",
            "user__officer__employee_code",
            "course__title",
        )
        .order_by("user_id", "course__title")
        # Locked, so that a double click waits for the first and then finds it logged.
        .select_for_update(of=("self",))
    )
    # A reminder about the same course went out minutes ago (a double click, or two HR
    # officers at once): not again.
    recent = set(
        ModelLogEntry.objects.filter(
            action=REMINDER_SENT,
            content_type=ContentType.objects.get_for_model(Enrolment),
            object_id__in=[str(e.pk) for e in open_enrolments],
            timestamp__gte=timezone.now() - RESEND_AFTER,
        ).values_list("object_id", flat=True)
    )
    open_enrolments = [e for e in open_enrolments if str(e.pk) not in recent]
    by_user: dict[int, list[int]] = defaultdict(list)
    batch = uuid.uuid4()
    for enrolment in open_enrolments:
        by_user[enrolment.user_id].append(enrolment.pk)
        officer = enrolment.user.officer
        log(
            instance=enrolment,
            action=REMINDER_SENT,
            user=by,
            uuid=batch,
            title=f"{officer.full_name} · {enrolment.course.title}",
            data={
                "officer": officer.employee_code,
                "course": enrolment.course.title,
                "due_date": enrolment.due_date.isoformat() if enrolment.due_date else None,
                "overdue": bool(enrolment.due_date and enrolment.due_date < today),
            },
        )

    def enqueue():
        for user_id, enrolment_ids in by_user.items():
            send_matrix_reminder.enqueue(user_id, enrolment_ids)

    if by_user:
        transaction.on_commit(enqueue)
    return ReminderResult(
        officers=len(by_user),
        courses=len(open_enrolments),
        skipped=len(selected) - len(open_enrolments),
    )


@task()
def send_matrix_reminder(user_id: int, enrolment_ids: list[int]) -> int:
    """E-mail one officer about the courses HR reminded them of, still open at sending."""
    user = get_user_model().objects.select_related("officer").filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email:
        return 0
    # The officer may have finished a course between HR's click and this task.
    enrolments = list(
        Enrolment.objects.filter(pk__in=enrolment_ids, user_id=user_id)
        .exclude(status=Enrolment.Status.COMPLETED)
        .select_related("course")
        .order_by("due_date", "course__title")
    )
    if not enrolments:
        return 0
    today = local_today()
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    courses = [
        {
            "title": enrolment.course.title,
            "due_date": enrolment.due_date,
            "is_overdue": bool(enrolment.due_date and enrolment.due_date < today),
            "percent": enrolment.percent,
            "url": base_url + (enrolment.course.get_url() or "/"),
        }
        for enrolment in enrolments
    ]
    context = {"user": user, "courses": courses}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reports/email/reminder_subject.txt", context).strip()
        body = render_to_string("reports/email/reminder.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
