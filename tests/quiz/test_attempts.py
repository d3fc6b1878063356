"""Attempts through the services: draws, saving, the timer, submitting once, grading rules."""

import io
import random
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import QueryDict
from django.test import TestCase
from django.utils import timezone

from courses.models import ActivityProgress, Enrolment
from courses.quiz.demo import right_answers
from courses.quiz.grading import InvalidResponse
from courses.quiz.models import Attempt, AttemptQuestion, QuizPage
from courses.quiz.services import (
    AttemptClosed,
    QuizError,
    attempt_check,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
    grade_by_method,
    select_questions,
)
from tests.courses.factories import make_course
from tests.quiz.factories import T, enrolled_officer, make_category, make_question, make_quiz


@contextmanager
def travel(when):
    """Freeze the clock at `when` (everything reads django.utils.timezone.now)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def data(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def right_choice(attempt, position=0) -> str:
    slot = attempt.slots.get(position=position)
    answers = {a.pk: a for a in slot.question.answers.all()}
    return str(
        next(i for i, pk in enumerate(slot.layout["choices"]) if answers[pk].fraction >= 100)
    )


class TestRandomDraws(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = make_category("Một cửa")
        cls.sub = make_category("Biểu mẫu", parent=cls.root)
        cls.fixed = make_question(T.SINGLE, category=cls.root)
        cls.pool = [make_question(T.SINGLE, category=cls.root) for _ in range(6)]
        cls.pool += [make_question(T.TRUE_FALSE, category=cls.sub) for _ in range(4)]
        cls.quiz = make_quiz(questions=[cls.fixed], draws=[(cls.root, 8)])

    def test_no_question_twice_in_one_attempt_and_the_seed_reproduces_the_draw(self):
        for seed in range(25):
            with self.subTest(seed=seed):
                drawn = select_questions(quiz=self.quiz, rng=random.Random(seed))
                ids = [q.pk for q in drawn]
                self.assertEqual(len(ids), 9)
                self.assertEqual(len(set(ids)), 9)
                self.assertEqual(ids[0], self.fixed.pk)
                again = select_questions(quiz=self.quiz, rng=random.Random(seed))
                self.assertEqual([q.pk for q in again], ids)

    def test_sub_categories_are_drawn_from_unless_excluded(self):
        rule = self.quiz.question_rules.get(category=self.root)
        seen = set()
        for seed in range(20):
            seen |= {
                q.category_id for q in select_questions(quiz=self.quiz, rng=random.Random(seed))
            }
        self.assertIn(self.sub.pk, seen)
        rule.include_subcategories = False
        rule.count = 6
        rule.save()
        drawn = select_questions(quiz=self.quiz, rng=random.Random(1))
        self.assertNotIn(self.sub.pk, {q.category_id for q in drawn})

    def test_too_few_questions_is_a_clear_error(self):
        quiz = make_quiz(draws=[(self.sub, 5)], course=self.quiz.course)
        with self.assertRaisesMessage(QuizError, "Biểu mẫu"):
            select_questions(quiz=quiz, rng=random.Random(0))

    def test_attempt_stores_seed_random_order_and_max_questions(self):
        quiz = make_quiz(
            questions=self.pool[:6], random_order=True, max_questions=4, course=self.quiz.course
        )
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user, seed=42)
        slots = list(attempt.slots.order_by("position"))
        self.assertEqual(len(slots), 4)
        self.assertEqual(attempt.max_score, Decimal("4"))
        other = enrolled_officer(quiz)
        twin = attempt_start(quiz=quiz, user=other, seed=42)
        self.assertEqual(
            [s.question_id for s in slots],
            list(twin.slots.order_by("position").values_list("question_id", flat=True)),
        )
        self.assertEqual(
            [s.layout for s in slots], [s.layout for s in twin.slots.order_by("position")]
        )


class TestAttemptLifecycle(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = make_course(modules=1, lessons_per_module=0)
        category = make_category()
        cls.questions = [
            make_question(T.SINGLE, category=category),
            make_question(T.SHORT, category=category),
            make_question(T.MULTIPLE, category=category),
        ]
        cls.quiz = make_quiz(questions=cls.questions, course=cls.course, time_limit_minutes=10)

    def setUp(self):
        self.user = enrolled_officer(self.quiz)

    def start(self, **kwargs):
        return attempt_start(quiz=self.quiz, user=self.user, **kwargs)

    def test_resume_returns_the_same_attempt_with_its_saved_answers(self):
        attempt = self.start()
        attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q1="Phiếu kiểm soát"), page=1)
        resumed = self.start()
        self.assertEqual(resumed.pk, attempt.pk)
        self.assertEqual(resumed.current_page, 1)
        self.assertEqual(resumed.slots.get(position=1).response, {"text": "Phiếu kiểm soát"})
        self.assertEqual(Attempt.objects.count(), 1)

    def test_submitting_twice_grades_once(self):
        attempt = self.start()
        answers = data(q0=right_choice(attempt), q1="phiếu kiểm soát")
        graded, first = attempt_submit(attempt_id=attempt.pk, user=self.user, data=answers)
        self.assertTrue(first)
        self.assertEqual(graded.score, Decimal("2.00"))
        progress = ActivityProgress.objects.get(user=self.user, activity_id=self.quiz.pk)
        again, second = attempt_submit(attempt_id=attempt.pk, user=self.user, data=data(q0="1"))
        self.assertFalse(second)
        self.assertEqual(again.score, Decimal("2.00"))
        self.assertEqual(again.finished_at, graded.finished_at)
        progress.refresh_from_db()
        self.assertEqual(progress.score, Decimal("66.67"))
        with self.assertRaises(AttemptClosed):
            attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q0="1"))

    def test_bad_input_is_rejected_whole_and_nothing_is_recorded(self):
        attempt = self.start()
        attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q1="đã lưu"))
        cases = {
            "question not in the attempt": data(q1="mới", q7="0"),
            "tampered option id": data(q1="mới", q0="99"),
            "two answers to a single choice": data(q1="mới", q0=["0", "1"]),
        }
        for label, values in cases.items():
            with self.subTest(label), self.assertRaises(InvalidResponse):
                attempt_save(attempt_id=attempt.pk, user=self.user, data=values)
            with self.subTest(label), self.assertRaises(InvalidResponse):
                attempt_submit(attempt_id=attempt.pk, user=self.user, data=values)
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_in_progress)
        self.assertEqual(attempt.slots.get(position=1).response, {"text": "đã lưu"})

    def test_another_officers_attempt_is_refused(self):
        attempt = self.start()
        intruder = enrolled_officer(self.quiz)
        for call in (attempt_save, attempt_submit):
            with self.subTest(call.__name__), self.assertRaises(PermissionDenied):
                call(attempt_id=attempt.pk, user=intruder, data=data(q0="0"))
        self.assertTrue(Attempt.objects.get(pk=attempt.pk).is_in_progress)

    def test_time_limit_is_enforced_by_the_server(self):
        start = timezone.now()
        with travel(start):
            attempt = self.start()
        self.assertEqual(attempt.deadline, start + timedelta(minutes=10))
        with travel(start + timedelta(minutes=9)):
            attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q0=right_choice(attempt)))
        # Within the grace after the deadline, answers still in flight are accepted.
        with travel(start + timedelta(minutes=10, seconds=20)):
            attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q1="phiếu kiểm soát"))
        with travel(start + timedelta(minutes=12)):
            with self.assertRaisesMessage(AttemptClosed, "Time is up"):
                attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q2="0"))
        attempt.refresh_from_db()
        self.assertEqual(attempt.state, Attempt.State.FINISHED)
        self.assertTrue(attempt.timed_out)
        self.assertEqual(attempt.finished_at, attempt.deadline)
        self.assertEqual(attempt.score, Decimal("2.00"))
        self.assertIsNone(attempt.slots.get(position=2).response)

    def test_a_late_submit_grades_what_was_saved_and_ignores_the_rest(self):
        start = timezone.now()
        with travel(start):
            attempt = self.start()
            attempt_save(attempt_id=attempt.pk, user=self.user, data=data(q1="phiếu kiểm soát"))
        with travel(start + timedelta(hours=1)):
            graded, did_grade = attempt_submit(
                attempt_id=attempt.pk, user=self.user, data=data(q0=right_choice(attempt))
            )
        self.assertTrue(did_grade and graded.timed_out)
        self.assertEqual(graded.score, Decimal("1.00"))

    def test_abandoned_attempts_are_closed_by_the_command(self):
        start = timezone.now() - timedelta(hours=2)
        with travel(start):
            attempt = self.start()
        out = io.StringIO()
        call_command("close_overdue_attempts", stdout=out)
        self.assertIn("1 attempt(s)", out.getvalue())
        self.assertEqual(attempts_close_overdue(), 0)
        attempt.refresh_from_db()
        self.assertEqual(attempt.state, Attempt.State.FINISHED)
        self.assertTrue(attempt.timed_out)

    def test_close_date_caps_the_deadline_and_blocks_new_attempts(self):
        now = timezone.now()
        quiz = make_quiz(
            questions=self.questions[:1],
            course=self.course,
            close_at=now + timedelta(minutes=3),
            time_limit_minutes=30,
        )
        user = enrolled_officer(quiz)
        with travel(now):
            attempt = attempt_start(quiz=quiz, user=user)
        self.assertEqual(attempt.deadline, quiz.close_at)
        with travel(now + timedelta(minutes=5)):
            graded, _ = attempt_submit(attempt_id=attempt.pk, user=user, data=data(q0="0"))
        self.assertTrue(graded.timed_out)
        self.assertIsNone(graded.slots.get().response)
        with travel(now + timedelta(minutes=5)), self.assertRaisesMessage(QuizError, "closed"):
            attempt_start(quiz=quiz, user=user)

    def test_not_open_yet(self):
        quiz = make_quiz(
            questions=self.questions[:1],
            course=self.course,
            open_at=timezone.now() + timedelta(days=1),
        )
        with self.assertRaisesMessage(QuizError, "opens"):
            attempt_start(quiz=quiz, user=enrolled_officer(quiz))

    def test_attempts_allowed_and_single_attempt(self):
        for fields, allowed in (
            ({"attempts_allowed": 2}, 2),
            ({"single_attempt": True, "attempts_allowed": 5}, 1),
        ):
            quiz = make_quiz(questions=self.questions[:1], course=self.course, **fields)
            user = enrolled_officer(quiz)
            with self.subTest(fields=fields):
                for _ in range(allowed):
                    attempt = attempt_start(quiz=quiz, user=user)
                    attempt_submit(attempt_id=attempt.pk, user=user)
                with self.assertRaisesMessage(QuizError, "used all your attempts"):
                    attempt_start(quiz=quiz, user=user)

    def test_checking_an_answer_during_the_attempt_locks_it(self):
        quiz = make_quiz(questions=self.questions, course=self.course, answers_at_end=False)
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user)
        slot = attempt_check(
            attempt_id=attempt.pk, user=user, position=0, data=data(q0=right_choice(attempt))
        )
        self.assertTrue(slot.checked)
        self.assertEqual(slot.score, Decimal("1.00"))
        other = "1" if right_choice(attempt) == "0" else "0"
        with self.assertRaisesMessage(InvalidResponse, "checked"):
            attempt_save(attempt_id=attempt.pk, user=user, data=data(q0=other))
        graded, _ = attempt_submit(attempt_id=attempt.pk, user=user)
        self.assertEqual(graded.slots.get(position=0).score, Decimal("1.00"))
        with self.assertRaises(QuizError):
            attempt_check(attempt_id=attempt.pk, user=user, position=1, data=data(q1="x"))
        with self.assertRaisesMessage(QuizError, "only at the end"):
            fresh = attempt_start(quiz=self.quiz, user=self.user)
            attempt_check(attempt_id=fresh.pk, user=self.user, position=0, data=data(q0="0"))


class TestGradeAndCompletion(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = make_course(modules=1, lessons_per_module=0)
        category = make_category()
        cls.questions = [make_question(T.SINGLE, category=category) for _ in range(4)]

    def test_grading_methods(self):
        percents = [Decimal("40"), Decimal("90"), Decimal("60")]
        expected = {"highest": "90", "last": "60", "first": "40", "average": "63.33"}
        for method, value in expected.items():
            with self.subTest(method):
                self.assertEqual(grade_by_method(method, percents), Decimal(value))
        self.assertIsNone(grade_by_method("highest", []))

    def test_a_pass_counts_toward_course_completion(self):
        quiz = make_quiz(
            questions=self.questions,
            course=self.course,
            pass_mark=75,
            grading_method=QuizPage.GradingMethod.LAST,
        )
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user)
        answers = right_answers(attempt)
        answers.pop("q3")
        graded, _ = attempt_submit(attempt_id=attempt.pk, user=user, data=answers)
        self.assertEqual((graded.percent, graded.passed), (Decimal("75.00"), True))
        enrolment = Enrolment.objects.get(user=user, course=self.course)
        self.assertEqual(enrolment.status, Enrolment.Status.COMPLETED)
        self.assertEqual(enrolment.score, Decimal("75.00"))

    def test_a_fail_does_not_complete(self):
        quiz = make_quiz(
            questions=self.questions, course=make_course(modules=1, lessons_per_module=0)
        )
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user)
        graded, _ = attempt_submit(attempt_id=attempt.pk, user=user)
        self.assertFalse(graded.passed)
        enrolment = Enrolment.objects.get(user=user, course=quiz.course)
        self.assertNotEqual(enrolment.status, Enrolment.Status.COMPLETED)
        self.assertFalse(ActivityProgress.objects.get(user=user, activity_id=quiz.pk).passed)

    def test_a_practice_quiz_keeps_only_the_score(self):
        quiz = make_quiz(questions=self.questions, course=self.course, exam_paper=False)
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user)
        graded, _ = attempt_submit(attempt_id=attempt.pk, user=user, data=right_answers(attempt))
        self.assertEqual(graded.percent, Decimal("100.00"))
        self.assertFalse(AttemptQuestion.objects.filter(attempt=attempt).exists())
