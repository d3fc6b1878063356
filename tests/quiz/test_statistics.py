"""Quiz statistics against a small data set computed by hand."""

import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from courses.quiz.services import attempt_start, attempt_submit
from courses.quiz.statistics import quiz_statistics, statistics_xlsx
from tests.quiz.factories import T, enrolled_officer, make_question, make_quiz, make_trainer


class TestStatistics(TestCase):
    """Four officers, three one-point questions (choices shown in stored order).

    officer   Q1 (single)   Q2 (short)   Q3 (true/false)   grade
    1         A right       right        right             100
    2         A right       wrong        right             66.67
    3         B wrong       right        wrong             33.33
    4         blank         wrong        wrong             0

    Mean 50, median 50, pass rate (pass mark 50) 50 %. Facility 50 % each.
    Discrimination (correlation with the rest of the quiz): Q1 and Q3 0.7071, Q2 0.
    """

    @classmethod
    def setUpTestData(cls):
        cls.quiz = make_quiz(
            questions=[
                make_question(
                    T.SINGLE,
                    answers=[
                        {"text": "A", "fraction": 100},
                        {"text": "B"},
                        {"text": "C"},
                        {"text": "D"},
                    ],
                ),
                make_question(T.SHORT, answers=[{"text": "Mẫu 05", "fraction": 100}]),
                make_question(T.TRUE_FALSE),
            ],
            shuffle_answers=False,
            pass_mark=50,
        )
        rows = [
            {"q0": "0", "q1": "mẫu 05", "q2": "0"},
            {"q0": "0", "q1": "Mẫu 06", "q2": "0"},
            {"q0": "1", "q1": "Mẫu 05", "q2": "1"},
            {"q1": "mẫu 06", "q2": "1"},
        ]
        for answers in rows:
            user = enrolled_officer(cls.quiz)
            attempt = attempt_start(quiz=cls.quiz, user=user)
            attempt_submit(attempt_id=attempt.pk, user=user, data=answers)
        # An attempt still in progress is not counted.
        attempt_start(quiz=cls.quiz, user=enrolled_officer(cls.quiz))

    def test_summary_and_items(self):
        stats = quiz_statistics(self.quiz)
        self.assertEqual(
            (stats.attempts, stats.officers, stats.mean, stats.median, stats.pass_rate),
            (4, 4, 50.0, 50.0, 50.0),
        )
        self.assertEqual((stats.highest, stats.lowest), (100.0, 0.0))
        q1, q2, q3 = stats.items
        self.assertEqual([i.facility for i in stats.items], [50.0, 50.0, 50.0])
        self.assertEqual([i.discrimination for i in stats.items], [70.71, 0.0, 70.71])
        self.assertEqual(
            [(o.text, o.count, o.percent, o.is_right) for o in q1.options],
            [
                ("A", 2, 50.0, True),
                ("B", 1, 25.0, False),
                ("C", 0, 0.0, False),
                ("D", 0, 0.0, False),
            ],
        )
        self.assertEqual(
            [(o.text, o.count, o.is_right) for o in q2.options],
            [("mẫu 05", 2, True), ("Mẫu 06", 2, False)],
        )
        self.assertEqual([(o.text, o.count) for o in q3.options], [("Đúng", 2), ("Sai", 2)])

    def test_queries_do_not_grow_with_attempts(self):
        with CaptureQueriesContext(connection) as before:
            quiz_statistics(self.quiz)
        for _ in range(3):
            user = enrolled_officer(self.quiz)
            attempt = attempt_start(quiz=self.quiz, user=user)
            attempt_submit(attempt_id=attempt.pk, user=user, data={"q0": "2"})
        with CaptureQueriesContext(connection) as after:
            stats = quiz_statistics(self.quiz)
        self.assertEqual(stats.attempts, 7)
        self.assertEqual(len(before), len(after))

    def test_admin_report_and_xlsx(self):
        self.client.force_login(make_trainer())
        url = reverse("quiz_statistics:quiz", args=[self.quiz.pk])
        body = self.client.get(url).content.decode()
        self.assertTrue("70,71" in body or "70.71" in body)
        response = self.client.get(url + "?export=xlsx")
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["Summary", "Questions", "Answers"])
        items = list(book["Questions"].iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[6] for row in items], [70.71, 0.0, 70.71])
        self.assertEqual(len(statistics_xlsx(self.quiz, quiz_statistics(self.quiz))) > 0, True)
        self.assertContains(self.client.get(reverse("quiz_statistics:index")), self.quiz.title)
