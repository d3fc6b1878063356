"""An officer's transcript: every course, certificate, quiz attempt and scenario attempt.

Read-only assembly shared by the page, the PDF and the exports. Who may open whose
transcript is decided here (`transcript_officers`): the reports' scope (HR and
administrators: everyone; a leader: their unit) plus the officer's own. The whole
transcript is read in a fixed number of queries, however long the officer's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.certificates import Certificate
from courses.models import Enrolment, local_today
from courses.quiz.models import Attempt
from sandbox.scenarios.models import ScenarioAttempt
from training.people.models import Officer

from .scope import visible_officers

# The derived state of `Enrolment.objects.with_state()`, with the labels a reader sees.
STATE_LABELS = {
    "not_started": _("Not started"),
    "in_progress": _("In progress"),
    "completed": _("Completed"),
    "overdue": _("Overdue"),
}


def transcript_officers(user) -> QuerySet[Officer]:
    """The officers whose transcript `user` may open: the ones they report on, and
    themself. Views load the officer through this, so another id is a 404."""
    if not user.is_authenticated:
        return Officer.objects.none()
    return Officer.objects.filter(
        Q(pk__in=visible_officers(user).values("pk")) | Q(user=user)
    ).select_related("unit", "position", "user")


@dataclass
class CourseLine:
    """One enrolment as the transcript shows it."""

    enrolment: Enrolment
    state: str
    certificate: Certificate | None = None

    @property
    def course_title(self) -> str:
        return self.enrolment.course.title

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def badge_class(self) -> str:
        return "badge--" + self.state.replace("_", "-")

    @property
    def is_assigned(self) -> bool:
        return self.enrolment.source == Enrolment.Source.ASSIGNED

    @property
    def source_label(self) -> str:
        return str(self.enrolment.get_source_display())

    @property
    def days_overdue(self) -> int | None:
        if self.state != "overdue":
            return None
        return (local_today() - self.enrolment.due_date).days


@dataclass
class ScenarioLine:
    """One practice-scenario attempt (mode practice or assessed)."""

    attempt: object

    @property
    def title(self) -> str:
        scenario = getattr(self.attempt, "scenario", None)
        return scenario.title if scenario is not None else ""

    @property
    def course_title(self) -> str:
        course = getattr(self.attempt, "course", None)
        return course.title if course is not None else ""

    @property
    def mode_label(self) -> str:
        display = getattr(self.attempt, "get_mode_display", None)
        return str(display()) if display else str(self.attempt.mode)

    @property
    def state_label(self) -> str:
        display = getattr(self.attempt, "get_state_display", None)
        return str(display()) if display else str(self.attempt.state)

    @property
    def date(self) -> datetime | None:
        return getattr(self.attempt, "submitted_at", None) or getattr(
            self.attempt, "started_at", None
        )


@dataclass
class Transcript:
    officer: Officer
    generated_at: datetime
    today: date
    courses: list[CourseLine] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    quiz_attempts: list[Attempt] = field(default_factory=list)
    scenario_attempts: list[ScenarioLine] = field(default_factory=list)
    # False while the scenarios app has no attempt model: the page then omits the section.

    def count(self, state: str) -> int:
        return sum(1 for line in self.courses if line.state == state)

    @property
    def completed_count(self) -> int:
        return self.count("completed")

    @property
    def overdue_count(self) -> int:
        return self.count("overdue")

    @property
    def in_progress_count(self) -> int:
        return self.count("in_progress")

    @property
    def not_started_count(self) -> int:
        return self.count("not_started")

    @property
    def valid_certificate_count(self) -> int:
        return sum(1 for certificate in self.certificates if not certificate.is_revoked)


def officer_transcript(officer: Officer, *, now: datetime | None = None) -> Transcript:
    """Everything the officer has done on DVC Academy, oldest enrolment first.

    Enrolments are shown with their derived state (overdue is an unfinished course past
    its due date, in Vietnam's calendar). Certificates are listed from their own table,
    so one whose course was since deleted still appears.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    user_id = officer.user_id
    enrolments = list(
        Enrolment.objects.filter(user_id=user_id)
        .with_state(today)
        .select_related("course", "assigned_by__officer")
        .order_by("created_at", "pk")
    )
    certificates = list(Certificate.objects.filter(user_id=user_id).order_by("issued_at", "pk"))
    by_enrolment = {c.enrolment_id: c for c in certificates if c.enrolment_id}
    attempts = list(
        Attempt.objects.filter(user_id=user_id)
        .select_related("quiz", "course")
        .order_by("started_at", "pk")
    )
    transcript = Transcript(
        officer=officer,
        generated_at=now,
        today=today,
        courses=[CourseLine(e, e.state, by_enrolment.get(e.pk)) for e in enrolments],
        certificates=certificates,
        quiz_attempts=attempts,
    )
    transcript.scenario_attempts = [
        ScenarioLine(attempt)
        for attempt in ScenarioAttempt.objects.filter(user_id=user_id)
        .select_related("scenario", "course")
        .order_by("started_at", "pk")
    ]
    return transcript


# ---- Rows for the exports ------------------------------------------------------------------


def _passed(value) -> str:
    if value is None:
        return ""
    return str(_("Yes")) if value else str(_("No"))


def export_sheets(transcript: Transcript) -> list[tuple[str, list[str], list[list]]]:
    """The transcript as (title, headers, rows) sheets for `exports.xlsx_response`."""
    courses = (
        str(_("Courses")),
        [
            str(_("Course")),
            str(_("Source")),
            str(_("Due date")),
            str(_("Status")),
            str(_("Days overdue")),
            str(_("Started")),
            str(_("Completed")),
            str(_("Score (%)")),
            str(_("Certificate number")),
        ],
        [
            [
                line.course_title,
                line.source_label,
                line.enrolment.due_date,
                line.state_label,
                line.days_overdue,
                line.enrolment.started_at,
                line.enrolment.completed_at,
                line.enrolment.score,
                line.certificate.number if line.certificate else None,
            ]
            for line in transcript.courses
        ],
    )
    certificates = (
        str(_("Certificates")),
        [
            str(_("Certificate number")),
            str(_("Course")),
            str(_("Issued")),
            str(_("Score (%)")),
            str(_("Revoked")),
        ],
        [
            [c.number, c.course_title, c.issued_at, c.score, c.revoked_at]
            for c in transcript.certificates
        ],
    )
    quizzes = (
        str(_("Quiz attempts")),
        [
            str(_("Quiz")),
            str(_("Course")),
            str(_("Attempt")),
            str(_("Started")),
            str(_("Submitted")),
            str(_("Status")),
            str(_("Grade (%)")),
            str(_("Passed")),
        ],
        [
            [
                a.quiz.title,
                a.course.title,
                a.number,
                a.started_at,
                a.finished_at,
                str(a.get_state_display()),
                a.percent,
                _passed(a.passed),
            ]
            for a in transcript.quiz_attempts
        ],
    )
    officer = transcript.officer
    identity = (
        str(_("Officer")),
        [
            str(_("Full name")),
            str(_("Employee code")),
            str(_("Unit")),
            str(_("Position")),
            str(_("Generated")),
        ],
        [
            [
                officer.full_name,
                officer.employee_code,
                officer.unit.name,
                officer.position.name if officer.position_id else None,
                transcript.generated_at,
            ]
        ],
    )
    sheets = [identity, courses, certificates, quizzes]
    sheets.append(
        (
            str(_("Scenario attempts")),
            [
                str(_("Scenario")),
                str(_("Course")),
                str(_("Attempt")),
                str(_("Mode")),
                str(_("Status")),
                str(_("Submitted")),
                str(_("Score (%)")),
                str(_("Passed")),
            ],
            [
                [
                    line.title,
                    line.course_title,
                    line.attempt.number,
                    line.mode_label,
                    line.state_label,
                    line.attempt.submitted_at,
                    line.attempt.score,
                    _passed(line.attempt.passed),
                ]
                for line in transcript.scenario_attempts
            ],
        )
    )
    return sheets


def export_flat_rows(transcript: Transcript) -> tuple[list[str], list[list]]:
    """The transcript as one table (CSV has no sheets): one row per course, certificate,
    quiz attempt and scenario attempt, the first column saying which."""
    headers = [
        str(_("Employee code")),
        str(_("Full name")),
        str(_("Record")),
        str(_("Title")),
        str(_("Course")),
        str(_("Attempt")),
        str(_("Date")),
        str(_("Status")),
        str(_("Score (%)")),
        str(_("Passed")),
        str(_("Certificate number")),
    ]
    rows = []
    who = [transcript.officer.employee_code, transcript.officer.full_name]
    course_label, certificate_label = str(_("Course")), str(_("Certificate"))
    quiz_label, scenario_label = str(_("Quiz attempt")), str(_("Scenario attempt"))
    for line in transcript.courses:
        enrolment = line.enrolment
        rows.append(
            [
                *who,
                course_label,
                line.course_title,
                line.course_title,
                None,
                enrolment.completed_at or enrolment.due_date,
                line.state_label,
                enrolment.score,
                None,
                line.certificate.number if line.certificate else None,
            ]
        )
    for c in transcript.certificates:
        status = _("Revoked") if c.is_revoked else _("Valid")
        rows.append(
            [
                *who,
                certificate_label,
                c.course_title,
                c.course_title,
                None,
                c.issued_at,
                str(status),
                c.score,
                None,
                c.number,
            ]
        )
    for a in transcript.quiz_attempts:
        rows.append(
            [
                *who,
                quiz_label,
                a.quiz.title,
                a.course.title,
                a.number,
                a.finished_at or a.started_at,
                str(a.get_state_display()),
                a.percent,
                _passed(a.passed),
                None,
            ]
        )
    for line in transcript.scenario_attempts:
        rows.append(
            [
                *who,
                scenario_label,
                line.title,
                line.course_title,
                line.attempt.number,
                line.date,
                f"{line.mode_label} · {line.state_label}",
                line.attempt.score,
                _passed(line.attempt.passed),
                None,
            ]
        )
    return headers, rows
