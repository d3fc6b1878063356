"""The Wagtail admin for quizzes: who reaches what, and listings that stay flat."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.quiz.services import attempt_start, attempt_submit
from tests.people.factories import make_officer
from tests.quiz.factories import (
    T,
    enrolled_officer,
    make_category,
    make_question,
    make_quiz,
    make_trainer,
)
from training.people.roles import Role


def make_hr():
    """HR with what the report asks for: see attempts and statistics, nothing else."""
    user = make_officer(roles=(Role.HR,)).user
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="quiz", codename="view_attempt"),
        Permission.objects.get(codename="access_admin"),
    )
    return type(user).objects.get(pk=user.pk)


class TestAccess(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.question = make_question(T.SINGLE, category=cls.category)
        cls.quiz = make_quiz(questions=[cls.question])
        cls.officer = enrolled_officer(cls.quiz)
        attempt = attempt_start(quiz=cls.quiz, user=cls.officer)
        attempt_submit(attempt_id=attempt.pk, user=cls.officer)
        cls.trainer = make_trainer()
        cls.hr = make_hr()
        cls.urls = {
            "bank": reverse("wagtailsnippets_quiz_question:list"),
            "edit": reverse("wagtailsnippets_quiz_question:edit", args=[cls.question.pk]),
            "categories": reverse("wagtailsnippets_quiz_category:list"),
            "import": reverse("quiz_import:upload"),
            "export": reverse("quiz_import:export", args=[cls.category.pk, "gift"]),
            "marking": reverse("quiz_marking:index"),
            "attempts": reverse("quiz_attempts:index"),
            "regrade": reverse("quiz_attempts:regrade", args=[cls.quiz.pk]),
            "statistics": reverse("quiz_statistics:index"),
            "quiz statistics": reverse("quiz_statistics:quiz", args=[cls.quiz.pk]),
        }

    def check(self, user, allowed: set[str]):
        self.client.force_login(user)
        for name, url in self.urls.items():
            with self.subTest(user=user.username, page=name):
                status = self.client.get(url).status_code
                if name in allowed:
                    self.assertEqual(status, 200)
                else:
                    self.assertIn(status, (302, 403))

    def test_trainers_reach_everything(self):
        self.check(self.trainer, set(self.urls))

    def test_hr_sees_attempts_and_statistics_only(self):
        self.check(self.hr, {"attempts", "statistics", "quiz statistics"})

    def test_officers_reach_nothing(self):
        self.check(self.officer, set())


class TestListingsStayFlat(TestCase):
    def test_bank_and_attempt_listings(self):
        trainer = make_trainer()
        category = make_category()
        self.client.force_login(trainer)
        quiz = make_quiz(
            questions=[
                make_question(T.SINGLE, category=category),
                make_question(T.ESSAY, category=category),
            ]
        )
        urls = [
            reverse("wagtailsnippets_quiz_question:list"),
            reverse("quiz_attempts:index"),
            reverse("quiz_marking:index"),
            reverse("wagtailsnippets_quiz_category:list"),
        ]

        def add_rows(n):
            for _ in range(n):
                make_question(T.ESSAY, category=make_category())
                user = enrolled_officer(quiz)
                attempt = attempt_start(quiz=quiz, user=user)
                attempt_submit(attempt_id=attempt.pk, user=user, data={"q1": "Bài làm"})

        def counts():
            result = []
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                result.append(len(queries))
            return result

        add_rows(2)
        counts()  # warm caches
        few = counts()
        add_rows(6)
        self.assertEqual(counts(), few)
