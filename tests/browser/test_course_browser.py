"""An officer takes an assigned course from the dashboard to the certificate."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from courses.services import assignment_create
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.roles import Role

pytestmark = pytest.mark.browser

NAME = "Nguyễn Thị Hường"


def test_officer_completes_an_assigned_course_and_downloads_the_certificate(
    page, live_url, log_in, screenshot, tmp_path
):
    course = make_course(modules=2, lessons_per_module=2, title="Một cửa cơ bản")
    officer = make_officer(full_name=NAME, unit="tu-phap")
    hr = make_officer(roles=(Role.HR,), unit="noi-vu")
    assignment_create(
        course=course,
        due_date=timezone.localdate() + timedelta(days=14),
        assigned_by=hr.user,
        officers=[officer],
    )

    log_in(officer.user.username)
    page.locator('nav a[href="/hoc-tap/"]').click()
    expect(page).to_have_url(live_url("/hoc-tap/"))
    course_link = page.locator(f'main a[href="{course.url}"]').first
    expect(course_link).to_be_visible()
    screenshot("dashboard-assigned")

    course_link.click()
    expect(page).to_have_url(live_url(course.url))
    expect(page.get_by_role("progressbar").first).to_have_attribute("aria-valuenow", "0")
    page.locator("a.button--primary").first.click()

    for number in range(1, 5):
        finish = page.locator("form.lesson-finish button[type=submit]")
        expect(finish).to_be_visible()
        if number == 2:
            screenshot("lesson")
        finish.click()
        if number == 2:
            # Half way: the course page shows the progress.
            page.goto(live_url(course.url))
            expect(page.get_by_role("progressbar").first).to_have_attribute("aria-valuenow", "50")
            screenshot("course-half-way")
            page.locator("a.button--primary").first.click()

    expect(page).to_have_url(live_url(course.url))
    certificate_link = page.locator("a.certificate-link")
    expect(certificate_link).to_be_visible()
    screenshot("course-completed")

    with page.expect_download() as download_info:
        certificate_link.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert NAME in text
    assert course.title in text
    assert re.search(r"DVC-\d{4}-\d{6}", text)
