"""An officer works the "appointment across Tết" scenario in Chromium: from the course to
the scenario, an assessed attempt, the desk queue, the dossier (papers, Mẫu 01 with the
appointment worked out by hand, transfer), back to the attempt, submit, and the feedback."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sandbox.models import Dossier
from sandbox.scenarios.models import ScenarioAttempt
from tests.courses.factories import make_course
from tests.scenarios.factories import enrolled_officer, make_scenario

pytestmark = pytest.mark.browser


def act(page, action, *, fields=None, selects=None):
    """Unfold an action of the dossier screen, fill it in and send it."""
    page.locator(f"details:has(input[name=action][value={action}]) > summary").click()
    form = page.locator(f"form:has(input[name=action][value={action}])")
    for name, value in (selects or {}).items():
        form.locator(f"[name='{action}-{name}']").select_option(value)
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".message--error")).to_have_count(0)
    expect(page.locator(".message--success")).to_be_visible()


def test_an_officer_works_the_tet_scenario_and_reads_the_feedback(
    page, live_url, log_in, screenshot
):
    course = make_course(
        modules=1, lessons_per_module=1, title="Cơ chế một cửa, một cửa liên thông"
    )
    scenario = make_scenario("hen-tra-qua-tet", course=course)
    user = enrolled_officer(scenario, full_name="Lê Thị Tiếp Nhận")
    log_in(user.username)

    # The course lists the scenario in its practice module.
    page.goto(live_url(course.url))
    with page.expect_navigation():
        page.get_by_role("link", name=scenario.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario.title)
    expect(page.locator(".scenario-briefing")).to_contain_text("Tết Ất Tỵ 2025")
    screenshot("scenario-page")

    with page.expect_navigation():
        page.locator("button[name=mode][value=assessed]").click()
    attempt = ScenarioAttempt.objects.get(user=user)
    assert attempt.mode == "assessed"
    workspace = attempt.workspace
    expect(page).to_have_url(live_url(attempt.get_absolute_url()))
    # Only the desk officer's queue is offered.
    queues = page.locator(".scenario-roles a")
    expect(queues).to_have_count(1)
    screenshot("attempt-page")

    with page.expect_navigation():
        queues.first.click()
    expect(page).to_have_url(live_url(reverse("sandbox:queue", args=[workspace.pk, "tn"])))
    expect(page.locator(".sb-nav li")).to_have_count(1)
    dossier = Dossier.objects.get(pk=attempt.dossier_map["A"][0])
    with page.expect_navigation():
        page.get_by_role("link", name=dossier.code).click()

    # Every paper was handed over: check each one against the card.
    for component in dossier.components.order_by("position"):
        act(
            page,
            "check_component",
            selects={"component": str(component.pk), "state": "present"},
        )
    expect(page.locator(".sb-state--present")).to_have_count(dossier.components.count())
    # Accept, writing the appointment worked out by hand (Tết and the weekends skipped)
    # and the fee on the card, then transfer to the competent department.
    act(page, "desk_accept", fields={"appointment_date": "2025-02-05", "fee_amount": "100000"})
    act(page, "transfer", selects={"to_unit": "tc-kh"})
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "transferred")
    screenshot("dossier-page")

    # Back to the exercise, from the banner of the sandbox screens; submit.
    with page.expect_navigation():
        page.locator(f".sb-exercise a[href='{attempt.get_absolute_url()}']").click()
    expect(page.locator(".scenario-dossiers")).to_contain_text(dossier.code)
    page.locator("input[name=confirm]").check()
    with page.expect_navigation():
        page.locator(".scenario-submit button[type=submit]").click()

    # The result: 100%, passed, every criterion listed with its rule.
    expect(page).to_have_url(live_url(attempt.get_result_url()))
    expect(page.locator(".scenario-score__value strong")).to_have_text("100%")
    expect(page.locator(".scenario-score .alert--success")).to_be_visible()
    criteria = page.locator(".scenario-criterion")
    expect(criteria).to_have_count(len(attempt.version.spec["rubric"]))
    expect(criteria.first).to_contain_text("R-SLIP")
    expect(page.locator(".scenario-path__item--done")).to_have_count(3)
    expect(page.locator(".scenario-timeline")).to_contain_text(re.compile("05/02/2025"))
    screenshot("result-page")
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100
