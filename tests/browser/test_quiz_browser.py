"""An officer takes a timed quiz end to end in Chromium; the timer submits at zero."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import ModulePage
from courses.quiz.models import Attempt
from courses.services import enrolment_self_enrol
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from tests.quiz.factories import T, make_category, make_question, make_quiz

pytestmark = pytest.mark.browser


def build_quiz():
    category = make_category("Biểu mẫu")
    questions = [
        make_question(
            T.SINGLE,
            category=category,
            stem="<p>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ là mẫu số mấy?</p>",
        ),
        make_question(
            T.MULTIPLE,
            category=category,
            stem="<p>Khi tiếp nhận hồ sơ đầy đủ, cán bộ lập những mẫu nào?</p>",
        ),
        make_question(
            T.SHORT,
            category=category,
            stem="<p>Tên của Mẫu 05 là “Phiếu … quá trình giải quyết hồ sơ”. Điền từ còn thiếu.</p>",
            answers=[{"text": "kiểm soát", "fraction": 100}],
            accent_insensitive=True,
        ),
    ]
    course = make_course(modules=1, lessons_per_module=1, title="Cơ chế một cửa")
    module = ModulePage.objects.child_of(course).get()
    quiz = make_quiz(
        questions=questions,
        module=module,
        title="Kiểm tra chương 2",
        time_limit_minutes=10,
        shuffle_answers=False,
        pass_mark=60,
        attempts_allowed=2,
        review_options=[
            "immediately:score",
            "immediately:correctness",
            "immediately:feedback",
            "immediately:answers",
        ],
    )
    officer = make_officer(full_name="Nguyễn Thị Hương")
    enrolment_self_enrol(user=officer.user, course=course)
    return quiz, officer.user


def test_officer_takes_a_timed_quiz_end_to_end(page, live_url, log_in, screenshot):
    quiz, user = build_quiz()
    log_in(user.username)

    page.goto(live_url(quiz.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra chương 2")
    screenshot("quiz-page")
    with page.expect_navigation():
        page.locator("form.quiz-start button[type=submit]").click()

    # Question 1 of 3, with the timer running down from ten minutes.
    timer = page.locator("[data-quiz-timer-value]")
    expect(timer).to_have_text(re.compile(r"^(10:00|09:5\d)$"))
    first = timer.inner_text()
    page.wait_for_timeout(1500)
    assert timer.inner_text() != first
    expect(page.locator(".quiz-question")).to_have_count(1)
    page.get_by_label("Mẫu 02").check()
    # The answer autosaves without leaving the page.
    expect(page.locator("[data-quiz-status]")).to_have_class(re.compile("is-saved"), timeout=10_000)
    attempt = Attempt.objects.get(user=user)
    assert attempt.slots.get(position=0).response == {"choice": 0}
    expect(page.locator('[data-nav-question="1"]')).to_have_class(re.compile("is-answered"))
    screenshot("question-1")

    with page.expect_navigation():
        page.locator('.quiz-attempt__actions button[value="next"]').click()
    page.get_by_label("Mẫu 01").check()
    page.get_by_label("Mẫu 05").check()
    with page.expect_navigation():
        page.locator('.quiz-attempt__actions button[value="next"]').click()
    page.locator('input[name="q2"]').fill("Kiem soat")
    screenshot("question-3")
    with page.expect_navigation():
        page.locator('.quiz-attempt__actions button[value="finish"]').click()

    expect(page).to_have_url(live_url(reverse("quiz:summary", args=[attempt.pk])))
    expect(page.locator(".alert--success")).to_be_visible()
    screenshot("summary")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("[data-quiz-submit-form] button[type=submit]").click()

    expect(page).to_have_url(live_url(attempt.get_review_url()))
    expect(page.locator(".quiz-result__grade")).to_have_text("100%")
    expect(page.locator(".quiz-status--right")).to_have_count(3)
    screenshot("review")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.passed

    # Second attempt: the time runs out, and the page submits what was saved.
    page.goto(live_url(quiz.url))
    with page.expect_navigation():
        page.locator("form.quiz-start button[type=submit]").click()
    second = Attempt.objects.get(user=user, number=2)
    page.get_by_label("Mẫu 02").check()
    expect(page.locator("[data-quiz-status]")).to_have_class(re.compile("is-saved"), timeout=10_000)
    Attempt.objects.filter(pk=second.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    expect(page.locator("[data-quiz-timer-value]")).to_have_text(re.compile(r"^00:0[0-4]$"))
    page.wait_for_url(live_url(second.get_review_url()), timeout=15_000)
    expect(page.locator(".quiz-result")).to_be_visible()
    screenshot("timed-out")
    second.refresh_from_db()
    assert second.timed_out and second.score == 1
