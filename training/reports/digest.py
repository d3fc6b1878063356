"""The unit leader's weekly digest: which officers of their unit are overdue, and on what.

`manage.py send_leader_digests` runs once a week (see its help for the cron line). For
every leader it records a `LeaderDigest` row for the ISO week before queueing the e-mail,
so a second run in the same week sends nothing; the next week's run sends again. Leaders
whose unit has nobody overdue get no e-mail and no row (a later run that week still sends
if someone falls overdue in between).

Leaders are the active accounts in the "Lãnh đạo" group with an active officer profile
(whose unit they lead) and an e-mail address. "Overdue" is the reports' rule: an
unfinished enrolment whose due date is before today in Asia/Ho_Chi_Minh, of an active
officer, in a published course (a course that is offline cannot be finished, so it is not
worth a leader's reminder).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from courses.models import Enrolment, local_today
from training.people.models import Unit
from training.people.roles import Role

from .models import LeaderDigest


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week: the key of a week's digest."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class OverdueRow:
    """One overdue enrolment as the digest lists it."""

    officer_id: int
    full_name: str
    employee_code: str
    course_title: str
    due_date: date
    days_overdue: int


@dataclass
class PlannedDigest:
    """A digest that is due: the leader, their unit and the overdue rows to list."""

    leader: object
    unit: Unit
    rows: list[OverdueRow] = field(default_factory=list)

    @property
    def officer_count(self) -> int:
        return len({row.officer_id for row in self.rows})


@dataclass
class DigestPlan:
    """What a run finds: digests to send, already sent this week, and nobody overdue."""

    week_start: date
    due: list[PlannedDigest] = field(default_factory=list)
    already_sent: list[PlannedDigest] = field(default_factory=list)
    nobody_overdue: list[PlannedDigest] = field(default_factory=list)


def digest_leaders():
    """The accounts that receive a digest, with their officer profile and unit."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.LEADER,
            officer__isnull=False,
            officer__is_active=True,
        )
        .exclude(email="")
        .select_related("officer__unit")
        .order_by("officer__unit__kind", "officer__unit__sort_order", "officer__full_name")
    )


def overdue_rows(*, unit_ids, today: date) -> dict[int, list[OverdueRow]]:
    """{unit id: overdue rows}, the longest overdue first; one query for every unit."""
    rows = (
        Enrolment.objects.overdue(today)
        .filter(
            user__officer__unit_id__in=list(unit_ids),
            user__officer__is_active=True,
            course__live=True,
        )
        .values_list(
            "user__officer__unit_id",
            "user__officer__pk",
            "user__officer__full_name",
            "user__officer__employee_code",
            "course__title",
            "due_date",
        )
        .order_by("due_date", "user__officer__full_name", "course__title")
    )
    by_unit: dict[int, list[OverdueRow]] = defaultdict(list)
    for unit_id, officer_id, name, code, title, due in rows:
        by_unit[unit_id].append(OverdueRow(officer_id, name, code, title, due, (today - due).days))
    return by_unit


def leader_digests_due(*, today: date | None = None) -> DigestPlan:
    """Sort every leader into: to send this week, already sent, or nobody overdue."""
    today = today or local_today()
    plan = DigestPlan(week_start=week_start(today))
    leaders = list(digest_leaders())
    rows = overdue_rows(unit_ids={leader.officer.unit_id for leader in leaders}, today=today)
    # Only a digest that actually went out counts as sent: one recorded but never sent (the
    # mail failed, or the list had emptied when the task ran) is sent again by a later run.
    sent = set(
        LeaderDigest.objects.filter(
            week_start=plan.week_start,
            leader__in=[leader.pk for leader in leaders],
            sent_at__isnull=False,
        ).values_list("leader_id", flat=True)
    )
    for leader in leaders:
        digest = PlannedDigest(leader, leader.officer.unit, rows.get(leader.officer.unit_id, []))
        if not digest.rows:
            plan.nobody_overdue.append(digest)
        elif leader.pk in sent:
            plan.already_sent.append(digest)
        else:
            plan.due.append(digest)
    return plan


@transaction.atomic
def leader_digests_queue(*, today: date | None = None) -> DigestPlan:
    """Record this week's digests and queue one e-mail task for each, after commit.

    Returns the plan; `plan.due` are the digests queued by this call. Two runs racing
    on the same week meet the unique constraint, and the later one fails whole.
    """
    from .tasks import send_leader_digest

    today = today or local_today()
    plan = leader_digests_due(today=today)
    unsent = dict(
        LeaderDigest.objects.filter(
            week_start=plan.week_start,
            leader__in=[digest.leader.pk for digest in plan.due],
            sent_at__isnull=True,
        ).values_list("leader_id", "pk")
    )
    created = LeaderDigest.objects.bulk_create(
        [
            LeaderDigest(
                leader=digest.leader,
                week_start=plan.week_start,
                officer_count=digest.officer_count,
                enrolment_count=len(digest.rows),
            )
            for digest in plan.due
            if digest.leader.pk not in unsent
        ]
    )
    ids = [digest.pk for digest in created] + list(unsent.values())

    def enqueue():
        for digest_id in ids:
            send_leader_digest.enqueue(digest_id, today.isoformat())

    if ids:
        transaction.on_commit(enqueue)
    return plan


def overdue_matrix_url() -> str:
    """The absolute URL of the compliance matrix filtered to overdue enrolments."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    try:
        return base + reverse("reports:matrix") + "?status=overdue"
    except NoReverseMatch:  # the matrix is not installed: the transcripts list will do
        return base + reverse("reports:transcripts")


def digest_email(*, leader, unit: Unit, rows: list[OverdueRow], today: date):
    """The digest as a plain-text e-mail with an HTML alternative, in the site's language."""
    officer_count = len({row.officer_id for row in rows})
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "leader": leader,
            "leader_name": leader.officer.full_name or leader.get_username(),
            "unit_name": unit.name,
            "rows": rows,
            "officer_count": officer_count,
            "enrolment_count": len(rows),
            "today": today,
            "matrix_url": overdue_matrix_url(),
        }
        subject = render_to_string("reports/email/leader_digest_subject.txt", context)
        body = render_to_string("reports/email/leader_digest.txt", context)
        html = render_to_string("reports/email/leader_digest.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [leader.email]
    )
    message.attach_alternative(html, "text/html")
    return message
