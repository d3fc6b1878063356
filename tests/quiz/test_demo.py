"""The demo bank and quizzes: enough Vietnamese questions, valid keys, valid histories."""

import io

import pytest

from courses import demo as course_demo
from courses.models import Enrolment
from courses.quiz import demo
from courses.quiz.grading import key_errors
from courses.quiz.models import Attempt, Question, QuizPage
from training.people import demo as people_demo

pytestmark = pytest.mark.django_db


def test_demo_bank_quizzes_and_attempts():
    out = io.StringIO()
    people_demo.load(out)
    course_demo.load(out)
    demo.load(out)
    demo.load(out)  # idempotent

    bank = Question.objects.current().filter(category__parent__name=demo.ROOT)
    assert bank.count() >= 40
    assert {q.type for q in bank} == set(Question.Type.values)
    for question in bank.prefetch_related("answers"):
        answers = [
            {"text": a.text, "match_text": a.match_text, "fraction": a.fraction}
            for a in question.ordered_answers()
        ]
        with_subtests = key_errors(
            question.type, answers, multiple_grading=question.multiple_grading
        )
        assert with_subtests == [], (question.stem, with_subtests)

    course = course_demo.build_course()
    quizzes = list(QuizPage.objects.descendant_of(course).live())
    assert len(quizzes) == 3
    # The officers who had finished every lesson passed every quiz and completed the course.
    leader = Enrolment.objects.get(course=course, user__officer__employee_code="lanhdao")
    assert leader.status == Enrolment.Status.COMPLETED
    assert Attempt.objects.filter(user=leader.user, passed=True).count() == 3
    # One officer's final exam waits in the marking queue.
    waiting = Attempt.objects.get(user__officer__employee_code="TX00102")
    assert waiting.state == Attempt.State.NEEDS_MARKING
    assert "quiz bank" in out.getvalue()
