"""Trainers' work on attempts: marking essays, editing answered questions, regrading."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import ActivityProgress, Enrolment
from courses.quiz.models import Attempt, AttemptQuestion, Question
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


def answer_by_text(attempt, position, text) -> str:
    slot = attempt.slots.get(position=position)
    texts = {a.pk: a.text for a in slot.question.answers.all()}
    return str([texts[pk] for pk in slot.layout["choices"]].index(text))


class TestEssayMarking(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.essay = make_question(T.ESSAY, points=Decimal("4"))
        cls.single = make_question(T.SINGLE)
        cls.quiz = make_quiz(questions=[cls.single, cls.essay], pass_mark=60)
        cls.trainer = make_trainer()

    def submitted(self):
        user = enrolled_officer(self.quiz)
        attempt = attempt_start(quiz=self.quiz, user=user)
        attempt, _ = attempt_submit(
            attempt_id=attempt.pk,
            user=user,
            data={"q0": answer_by_text(attempt, 0, "Mẫu 02"), "q1": "Lập Mẫu 02 một lần."},
        )
        return user, attempt

    def test_the_mark_grades_the_attempt_and_completion_follows(self):
        user, attempt = self.submitted()
        self.assertEqual(attempt.state, Attempt.State.NEEDS_MARKING)
        self.assertIsNone(attempt.passed)
        enrolment = Enrolment.objects.get(user=user)
        self.assertNotEqual(enrolment.status, Enrolment.Status.COMPLETED)

        self.client.force_login(self.trainer)
        queue = self.client.get(reverse("quiz_marking:index"))
        slot = attempt.slots.get(position=1)
        self.assertContains(queue, reverse("quiz_marking:mark", args=[slot.pk]))

        url = reverse("quiz_marking:mark", args=[slot.pk])
        response = self.client.post(url, {"score": "5", "comment": ""})
        self.assertContains(response, "between 0 and 4")
        response = self.client.post(url, {"score": "2.5", "comment": "Thiếu căn cứ pháp lý."})
        self.assertRedirects(response, reverse("quiz_marking:index"))

        attempt.refresh_from_db()
        self.assertEqual(attempt.state, Attempt.State.FINISHED)
        self.assertEqual(attempt.percent, Decimal("70.00"))  # (1 + 2.5) / 5
        self.assertTrue(attempt.passed)
        enrolment.refresh_from_db()
        self.assertEqual(enrolment.status, Enrolment.Status.COMPLETED)
        entry = ModelLogEntry.objects.get(action="quiz.mark")
        self.assertEqual(entry.user, self.trainer)
        self.assertEqual(entry.data["score"], "2.50")
        self.assertNotContains(self.client.get(reverse("quiz_marking:index")), url)

        self.client.force_login(user)
        self.assertContains(self.client.get(attempt.get_review_url()), "Thiếu căn cứ pháp lý.")

    def test_only_markers_reach_the_queue(self):
        _user, attempt = self.submitted()
        slot = attempt.slots.get(position=1)
        for user in (make_officer().user, make_officer(roles=("Nhân sự",)).user):
            self.client.force_login(user)
            for url in (
                reverse("quiz_marking:index"),
                reverse("quiz_marking:mark", args=[slot.pk]),
            ):
                self.assertIn(self.client.get(url).status_code, (302, 403))
            self.client.post(reverse("quiz_marking:mark", args=[slot.pk]), {"score": "4"})
        self.assertTrue(AttemptQuestion.objects.get(pk=slot.pk).needs_marking)


class TestVersionsAndRegrade(TestCase):
    """A wrong key is fixed by editing the question; chosen attempts are regraded."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        # The trainer's mistake: "Mẫu 01" marked right instead of "Mẫu 02".
        cls.question = make_question(
            T.SINGLE,
            category=cls.category,
            stem="<p>Phiếu yêu cầu bổ sung là mẫu số mấy?</p>",
            answers=[{"text": "Mẫu 01", "fraction": 100}, {"text": "Mẫu 02", "fraction": 0}],
        )
        cls.quiz = make_quiz(questions=[cls.question], pass_mark=50)
        cls.trainer = make_trainer()

    def take(self, text):
        user = enrolled_officer(self.quiz)
        attempt = attempt_start(quiz=self.quiz, user=user)
        attempt, _ = attempt_submit(
            attempt_id=attempt.pk, user=user, data={"q0": answer_by_text(attempt, 0, text)}
        )
        return user, attempt

    def edit(self, changes: dict[str, str]):
        self.client.force_login(self.trainer)
        url = reverse("wagtailsnippets_quiz_question:edit", args=[self.question.pk])
        data = querydict_from_html(self.client.get(url).content.decode(), form_id="w-editor-form")
        for key, value in changes.items():
            data[key] = value
        return self.client.post(url, data)

    def test_editing_an_answered_question_keeps_the_version_attempts_saw(self):
        user, attempt = self.take("Mẫu 02")
        self.assertEqual(attempt.percent, Decimal("0.00"))
        response = self.edit({"answers-0-fraction": "0", "answers-1-fraction": "100"})
        self.assertEqual(response.status_code, 302)

        self.question.refresh_from_db()
        self.assertEqual(self.question.version, 2)
        slot = AttemptQuestion.objects.get(attempt=attempt)
        self.assertNotEqual(slot.question_id, self.question.pk)
        old = slot.question
        self.assertFalse(old.is_current)
        self.assertEqual((old.family, old.version), (self.question.family, 1))
        self.assertEqual(
            [(a.text, a.fraction) for a in old.ordered_answers()],
            [("Mẫu 01", Decimal("100")), ("Mẫu 02", Decimal("0"))],
        )
        # The stored attempt still reads the same: its choice is still "Mẫu 02".
        texts = {a.pk: a.text for a in old.answers.all()}
        self.assertEqual(texts[slot.layout["choices"][slot.response["choice"]]], "Mẫu 02")
        self.assertEqual(Question.objects.current().filter(family=old.family).get(), self.question)
        # Editing again now that no attempt uses the current version keeps it in place.
        self.edit({"title": "Mẫu số"})
        self.question.refresh_from_db()
        self.assertEqual(self.question.version, 2)

        # A new attempt draws the fixed version.
        _user2, fresh = self.take("Mẫu 02")
        self.assertEqual(fresh.percent, Decimal("100.00"))

        # Regrade the first attempt to the current version, with an audit entry.
        self.client.force_login(self.trainer)
        url = reverse("quiz_attempts:regrade", args=[self.quiz.pk])
        form = self.client.get(url)
        self.assertContains(form, f'value="{attempt.pk}"')
        response = self.client.post(url, {"attempts": [attempt.pk], "to_latest": "on"})
        self.assertEqual(response.status_code, 302)
        attempt.refresh_from_db()
        self.assertEqual((attempt.percent, attempt.passed), (Decimal("100.00"), True))
        self.assertEqual(AttemptQuestion.objects.get(attempt=attempt).question_id, self.question.pk)
        progress = ActivityProgress.objects.get(user=user, activity_id=self.quiz.pk)
        self.assertTrue(progress.passed)
        entry = ModelLogEntry.objects.get(action="quiz.regrade", object_id=str(attempt.pk))
        self.assertEqual(entry.data["old_percent"], "0.00")
        self.assertEqual(entry.data["new_percent"], "100.00")
        self.assertEqual(entry.data["updated_questions"], [1])

    def test_a_key_that_cannot_grade_is_refused_and_nothing_changes(self):
        self.take("Mẫu 02")
        response = self.edit({"answers-0-fraction": "0"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mark at least one choice as right")
        self.question.refresh_from_db()
        self.assertEqual(self.question.version, 1)
        self.assertEqual(Question.objects.filter(family=self.question.family).count(), 1)

    def test_officers_and_hr_cannot_regrade(self):
        _user, attempt = self.take("Mẫu 02")
        self.client.force_login(make_officer(roles=("Nhân sự",)).user)
        url = reverse("quiz_attempts:regrade", args=[self.quiz.pk])
        self.assertIn(self.client.post(url, {"attempts": [attempt.pk]}).status_code, (302, 403))
        attempt.refresh_from_db()
        self.assertEqual(attempt.percent, Decimal("0.00"))
