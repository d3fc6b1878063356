"""The audit trail: who assigned a course, moved a due date, revoked a certificate or
regraded an attempt, and when; read by administrators in Wagtail's Reports › Site history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.assignment_services import ASSIGNED, DUE_DATE_CHANGED, assignment_change_due_date
from courses.certificates import REVOKE_ACTION, Certificate, certificate_revoke
from courses.models import Assignment, LessonPage
from courses.quiz.services import attempt_start, attempt_submit, attempts_regrade
from courses.services import activity_record_result, assignment_create
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from tests.quiz.factories import enrolled_officer, make_question, make_quiz, make_trainer
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return make_officer(roles=(Role.HR,), unit="noi-vu", full_name="Lê Thu Trang").user


@pytest.fixture
def history(hr):
    """One of each audited act, by HR and a trainer, on a course and a quiz."""
    today = timezone.localdate()
    course = make_course(modules=1, lessons_per_module=1, title="Một cửa cơ bản")
    officer = make_officer(full_name="Hoàng Văn Nam")
    assignment = assignment_create(
        course=course, due_date=today + timedelta(days=14), assigned_by=hr, officers=[officer]
    )
    assignment_change_due_date(assignment=assignment, due_date=today + timedelta(days=21), by=hr)
    lesson = LessonPage.objects.descendant_of(course).get()
    activity_record_result(user=officer.user, activity=lesson, passed=True)
    certificate = Certificate.objects.get(user=officer.user)
    certificate_revoke(certificate=certificate, by=hr, reason="Cấp nhầm khóa học.")

    quiz = make_quiz(questions=[make_question()], title="Kiểm tra chương 1")
    learner = enrolled_officer(quiz, full_name="Vũ Thị Lan")
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt_submit(attempt_id=attempt.pk, user=learner)
    trainer = make_trainer(full_name="Trần Đức Thắng")
    attempts_regrade(attempt_ids=[attempt.pk], user=trainer)
    return {
        "assignment": assignment,
        "certificate": certificate,
        "attempt": attempt,
        "trainer": trainer,
        "officer": officer,
    }


def test_each_service_writes_who_did_what(history, hr):
    assignment = history["assignment"]
    today = timezone.localdate()

    assigned = ModelLogEntry.objects.get(action=ASSIGNED)
    assert (assigned.object_id, assigned.user) == (str(assignment.pk), hr)
    assert assigned.data["course"] == "Một cửa cơ bản"
    assert assigned.data["officers"] == [history["officer"].employee_code]
    assert (assigned.data["reached"], assigned.data["due_date"]) == (
        1,
        (today + timedelta(days=14)).isoformat(),
    )

    moved = ModelLogEntry.objects.get(action=DUE_DATE_CHANGED)
    assert moved.user == hr and moved.data["due_date"] == (today + timedelta(days=21)).isoformat()

    revoked = ModelLogEntry.objects.get(action=REVOKE_ACTION)
    assert revoked.user == hr and revoked.object_id == str(history["certificate"].pk)
    assert revoked.data["reason"] == "Cấp nhầm khóa học."

    regraded = ModelLogEntry.objects.get(action="quiz.regrade")
    assert regraded.user == history["trainer"]
    assert regraded.object_id == str(history["attempt"].pk)
    # The entry names whose attempt it was, not only the quiz.
    assert regraded.label == "Kiểm tra chương 1 · attempt 1 · Vũ Thị Lan"

    for entry in (assigned, moved, revoked, regraded):
        assert timezone.now() - entry.timestamp < timedelta(minutes=1)


def test_assigning_from_the_admin_writes_one_entry(client, hr):
    course = make_course(modules=1, lessons_per_module=1)
    justice = make_officer(unit="tu-phap").unit
    client.force_login(hr)
    response = client.post(
        reverse("assignments:add"),
        {
            "course": course.pk,
            "departments": [justice.pk],
            "due_date": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = Assignment.objects.get()
    entries = ModelLogEntry.objects.filter(object_id=str(assignment.pk))
    assert [entry.action for entry in entries] == [ASSIGNED]


def test_an_administrator_reads_the_trail_in_site_history(client, history):
    admin = make_officer(roles=(Role.ADMINISTRATOR,), unit="vp").user
    client.force_login(admin)
    choose_english(client)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    assert (
        f"Course “Một cửa cơ bản” assigned to 1 officer, due {today + timedelta(days=14):%d/%m/%Y}"
        in page
    )
    assert (
        f"Due date changed from {today + timedelta(days=14):%d/%m/%Y} "
        f"to {today + timedelta(days=21):%d/%m/%Y} (1 officer)" in page
    )
    assert "Certificate revoked: Cấp nhầm khóa học." in page
    assert "Attempt regraded" in page and "Vũ Thị Lan" in page
    assert "Lê Thu Trang" in page and "Trần Đức Thắng" in page  # who did it

    # The Action filter offers the audited actions by their labels.
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"action": REVOKE_ACTION})
    page = response.content.decode()
    assert "Certificate revoked" in page and "Attempt regraded" not in page


def test_officers_and_leaders_cannot_read_the_trail(client, history):
    for roles in ((Role.OFFICER,), (Role.LEADER, Role.OFFICER)):
        client.force_login(make_officer(roles=roles).user)
        response = client.get(reverse("wagtailadmin_reports:site_history"))
        assert response.status_code in (302, 403), roles
        assert "Cấp nhầm" not in response.content.decode()
