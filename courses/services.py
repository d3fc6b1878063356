"""Every write to enrolments, assignments and progress goes through these functions.

Completion is computed at the event, in the caller's transaction, from the course's
activity list (one query per activity type) and the officer's passed activities (one
query): no cron job and no walk over other officers.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from training.people.models import Officer

from .assignment_services import assignment_log_created
from .models import ActivityPage, ActivityProgress, Assignment, CoursePage, Enrolment
from .signals import course_completed


class EnrolmentError(Exception):
    """A user-facing reason why an officer cannot enrol or open an activity."""

    def __init__(self, message: str, *, missing: list[CoursePage] | None = None):
        super().__init__(message)
        self.missing = missing or []


def missing_prerequisites(*, user, course: CoursePage) -> list[CoursePage]:
    """The prerequisite courses `user` has not completed yet (live ones only)."""
    prerequisite_ids = [c.pk for c in course.prerequisites.all()]
    required = list(CoursePage.objects.live().filter(pk__in=prerequisite_ids).order_by("path"))
    if not required:
        return []
    done = set(
        Enrolment.objects.filter(
            user=user, course__in=required, status=Enrolment.Status.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [c for c in required if c.pk not in done]


def _get_or_create_enrolment(*, user, course: CoursePage, defaults: dict) -> tuple[Enrolment, bool]:
    # A double click posts twice: the unique constraint makes the second insert fail, and
    # the savepoint lets us return the row the first request created.
    try:
        with transaction.atomic():
            return Enrolment.objects.get_or_create(user=user, course=course, defaults=defaults)
    except IntegrityError:
        return Enrolment.objects.get(user=user, course=course), False


@transaction.atomic
def enrolment_self_enrol(*, user, course: CoursePage) -> Enrolment:
    """Enrol `user` in an open course; refuses closed courses and missing prerequisites."""
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    if not course.live:
        raise EnrolmentError(_("This course is not published."))
    if not course.open_enrolment:
        raise EnrolmentError(_("This course is open only to officers assigned by HR."))
    missing = missing_prerequisites(user=user, course=course)
    if missing:
        raise EnrolmentError(
            _("Complete the prerequisite courses first."),
            missing=missing,
        )
    enrolment, _created = _get_or_create_enrolment(
        user=user,
        course=course,
        defaults={"source": Enrolment.Source.SELF, "required_count": _required_count(course)},
    )
    return enrolment


def _required_count(course: CoursePage) -> int:
    # Read the stored outline afresh: the caller's course object may predate its lessons.
    course.outline = CoursePage.objects.values_list("outline", flat=True).get(pk=course.pk)
    return len(course.counted_activities())


def assignment_target_officers(assignment: Assignment):
    """Active officers an assignment reaches: (units AND positions) OR named officers."""
    unit_ids = list(assignment.units.values_list("pk", flat=True))
    position_ids = list(assignment.positions.values_list("pk", flat=True))
    group = Q()
    if unit_ids:
        group &= Q(unit_id__in=unit_ids)
    if position_ids:
        group &= Q(position_id__in=position_ids)
    condition = Q(pk__in=assignment.officers.values("pk"))
    if unit_ids or position_ids:
        condition |= group
    return Officer.objects.active().filter(condition)


@transaction.atomic
def assignment_create(
    *,
    course: CoursePage,
    due_date,
    assigned_by,
    units=(),
    positions=(),
    officers=(),
    note: str = "",
) -> Assignment:
    """Record an assignment, enrol every officer it reaches now, and write the audit entry."""
    if not (units or positions or officers):
        raise EnrolmentError(_("Choose at least one unit, position or officer."))
    assignment = Assignment.objects.create(
        course=course, due_date=due_date, assigned_by=assigned_by, note=note
    )
    assignment.units.set(units)
    assignment.positions.set(positions)
    assignment.officers.set(officers)
    reached = assignment_apply(assignment=assignment)
    assignment_log_created(assignment=assignment, by=assigned_by, reached=len(reached))
    return assignment


@transaction.atomic
def assignment_apply(*, assignment: Assignment, officers=None) -> list[Enrolment]:
    """Enrol the officers an assignment reaches (or the given subset of them).

    An officer already enrolled keeps their progress; the assignment's due date and source
    apply unless an earlier assignment set an earlier due date.
    """
    from .tasks import send_assignment_email

    targets = assignment_target_officers(assignment)
    if officers is not None:
        targets = targets.filter(pk__in=[o.pk for o in officers])
    user_ids = list(targets.values_list("user_id", flat=True))
    existing = {
        e.user_id: e
        for e in Enrolment.objects.select_for_update().filter(
            course=assignment.course, user_id__in=user_ids
        )
    }
    required = _required_count(assignment.course)
    created, changed = [], []
    for user_id in user_ids:
        enrolment = existing.get(user_id)
        if enrolment is None:
            created.append(
                Enrolment(
                    user_id=user_id,
                    course=assignment.course,
                    source=Enrolment.Source.ASSIGNED,
                    assignment=assignment,
                    assigned_by=assignment.assigned_by,
                    due_date=assignment.due_date,
                    required_count=required,
                )
            )
        elif enrolment.status == Enrolment.Status.COMPLETED:
            continue  # already done: no new due date, no e-mail
        elif enrolment.due_date is None or assignment.due_date < enrolment.due_date:
            enrolment.source = Enrolment.Source.ASSIGNED
            enrolment.assignment = assignment
            enrolment.assigned_by = assignment.assigned_by
            enrolment.due_date = assignment.due_date
            changed.append(enrolment)
    Enrolment.objects.bulk_create(created, ignore_conflicts=True)
    Enrolment.objects.bulk_update(
        changed, ["source", "assignment", "assigned_by", "due_date"], batch_size=500
    )
    notified = [e.user_id for e in created] + [e.user_id for e in changed]
    if notified:
        transaction.on_commit(lambda: send_assignment_email.enqueue(assignment.pk, notified))
    return created + changed


def assignments_apply_to_officer(*, officer: Officer) -> None:
    """Give an officer who joined a unit (or took a position) the assignments aimed there."""
    if not officer.is_active:
        return
    reaches = Q(officers=officer)
    if officer.unit_id:
        reaches |= Q(units=officer.unit_id)
    if officer.position_id:
        reaches |= Q(positions=officer.position_id)
    matching = Assignment.objects.filter(reaches).distinct()
    for assignment in matching:
        if assignment_target_officers(assignment).filter(pk=officer.pk).exists():
            assignment_apply(assignment=assignment, officers=[officer])


def _enrolment_for(*, user, course: CoursePage) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None:
        raise PermissionDenied(_("You are not enrolled in this course."))
    return enrolment


@transaction.atomic
def activity_start(*, user, activity: ActivityPage) -> ActivityProgress:
    """Note that the officer opened an activity; starts the enrolment on first use."""
    course = activity.course
    enrolment = _enrolment_for(user=user, course=course)
    if enrolment.status == Enrolment.Status.NOT_STARTED:
        enrolment.status = Enrolment.Status.IN_PROGRESS
        enrolment.started_at = timezone.now()
        enrolment.save(update_fields=["status", "started_at"])
    progress, _created = ActivityProgress.objects.get_or_create(
        user=user, activity_id=activity.pk, defaults={"course": course}
    )
    return progress


@transaction.atomic
def activity_record_result(
    *, user, activity: ActivityPage, passed: bool, score: Decimal | None = None
) -> Enrolment:
    """Record an officer's result on an activity and update their course completion.

    Called by lessons ("done"), quizzes (graded attempt) and sandbox scenarios (assessed
    attempt). A pass is never undone by a later fail; the best score is kept. When the
    last counted activity is passed the enrolment completes and `course_completed` is
    sent in the same transaction (the certificate is issued by its receiver).
    """
    course = activity.course
    enrolment = _enrolment_for(user=user, course=course)
    now = timezone.now()
    progress, _created = ActivityProgress.objects.select_for_update().get_or_create(
        user=user, activity_id=activity.pk, defaults={"course": course}
    )
    if passed and not progress.passed:
        progress.passed = True
        progress.completed_at = now
    if score is not None and (progress.score is None or score > progress.score):
        progress.score = score
    progress.save(update_fields=["passed", "completed_at", "score"])
    return _recompute(enrolment=enrolment, course=course, now=now)


def _recompute(*, enrolment: Enrolment, course: CoursePage, now) -> Enrolment:
    counted = course.counted_activities()
    counted_ids = [a.pk for a in counted]
    results = list(
        ActivityProgress.objects.filter(
            user_id=enrolment.user_id, activity_id__in=counted_ids
        ).values_list("passed", "score")
    )
    enrolment.required_count = len(counted_ids)
    enrolment.completed_count = sum(1 for passed, _score in results if passed)
    scores = [s for _passed, s in results if s is not None]
    enrolment.score = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
    fields = ["required_count", "completed_count", "score", "status"]
    if enrolment.started_at is None:
        enrolment.started_at = now
        fields.append("started_at")
    just_completed = False
    # A course with nothing to pass (every activity optional) is never "completed" by
    # an optional lesson: it would issue a certificate for nothing.
    if enrolment.required_count and enrolment.completed_count >= enrolment.required_count:
        if enrolment.status != Enrolment.Status.COMPLETED:
            enrolment.status = Enrolment.Status.COMPLETED
            enrolment.completed_at = now
            fields.append("completed_at")
            just_completed = True
    elif enrolment.status != Enrolment.Status.COMPLETED:
        enrolment.status = Enrolment.Status.IN_PROGRESS
    enrolment.save(update_fields=fields)
    if just_completed:
        course_completed.send(sender=Enrolment, enrolment=enrolment)
    return enrolment


def next_activity(*, user, course: CoursePage, activities=None):
    """The first activity the officer has not passed, in course order ("Continue")."""
    activities = course.activities() if activities is None else activities
    passed = set(
        ActivityProgress.objects.filter(user=user, course=course, passed=True).values_list(
            "activity_id", flat=True
        )
    )
    for activity in activities:
        if activity.pk not in passed:
            return activity
    return activities[0] if activities else None
