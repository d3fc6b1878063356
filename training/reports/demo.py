"""Generated training history for the reports (`manage.py load_demo`, the last loader).

About 300 officers over the 12 departments and 11 wards, with positions, Vietnamese names
and a leader in each unit that has none; two more short courses beside the demo course
(`demo_courses.py`); and eight months of history: HR's assignments in waves, enrolments
completed month after month (some late), some in progress, some overdue, quiz attempts
with grades (and assessed scenario attempts when the demo course has scenarios), and a
certificate for every completion. Enough for the matrix, the roll-ups and the charts.

Deterministic: one seeded generator, and every date counted back from today, so each fresh
`make demo` draws the same district, moved to the current date.

Fast (a few seconds): rows are written with `bulk_create`. Running `assignment_apply` and
the completion service officer by officer would take minutes and e-mail 300 people, so
the loader writes what those services would have written: an enrolment takes the
assignment with the earliest due date that reaches it, counts and scores follow
`courses.services._recompute`, progress rows exist for the passed activities, and each
certificate is issued by `certificate_issue` (numbers follow the yearly sequence).

Idempotent: the generated officers have employee codes TXD0001 upwards; if one exists
the loader changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.assignment_services import assignment_log_created
from courses.certificates import certificate_issue
from courses.models import ActivityProgress, Assignment, CoursePage, Enrolment
from courses.quiz.models import Attempt, QuizPage
from sandbox.generators import ApplicantGenerator
from sandbox.scenarios.models import ScenarioAttempt, ScenarioPage
from training.people.models import Officer, Position, Unit
from training.people.roles import Role

from .demo_courses import demo_courses

CODE_PREFIX = "TXD"
SEED = 2026
OFFICERS = 300
INACTIVE = 3  # officers who have left the district, history kept

DEPARTMENT_HEAD = "Trưởng phòng"
WARD_HEAD = "Chủ tịch UBND phường"
DEPARTMENT_POSITIONS = [
    ("Phó Trưởng phòng", 2),
    ("Chuyên viên chính", 4),
    ("Chuyên viên", 12),
    ("Cán sự", 2),
]
WARD_POSITIONS = [
    ("Phó Chủ tịch UBND phường", 2),
    ("Công chức Văn phòng – Thống kê", 4),
    ("Công chức Tư pháp – Hộ tịch", 4),
    ("Công chức Địa chính – Xây dựng – Đô thị và Môi trường", 4),
    ("Công chức Tài chính – Kế toán", 2),
    ("Công chức Văn hóa – Xã hội", 2),
]


@dataclass(frozen=True)
class Wave:
    """One assignment of HR: a course to every department or ward (or all units)."""

    course: str  # key of `demo_courses()`
    kind: str | None  # Unit.Kind, or None for every unit
    assigned_days_ago: int
    due_in_days: int  # negative: the due date has passed
    note: str


WAVES = [
    Wave("dvc", Unit.Kind.DEPARTMENT, 235, -150, "Đợt 1: các phòng chuyên môn."),
    Wave("security", None, 185, -95, "Bắt buộc với mọi cán bộ, công chức."),
    Wave("dvc", Unit.Kind.WARD, 150, -60, "Đợt 2: UBND các phường."),
    Wave("conduct", Unit.Kind.WARD, 40, 20, "Cán bộ phường làm việc tại Bộ phận Một cửa."),
]
SELF_ENROL_SHARE = 0.12  # department officers who take the conduct course on their own


@dataclass
class Activity:
    pk: int
    kind: str  # "lesson", "quiz" or "scenario"
    pass_mark: int = 0
    version_id: int | None = None


@dataclass
class History:
    """The rows to write, gathered before the bulk inserts."""

    enrolments: list[Enrolment] = field(default_factory=list)
    progress: list[ActivityProgress] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    scenario_attempts: list = field(default_factory=list)


def _moment(rng: random.Random, day: date) -> datetime:
    """A time in office hours on `day`, Hà Nội time."""
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))


def _day_between(rng: random.Random, first: date, last: date, *, late_skew=False) -> date:
    if last <= first:
        return first
    span = (last - first).days
    # Officers tend to finish close to the deadline: skew toward the end when asked.
    offset = rng.triangular(0, span, span if late_skew else span / 2)
    return first + timedelta(days=round(offset))


def _percent(rng: random.Random, mean: float) -> Decimal:
    value = max(20.0, min(100.0, rng.gauss(mean, 11)))
    return (Decimal(round(value * 2)) / 2).quantize(Decimal("0.01"))


# Scenario version id → its frozen spec, for the generated assessments.
SCENARIO_SPECS: dict[int, dict] = {}
# Demo scenarios allow this many assessed attempts (the scenario default).
SCENARIO_ATTEMPTS = 2


def _activities(course: CoursePage) -> list[Activity]:
    """The counted activities in course order, each knowing if it is a quiz or scenario."""
    ids = [a.pk for a in course.counted_activities()]
    quizzes = dict(QuizPage.objects.filter(pk__in=ids).values_list("pk", "pass_mark"))
    scenarios = {}
    for page in ScenarioPage.objects.filter(pk__in=ids):
        version = page.current_version()
        SCENARIO_SPECS[version.pk] = version.spec
        scenarios[page.pk] = (page.pass_mark, version.pk)
    activities = []
    for pk in ids:
        if pk in quizzes:
            activities.append(Activity(pk, "quiz", quizzes[pk]))
        elif pk in scenarios:
            activities.append(Activity(pk, "scenario", *scenarios[pk]))
        else:
            activities.append(Activity(pk, "lesson"))
    return activities


def _create_officers(rng: random.Random, count: int) -> list[Officer]:
    """Users and officer profiles in bulk, spread over every unit, with a leader per unit."""
    units = list(Unit.objects.order_by("kind", "sort_order"))
    led = set(
        Officer.objects.filter(user__groups__name=Role.LEADER).values_list("unit_id", flat=True)
    )
    # Units differ in size: a weight per unit, then each officer drawn by weight.
    weights = [rng.uniform(0.7, 1.3) for _ in units]
    placed = sorted(rng.choices(range(len(units)), weights, k=count - len(units)))
    members = {i: 1 for i in range(len(units))}  # every unit gets at least one officer
    for i in placed:
        members[i] += 1
    names = ApplicantGenerator(seed=SEED)
    positions = {}

    def position(name: str) -> Position:
        if name not in positions:
            positions[name] = Position.objects.get_or_create(name=name)[0]
        return positions[name]

    unusable = make_password(None)
    User = get_user_model()
    users, officers, leaders = [], [], []
    serial = 0
    for i, unit in enumerate(units):
        ward = unit.kind == Unit.Kind.WARD
        choices = WARD_POSITIONS if ward else DEPARTMENT_POSITIONS
        for n in range(members[i]):
            serial += 1
            code = f"{CODE_PREFIX}{serial:04d}"
            full_name, _gender = names.name()
            is_head = n == 0 and unit.pk not in led
            title = (
                (WARD_HEAD if ward else DEPARTMENT_HEAD)
                if is_head
                else rng.choices([p for p, _w in choices], [w for _p, w in choices])[0]
            )
            users.append(
                User(
                    username=code.lower(),
                    email=f"{code.lower()}@thanhxuan.example",
                    first_name=full_name,
                    password=unusable,
                    is_active=True,
                )
            )
            officers.append(
                Officer(
                    employee_code=code,
                    full_name=full_name,
                    unit=unit,
                    position=position(title),
                    phone=f"0000{rng.randint(0, 999999):06d}",
                )
            )
            if is_head:
                leaders.append(code.lower())
    User.objects.bulk_create(users, batch_size=500)
    by_username = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    for officer in officers:
        officer.user_id = by_username[officer.employee_code.lower()]
    # A few have left the district: deactivated, their history kept.
    for officer in rng.sample(officers, INACTIVE):
        officer.is_active = False
    Officer.objects.bulk_create(officers, batch_size=500)
    User.objects.filter(pk__in=[o.user_id for o in officers if not o.is_active]).update(
        is_active=False
    )
    groups = dict(
        Group.objects.filter(name__in=[Role.OFFICER, Role.LEADER]).values_list("name", "pk")
    )
    Membership = User.groups.through
    memberships = [
        Membership(user_id=pk, group_id=groups[Role.OFFICER]) for pk in by_username.values()
    ]
    memberships += [
        Membership(user_id=by_username[u], group_id=groups[Role.LEADER]) for u in leaders
    ]
    Membership.objects.bulk_create(memberships, batch_size=500)
    return list(
        Officer.objects.filter(employee_code__startswith=CODE_PREFIX)
        .select_related("unit")
        .order_by("employee_code")
    )


@dataclass
class Reach:
    """An assignment, when it was made, and the units it reaches."""

    assignment: Assignment
    assigned_at: datetime
    unit_ids: set[int]
    generated: bool = False


def _create_assignments(courses, today: date, hr) -> dict[str, list[Reach]]:
    """HR's waves as backdated assignments, plus the other loaders' ones, by course key."""
    rng = random.Random(SEED + 1)
    created: dict[str, list[Reach]] = {key: [] for key in courses}
    for wave in WAVES:
        course = courses[wave.course]
        units = Unit.objects.all() if wave.kind is None else Unit.objects.filter(kind=wave.kind)
        assigned_at = _moment(rng, today - timedelta(days=wave.assigned_days_ago))
        assignment = Assignment.objects.create(
            course=course,
            due_date=today + timedelta(days=wave.due_in_days),
            assigned_by=hr,
            note=wave.note,
        )
        unit_ids = set(units.values_list("pk", flat=True))
        assignment.units.set(unit_ids)
        Assignment.objects.filter(pk=assignment.pk).update(created_at=assigned_at)
        created[wave.course].append(Reach(assignment, assigned_at, unit_ids, generated=True))
    # Assignments made earlier by the other demo loaders reach their units too.
    for key, course in courses.items():
        mine = [reach.assignment.pk for reach in created[key]]
        for assignment in (
            Assignment.objects.filter(course=course).exclude(pk__in=mine).prefetch_related("units")
        ):
            unit_ids = {unit.pk for unit in assignment.units.all()}
            created[key].append(Reach(assignment, assignment.created_at, unit_ids))
    return created


def _simulate(
    *,
    rng: random.Random,
    history: History,
    officer: Officer,
    course: CoursePage,
    activities: list[Activity],
    assignment: Assignment | None,
    assigned_at: datetime,
    diligence: float,
    skill: float,
    today: date,
    hr,
) -> None:
    """One officer's enrolment in one course, and what they did in it."""
    assigned_on = timezone.localdate(assigned_at)
    due = assignment.due_date if assignment else None
    if due is not None and due < today:
        p_done = diligence
    else:
        window = max(1, ((due or today + timedelta(days=30)) - assigned_on).days)
        p_done = diligence * min(1.0, (today - assigned_on).days / window) * 0.8
    enrolment = Enrolment(
        user_id=officer.user_id,
        course=course,
        source=Enrolment.Source.ASSIGNED if assignment else Enrolment.Source.SELF,
        assignment=assignment,
        assigned_by=hr if assignment else None,
        due_date=due,
        required_count=len(activities),
        created_at=assigned_at,
    )
    yesterday = today - timedelta(days=1)
    if activities and rng.random() < p_done:
        late = due is not None and due < yesterday and rng.random() < 0.2
        if late:
            finished = _day_between(
                rng, due + timedelta(days=1), min(yesterday, due + timedelta(days=45))
            )
        else:
            finished = _day_between(
                rng,
                assigned_on + timedelta(days=2),
                min(due or yesterday, yesterday),
                late_skew=True,
            )
        started = _day_between(rng, assigned_on + timedelta(days=1), finished)
        passed_count = len(activities)
        enrolment.status = Enrolment.Status.COMPLETED
    elif rng.random() < 0.55 and assigned_on < yesterday and activities:
        started = _day_between(rng, assigned_on + timedelta(days=1), yesterday)
        finished = _day_between(rng, started, yesterday)
        passed_count = rng.randint(1, max(1, len(activities) - 1))
        enrolment.status = Enrolment.Status.IN_PROGRESS
    else:
        history.enrolments.append(enrolment)
        return
    enrolment.started_at = _moment(rng, started)
    days = sorted(_day_between(rng, started, finished) for _ in range(passed_count))
    scores = []
    for index, activity in enumerate(activities):
        if index < passed_count:
            when = max(_moment(rng, days[index]), enrolment.started_at)
            score = _attempts(
                rng, history, officer, course, activity, when, enrolment.started_at, skill, True
            )
            history.progress.append(
                ActivityProgress(
                    user_id=officer.user_id,
                    activity_id=activity.pk,
                    course=course,
                    passed=True,
                    score=score,
                    completed_at=when,
                )
            )
        elif index == passed_count and activity.kind != "lesson" and rng.random() < 0.4:
            # Stuck on this quiz or scenario: tried and failed once.
            when = max(_moment(rng, finished), enrolment.started_at)
            score = _attempts(
                rng, history, officer, course, activity, when, enrolment.started_at, skill, False
            )
            history.progress.append(
                ActivityProgress(
                    user_id=officer.user_id,
                    activity_id=activity.pk,
                    course=course,
                    passed=False,
                    score=score,
                )
            )
        else:
            break
        if score is not None:
            scores.append(score)
    enrolment.completed_count = passed_count
    if scores:
        enrolment.score = (sum(scores) / len(scores)).quantize(Decimal("0.01"))
    if enrolment.status == Enrolment.Status.COMPLETED:
        enrolment.completed_at = history.progress[-1].completed_at
    history.enrolments.append(enrolment)


def _attempts(
    rng, history, officer, course, activity, when, not_before, skill, must_pass
) -> Decimal | None:
    """Graded attempts at a quiz or scenario, the last at `when`; returns the best score."""
    if activity.kind == "lesson":
        return None
    percents = [_percent(rng, skill)]
    if must_pass:
        while percents[-1] < activity.pass_mark:
            percents.append(_percent(rng, max(skill, activity.pass_mark + 8)))
    elif percents[0] >= activity.pass_mark:
        percents[0] = Decimal(max(0, activity.pass_mark - rng.randint(5, 25))).quantize(
            Decimal("0.01")
        )
    if activity.kind == "scenario" and len(percents) > SCENARIO_ATTEMPTS:
        # Within the scenario's assessed attempts: the last one passes.
        percents = percents[: SCENARIO_ATTEMPTS - 1] + [percents[-1]]
    count = len(percents)
    for number, percent in enumerate(percents, start=1):
        finished = max(
            when - timedelta(days=count - number, minutes=rng.randint(0, 90)),
            not_before + timedelta(minutes=30 * number),
        )
        passed = percent >= activity.pass_mark
        if activity.kind == "quiz":
            history.attempts.append(
                Attempt(
                    quiz_id=activity.pk,
                    user_id=officer.user_id,
                    course=course,
                    number=number,
                    state=Attempt.State.FINISHED,
                    seed=rng.randrange(2**62),
                    started_at=finished - timedelta(minutes=rng.randint(8, 25)),
                    finished_at=finished,
                    score=(percent / 10).quantize(Decimal("0.01")),
                    max_score=Decimal("10"),
                    percent=percent,
                    passed=passed,
                )
            )
        else:
            from sandbox.scenarios.demo import sampled_result

            score, passed, result = sampled_result(
                SCENARIO_SPECS[activity.version_id], rng, percent
            )
            percents[number - 1] = score
            history.scenario_attempts.append(
                ScenarioAttempt(
                    scenario_id=activity.pk,
                    version_id=activity.version_id,
                    user_id=officer.user_id,
                    course=course,
                    number=number,
                    mode="assessed",
                    state="assessed",
                    seed=rng.randrange(2**62),
                    started_at=finished - timedelta(minutes=rng.randint(20, 50)),
                    submitted_at=finished,
                    score=score,
                    passed=passed,
                    result=result,
                )
            )
    return max(percents)


@transaction.atomic
def load(stdout, *, officers: int = OFFICERS) -> list:
    """Generate the officers and their history unless they exist already."""
    if Officer.objects.filter(employee_code__startswith=CODE_PREFIX).exists():
        stdout.write("  reports: generated officers and history already present")
        return []
    rng = random.Random(SEED)
    today = timezone.localdate()
    courses = demo_courses()
    hr_officer = Officer.objects.filter(employee_code="nhansu").select_related("user").first()
    hr = hr_officer.user if hr_officer else None
    generated = _create_officers(rng, officers)
    assignments = _create_assignments(courses, today, hr)
    activities = {key: _activities(course) for key, course in courses.items()}
    diligence = {
        unit_id: rng.uniform(0.5, 0.97) for unit_id in Unit.objects.values_list("pk", flat=True)
    }
    history = History()
    for officer in generated:
        skill = rng.gauss(78, 7)
        for key, course in courses.items():
            reaching = [r for r in assignments[key] if officer.unit_id in r.unit_ids]
            if reaching:
                # As `assignment_apply` rules: the earliest due date wins.
                first = min(reaching, key=lambda r: r.assignment.due_date)
                assignment, at = first.assignment, first.assigned_at
            elif key == "conduct" and rng.random() < SELF_ENROL_SHARE:
                assignment, at = None, _moment(rng, today - timedelta(days=rng.randint(5, 60)))
            else:
                continue
            _simulate(
                rng=rng,
                history=history,
                officer=officer,
                course=course,
                activities=activities[key],
                assignment=assignment,
                assigned_at=at,
                diligence=diligence[officer.unit_id],
                skill=skill,
                today=today,
                hr=hr,
            )
    # `created_at` and `started_at` are stamped on insert (auto_now_add, on these very
    # objects): note the wanted dates first and put them back after.
    assigned_at = [enrolment.created_at for enrolment in history.enrolments]
    created = Enrolment.objects.bulk_create(history.enrolments, batch_size=500)
    for enrolment, at in zip(created, assigned_at, strict=True):
        enrolment.created_at = at
    Enrolment.objects.bulk_update(created, ["created_at"], batch_size=500)
    ActivityProgress.objects.bulk_create(history.progress, batch_size=500)
    ActivityProgress.objects.filter(
        user__officer__employee_code__startswith=CODE_PREFIX, completed_at__isnull=False
    ).update(first_seen_at=F("completed_at"))
    Attempt.objects.bulk_create(history.attempts, batch_size=500)
    if history.scenario_attempts:
        started_at = [attempt.started_at for attempt in history.scenario_attempts]
        saved = ScenarioAttempt.objects.bulk_create(history.scenario_attempts, batch_size=500)
        for attempt, at in zip(saved, started_at, strict=True):
            attempt.started_at = at
        ScenarioAttempt.objects.bulk_update(saved, ["started_at"], batch_size=500)
    completed = sorted(
        (e for e in created if e.status == Enrolment.Status.COMPLETED),
        key=lambda e: e.completed_at,
    )
    for enrolment in completed:
        certificate_issue(enrolment=enrolment)
    for reaches in assignments.values():
        for reach in reaches:
            if reach.generated:
                pk = reach.assignment.pk
                reached = sum(1 for e in created if e.assignment_id == pk)
                assignment_log_created(
                    assignment=reach.assignment, by=hr, reached=reached, at=reach.assigned_at
                )
    overdue = sum(1 for e in created if e.is_overdue)
    stdout.write(
        f"  reports: {len(generated)} officers, {len(created)} enrolments "
        f"({len(completed)} completed, {overdue} overdue), {len(history.attempts)} quiz "
        f"attempts, {len(history.scenario_attempts)} scenario attempts, "
        f"{len(completed)} certificates, since {today - timedelta(days=WAVES[0].assigned_days_ago):%d/%m/%Y}"
    )
    return []
