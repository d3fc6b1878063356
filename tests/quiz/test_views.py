"""The officer's pages: the quiz page, taking an attempt, autosave, submit, review.

Integrity is checked on response bodies: the key, feedback and explanations must not be
in the HTML until the review options allow them.
"""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from courses.models import ModulePage
from courses.quiz.demo import right_answers
from courses.quiz.models import Attempt, QuizPage, Review
from courses.quiz.services import attempt_start, attempt_submit
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from tests.quiz.factories import (
    T,
    enrolled_officer,
    make_category,
    make_question,
    make_quiz,
    make_trainer,
)

SECRET_FEEDBACK = "Đúng: phiếu yêu cầu bổ sung."
SECRET_EXPLANATION = "Giải thích bí mật về Mẫu 02"
SECRET_GENERAL = "Nhận xét chung bí mật"


@contextmanager
def travel(when):
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def every_type(category):
    questions = [
        make_question(
            kind,
            category=category,
            explanation=f"<p>{SECRET_EXPLANATION} {kind}</p>",
            general_feedback=f"<p>{SECRET_GENERAL} {kind}</p>",
        )
        for kind in T.values
    ]
    return questions


class TestQuizPageModel(WagtailPageTestCase):
    def test_quiz_sits_in_a_module(self):
        self.assertCanCreateAt(ModulePage, QuizPage)
        self.assertAllowedSubpageTypes(QuizPage, {})


class TestQuizPage(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.questions = every_type(cls.category)
        cls.quiz = make_quiz(questions=cls.questions, time_limit_minutes=20, layout="all")

    def test_enrolled_officer_sees_the_rules_and_starts_then_resumes(self):
        user = enrolled_officer(self.quiz)
        self.client.force_login(user)
        response = self.client.get(self.quiz.url)
        self.assertContains(response, "Start the quiz")
        self.assertContains(response, "20 minutes")
        response = self.client.post(self.quiz.url)
        attempt = Attempt.objects.get(user=user)
        self.assertRedirects(response, attempt.get_absolute_url())
        self.client.post(self.quiz.url)
        self.assertEqual(Attempt.objects.filter(user=user).count(), 1)
        self.assertContains(self.client.get(self.quiz.url), "Continue the attempt")

    def test_officers_not_enrolled_cannot_start(self):
        user = make_officer().user
        self.client.force_login(user)
        self.assertEqual(self.client.get(self.quiz.url).status_code, 403)
        self.assertEqual(self.client.post(self.quiz.url).status_code, 403)
        self.assertFalse(Attempt.objects.filter(user=user).exists())

    def test_draft_quiz_is_only_for_trainers(self):
        draft = make_quiz(questions=self.questions[:1], course=self.quiz.course, draft=True)
        self.client.force_login(enrolled_officer(draft))
        self.assertEqual(self.client.get(draft.url).status_code, 404)


class TestTakingAnAttempt(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.questions = every_type(cls.category)
        cls.quiz = make_quiz(questions=cls.questions, time_limit_minutes=20, layout="all")
        cls.paged = make_quiz(questions=cls.questions, course=cls.quiz.course, layout="one")

    def setUp(self):
        self.user = enrolled_officer(self.quiz)
        self.client.force_login(self.user)

    def test_the_attempt_page_holds_no_key_feedback_or_explanation(self):
        attempt = attempt_start(quiz=self.quiz, user=self.user)
        body = self.client.get(attempt.get_absolute_url()).content.decode()
        self.assertIn("Mẫu 02", body)  # choices are shown…
        for secret in (
            SECRET_FEEDBACK,
            SECRET_EXPLANATION,
            SECRET_GENERAL,
            "Phiếu kiểm soát",
            "42000",
            "right answer",
            "is-key",
            "quiz-feedback",
        ):
            self.assertNotIn(secret, body)
        # …and refer to choices by their place on screen, never by answer id.
        for answer_id in self.questions[0].answers.values_list("pk", flat=True):
            self.assertNotIn(f'value="{answer_id}"', body) if answer_id > 5 else None
        self.assertIn('data-seconds-left="', body)

    def test_moving_between_pages_saves_and_the_navigation_shows_answered_questions(self):
        attempt = attempt_start(quiz=self.paged, user=self.user)
        response = self.client.post(
            attempt.get_absolute_url(), {"page": "0", "action": "next", "q0": "1"}
        )
        self.assertRedirects(response, attempt.get_absolute_url() + "?page=1")
        self.assertEqual(attempt.slots.get(position=0).response, {"choice": 1})
        body = self.client.get(attempt.get_absolute_url() + "?page=1").content.decode()
        self.assertIn("Question 2", body)
        self.assertNotIn("Question 1<", body)
        self.assertIn("is-answered", body)

    def test_autosave_answers_json_and_rejects_bad_values(self):
        attempt = attempt_start(quiz=self.quiz, user=self.user)
        url = reverse("quiz:autosave", args=[attempt.pk])
        response = self.client.post(url, {"page": "0", "q3": "phiếu kiểm soát"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["ok"])
        self.assertLessEqual(response.json()["seconds_left"], 20 * 60)
        for values in ({"q0": "42"}, {"q99": "0"}, {"q1": ["0", "9"]}):
            with self.subTest(values):
                response = self.client.post(url, {"page": "0", "q3": "khác", **values})
                self.assertEqual(response.status_code, 400)
                self.assertIn("message", response.json())
        self.assertEqual(attempt.slots.get(position=3).response, {"text": "phiếu kiểm soát"})

    def test_autosave_after_the_deadline_closes_the_attempt(self):
        start = timezone.now()
        with travel(start):
            attempt = attempt_start(quiz=self.quiz, user=self.user)
        with travel(start + timedelta(minutes=25)):
            response = self.client.post(reverse("quiz:autosave", args=[attempt.pk]), {"q0": "0"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["redirect"], attempt.get_review_url())
        attempt.refresh_from_db()
        self.assertTrue(attempt.timed_out)
        self.assertIsNone(attempt.slots.get(position=0).response)

    def test_another_officers_attempt_is_refused_with_a_message(self):
        attempt = attempt_start(quiz=self.quiz, user=self.user)
        intruder = enrolled_officer(self.quiz)
        self.client.force_login(intruder)
        for url in (attempt.get_absolute_url(), reverse("quiz:summary", args=[attempt.pk])):
            response = self.client.get(url)
            self.assertContains(response, "belongs to another officer", status_code=403)
        response = self.client.post(reverse("quiz:autosave", args=[attempt.pk]), {"q0": "0"})
        self.assertEqual(response.status_code, 403)
        self.client.post(reverse("quiz:summary", args=[attempt.pk]))
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_in_progress)
        self.assertIsNone(attempt.slots.get(position=0).response)

    def test_submitting_twice_through_the_site_grades_once(self):
        attempt = attempt_start(quiz=self.quiz, user=self.user)
        summary = reverse("quiz:summary", args=[attempt.pk])
        self.assertContains(self.client.get(summary), "8 questions are not answered yet")
        response = self.client.post(summary)
        self.assertRedirects(response, attempt.get_review_url())
        attempt.refresh_from_db()
        finished_at = attempt.finished_at
        response = self.client.post(summary, follow=True)
        self.assertContains(response, "already been submitted")
        attempt.refresh_from_db()
        self.assertEqual(attempt.finished_at, finished_at)
        # The finished attempt cannot be changed either.
        response = self.client.post(attempt.get_absolute_url(), {"q0": "0", "action": "save"})
        self.assertRedirects(response, attempt.get_review_url())
        self.assertIsNone(attempt.slots.get(position=0).response)

    def test_checking_one_answer_reveals_only_that_question(self):
        quiz = make_quiz(
            questions=self.questions, course=self.quiz.course, layout="all", answers_at_end=False
        )
        user = enrolled_officer(quiz)
        self.client.force_login(user)
        attempt = attempt_start(quiz=quiz, user=user)
        choice = right_answers(attempt)["q0"]
        response = self.client.post(
            attempt.get_absolute_url(), {"page": "0", "action": "check-0", "q0": choice}
        )
        self.assertRedirects(response, attempt.get_absolute_url() + "?page=0#q1")
        body = self.client.get(attempt.get_absolute_url()).content.decode()
        self.assertIn(f"{SECRET_EXPLANATION} single", body)
        self.assertIn(SECRET_FEEDBACK, body)
        self.assertNotIn(f"{SECRET_EXPLANATION} multiple", body)
        self.assertNotIn("Phiếu kiểm soát", body)

    def test_timer_submit_posts_the_answers_on_screen(self):
        attempt = attempt_start(quiz=self.quiz, user=self.user)
        response = self.client.post(
            attempt.get_absolute_url(), {"page": "0", "action": "submit", **right_answers(attempt)}
        )
        self.assertRedirects(response, attempt.get_review_url())
        attempt.refresh_from_db()
        self.assertEqual(attempt.state, Attempt.State.NEEDS_MARKING)


class TestReviewOptions(TestCase):
    """What the review page shows, by time after the attempt and the quiz's options."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.questions = [
            make_question(
                T.SINGLE,
                category=cls.category,
                explanation=f"<p>{SECRET_EXPLANATION}</p>",
                general_feedback=f"<p>{SECRET_GENERAL}</p>",
            ),
            make_question(T.SHORT, category=cls.category),
        ]
        cls.course = make_course(modules=1, lessons_per_module=0)

    def finished_attempt(self, quiz, when):
        user = enrolled_officer(quiz)
        with travel(when):
            attempt = attempt_start(quiz=quiz, user=user)
            answers = right_answers(attempt)
            answers["q1"] = "sai rồi"
            attempt_submit(attempt_id=attempt.pk, user=user, data=answers)
        self.client.force_login(user)
        return attempt

    def review(self, attempt, when):
        with travel(when):
            return self.client.get(attempt.get_review_url()).content.decode()

    def test_nothing_is_revealed_when_the_options_allow_nothing(self):
        quiz = make_quiz(questions=self.questions, course=self.course, review_options=[])
        now = timezone.now()
        attempt = self.finished_attempt(quiz, now)
        body = self.review(attempt, now)
        for secret in (
            SECRET_FEEDBACK,
            SECRET_EXPLANATION,
            SECRET_GENERAL,
            "Phiếu kiểm soát",
            "50%",
            "quiz-status--",
            "right answer",
            "Passed",
        ):
            self.assertNotIn(secret, body)
        self.assertIn("Not shown yet", body)

    def test_each_option_at_its_time(self):
        now = timezone.now()
        quiz = make_quiz(
            questions=self.questions,
            course=self.course,
            close_at=now + timedelta(days=1),
            review_options=[
                f"{Review.IMMEDIATELY}:{Review.SCORE}",
                f"{Review.IMMEDIATELY}:{Review.CORRECTNESS}",
                f"{Review.OPEN}:{Review.FEEDBACK}",
                f"{Review.CLOSED}:{Review.ANSWERS}",
            ],
        )
        attempt = self.finished_attempt(quiz, now)
        immediately = self.review(attempt, now + timedelta(seconds=30))
        self.assertIn("50%", immediately)
        self.assertIn("quiz-status--right", immediately)
        self.assertIn("quiz-status--wrong", immediately)
        for secret in (SECRET_FEEDBACK, SECRET_GENERAL, SECRET_EXPLANATION, "Phiếu kiểm soát"):
            self.assertNotIn(secret, immediately)

        later = self.review(attempt, now + timedelta(hours=1))
        self.assertNotIn("50%", later)
        self.assertNotIn("quiz-status--", later)
        self.assertIn(SECRET_FEEDBACK, later)
        self.assertIn(SECRET_GENERAL, later)
        self.assertNotIn(SECRET_EXPLANATION, later)
        self.assertNotIn("Phiếu kiểm soát", later)

        closed = self.review(attempt, now + timedelta(days=2))
        self.assertIn(SECRET_EXPLANATION, closed)
        self.assertIn("Phiếu kiểm soát", closed)
        self.assertIn("is-key", closed)
        self.assertNotIn(SECRET_FEEDBACK, closed)

    def test_trainers_and_hr_see_everything_other_officers_nothing(self):
        quiz = make_quiz(questions=self.questions, course=self.course, review_options=[])
        attempt = self.finished_attempt(quiz, timezone.now())
        self.client.force_login(make_trainer())
        response = self.client.get(attempt.get_review_url())
        self.assertContains(response, SECRET_EXPLANATION)
        self.assertContains(response, "Phiếu kiểm soát")
        self.client.force_login(make_officer().user)
        response = self.client.get(attempt.get_review_url())
        self.assertContains(response, "belongs to another officer", status_code=403)
        self.assertNotIn(SECRET_EXPLANATION, response.content.decode())


class TestEssaySanitised(TestCase):
    def test_essay_html_is_cleaned_on_review_and_marking_pages(self):
        quiz = make_quiz(questions=[make_question(T.ESSAY)])
        user = enrolled_officer(quiz)
        attempt = attempt_start(quiz=quiz, user=user)
        essay = '<b>Mẫu 02</b> <script>alert("x")</script><img src=x onerror=alert(1)>'
        attempt_submit(attempt_id=attempt.pk, user=user, data={"q0": essay})
        self.client.force_login(user)
        body = self.client.get(attempt.get_review_url()).content.decode()
        self.assertIn("<b>Mẫu 02</b>", body)
        self.assertNotIn("<script>alert", body)
        self.assertNotIn("onerror", body)
        self.client.force_login(make_trainer())
        slot = attempt.slots.get()
        body = self.client.get(reverse("quiz_marking:mark", args=[slot.pk])).content.decode()
        self.assertIn("<b>Mẫu 02</b>", body)
        self.assertNotIn("<script>alert", body)
        self.assertNotIn("onerror", body)


class TestQueryBounds(TestCase):
    """Pages and writes cost the same number of queries whatever the number of questions."""

    @classmethod
    def setUpTestData(cls):
        category = make_category()
        kinds = [T.SINGLE, T.MULTIPLE, T.SHORT, T.MATCHING, T.ORDERING, T.NUMERIC]
        bank = [make_question(kinds[i % len(kinds)], category=category) for i in range(30)]
        # A lesson is left undone, so the submit does not complete the course (issuing a
        # certificate is the courses app's cost, measured by its own benchmark).
        course = make_course(modules=1, lessons_per_module=1)
        cls.small = make_quiz(
            questions=bank[:5], course=course, layout="all", time_limit_minutes=30
        )
        cls.large = make_quiz(questions=bank, course=course, layout="all", time_limit_minutes=30)

    def measure(self, quiz):
        user = enrolled_officer(quiz)
        self.client.force_login(user)
        attempt = attempt_start(quiz=quiz, user=user)
        answers = right_answers(attempt)
        counts = {}
        with CaptureQueriesContext(connection) as page:
            self.assertEqual(self.client.get(attempt.get_absolute_url()).status_code, 200)
        counts["page"] = len(page)
        with CaptureQueriesContext(connection) as save:
            response = self.client.post(reverse("quiz:autosave", args=[attempt.pk]), answers)
            self.assertEqual(response.status_code, 200)
        counts["autosave"] = len(save)
        with CaptureQueriesContext(connection) as submit:
            attempt_submit(attempt_id=attempt.pk, user=user, data=answers)
        counts["submit"] = len(submit)
        with CaptureQueriesContext(connection) as review:
            self.assertEqual(self.client.get(attempt.get_review_url()).status_code, 200)
        counts["review"] = len(review)
        return counts

    def test_query_counts_stay_flat(self):
        self.measure(self.small)  # warm the caches (site root, content types)
        small, large = self.measure(self.small), self.measure(self.large)
        self.assertEqual(small, large)
        self.assertLessEqual(large["submit"], 15)
