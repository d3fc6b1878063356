"""The reports' demo history: officers in every unit, months of valid history, loaded once."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.assignment_services import ASSIGNED
from courses.certificates import Certificate
from courses.demo import build_course
from courses.models import ActivityProgress, Enrolment, ModulePage
from courses.quiz.models import Attempt
from tests.quiz.factories import make_question, make_quiz
from training.people import demo as people_demo
from training.people.models import Officer, Unit
from training.people.roles import Role
from training.reports import demo

pytestmark = pytest.mark.django_db


def test_generated_history_is_varied_valid_and_loaded_once():
    out = io.StringIO()
    people_demo.load(out)
    course = build_course()
    module = ModulePage.objects.child_of(course).first()
    quiz = make_quiz(module=module, questions=[make_question()], pass_mark=60)

    demo.load(out, officers=80)

    generated = Officer.objects.filter(employee_code__startswith=demo.CODE_PREFIX)
    assert generated.count() == 80
    assert set(generated.values_list("unit", flat=True)) == set(
        Unit.objects.values_list("pk", flat=True)
    )
    assert not generated.filter(position__isnull=True).exists()
    names = list(generated.values_list("full_name", flat=True))
    assert sum(not name.isascii() for name in names) > 60  # Vietnamese names, with diacritics
    # A leader in every unit (Phòng Tư pháp already had the demo leader).
    leaders = Officer.objects.filter(user__groups__name=Role.LEADER)
    assert set(leaders.values_list("unit", flat=True)) == set(
        Unit.objects.values_list("pk", flat=True)
    )
    assert leaders.filter(unit__code="tu-phap").count() == 1

    enrolments = Enrolment.objects.filter(user__officer__in=generated)
    today = timezone.localdate()
    states = set(enrolments.with_state().values_list("state", flat=True))
    assert states == {"completed", "in_progress", "not_started", "overdue"}
    completed = enrolments.filter(status=Enrolment.Status.COMPLETED)
    months = {timezone.localtime(e.completed_at).strftime("%Y-%m") for e in completed}
    assert len(months) >= 5, months
    oldest = min(e.created_at for e in enrolments)
    assert timezone.localdate(oldest) <= today - timedelta(days=210)
    for enrolment in completed.select_related("certificate"):
        assert enrolment.completed_count == enrolment.required_count > 0
        assert enrolment.started_at <= enrolment.completed_at <= timezone.now()
        assert enrolment.certificate.issued_at == enrolment.completed_at
    assert Certificate.objects.filter(user__officer__in=generated).count() == completed.count()
    passed = ActivityProgress.objects.filter(user__officer__in=generated, passed=True)
    assert passed.count() >= completed.count()

    attempts = Attempt.objects.filter(user__officer__in=generated, quiz=quiz)
    assert attempts.exists() and attempts.filter(passed=False).exists()
    for attempt in attempts:
        assert attempt.passed == (attempt.percent >= 60)
    for enrolment in completed.filter(course=course):
        assert attempts.filter(user_id=enrolment.user_id, passed=True).exists()

    entries = ModelLogEntry.objects.filter(action=ASSIGNED)
    assert entries.count() == len(demo.WAVES)
    assert min(entries.values_list("timestamp", flat=True)) < timezone.now() - timedelta(days=200)

    counts = (Officer.objects.count(), Enrolment.objects.count(), Attempt.objects.count())
    out = io.StringIO()
    demo.load(out)
    assert "already present" in out.getvalue()
    assert (Officer.objects.count(), Enrolment.objects.count(), Attempt.objects.count()) == counts
