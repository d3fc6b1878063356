"""Due-date reminders: e-mail officers before their due date and once when it has passed.

`manage.py send_course_reminders` runs once a day (cron or a systemd timer). It records
each reminder as an `EnrolmentReminder` row before queueing the e-mail, so a second run on
the same day, or on any later day, never sends the same reminder twice. A reminder is
tied to the due date it announces: when HR moves the due date, the reminders for the new
date go out again.

Lead times come from `settings.COURSES_REMINDER_DAYS_BEFORE` (default 7 and 1 days). If the
command missed a day, the next run still sends the reminder whose lead time covers the
days left ("due in 5 days" under the 7-day reminder), never two of them at once.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import Enrolment, local_today

__all__ = ["EnrolmentReminder"]

DEFAULT_DAYS_BEFORE = (7, 1)


class EnrolmentReminder(models.Model):
    """One reminder e-mail about one enrolment's due date, recorded so it is sent once.

    `days_before` is the lead time the reminder belongs to (0 for the overdue notice);
    `sent_at` stays empty until the e-mail has actually gone out.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("enrolment")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the due date"), default=0)
    due_date = models.DateField(_("due date"))
    queued_on = models.DateField(_("queued on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment reminder")
        verbose_name_plural = _("enrolment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind", "days_before", "due_date"],
                name="one_reminder_per_due_date",
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} · {self.kind} {self.days_before} · {self.due_date}"


@dataclass(frozen=True)
class DueReminder:
    """A reminder that is due today and has not been recorded yet."""

    enrolment: Enrolment
    kind: str
    days_before: int

    @property
    def key(self) -> tuple:
        return (self.enrolment.pk, self.kind, self.days_before, self.enrolment.due_date)


def reminder_days_before() -> list[int]:
    """The configured lead times, largest first, without duplicates or negatives."""
    days = getattr(settings, "COURSES_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE)
    return sorted({int(d) for d in days if int(d) >= 0}, reverse=True)


def _remindable():
    # Nobody is reminded about a finished course, a course no longer published, or
    # after leaving the district (inactive officer) or losing their login.
    return (
        Enrolment.objects.exclude(status=Enrolment.Status.COMPLETED)
        .filter(
            due_date__isnull=False,
            course__live=True,
            user__is_active=True,
            user__officer__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "course")
    )


def enrolment_reminders_due(*, today: date | None = None) -> list[DueReminder]:
    """The reminders that should go out on `today` (local date) and were not sent yet."""
    today = today or local_today()
    lead_times = reminder_days_before()
    due = []
    if lead_times:
        upcoming = _remindable().filter(
            due_date__gte=today, due_date__lte=today + timedelta(days=lead_times[0])
        )
        for enrolment in upcoming:
            days_left = (enrolment.due_date - today).days
            lead = min(n for n in lead_times if n >= days_left)
            # Enrolled inside this lead time: the assignment e-mail already gave the date.
            enrolled_on = timezone.localdate(enrolment.created_at)
            if enrolled_on > enrolment.due_date - timedelta(days=lead):
                continue
            due.append(DueReminder(enrolment, EnrolmentReminder.Kind.DUE_SOON, lead))
    for enrolment in _remindable().filter(due_date__lt=today):
        due.append(DueReminder(enrolment, EnrolmentReminder.Kind.OVERDUE, 0))
    if not due:
        return []
    recorded = set(
        EnrolmentReminder.objects.filter(
            enrolment_id__in=[r.enrolment.pk for r in due]
        ).values_list("enrolment_id", "kind", "days_before", "due_date")
    )
    return [r for r in due if r.key not in recorded]


@transaction.atomic
def enrolment_reminders_queue(*, today: date | None = None) -> list[EnrolmentReminder]:
    """Record today's reminders and queue one e-mail task for each, after commit."""
    today = today or local_today()
    reminders = [
        EnrolmentReminder(
            enrolment=r.enrolment,
            kind=r.kind,
            days_before=r.days_before,
            due_date=r.enrolment.due_date,
            queued_on=today,
        )
        for r in enrolment_reminders_due(today=today)
    ]
    created = EnrolmentReminder.objects.bulk_create(reminders)
    ids = [r.pk for r in created]

    def enqueue():
        for reminder_id in ids:
            send_enrolment_reminder.enqueue(reminder_id)

    if ids:
        transaction.on_commit(enqueue)
    return created


def _course_url(course) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (course.get_url() or "/")


@task()
def send_enrolment_reminder(reminder_id: int) -> int:
    """Send one recorded reminder unless it has gone out or no longer applies."""
    with transaction.atomic():
        reminder = (
            EnrolmentReminder.objects.select_for_update(of=("self",))
            .select_related("enrolment__user", "enrolment__course")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return 0
        enrolment = reminder.enrolment
        user = enrolment.user
        # The officer may have finished, or HR may have moved the date, since it was queued.
        if (
            enrolment.status == Enrolment.Status.COMPLETED
            or enrolment.due_date != reminder.due_date
            or not user.is_active
            or not user.email
        ):
            return 0
        context = {
            "user": user,
            "enrolment": enrolment,
            "course": enrolment.course,
            "due_date": reminder.due_date,
            "days_left": (reminder.due_date - reminder.queued_on).days,
            "days_late": (reminder.queued_on - reminder.due_date).days,
            "course_url": _course_url(enrolment.course),
        }
        template = "courses/email/reminder_" + reminder.kind
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}.txt", context)
        sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        return sent
