"""HR reads the roll-ups and their charts; a leader sees only their own unit."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Enrolment
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.models import Unit
from training.people.roles import Role

pytestmark = pytest.mark.browser


def seed_history():
    """A few officers in eight units with completions spread over the last months."""
    rng = random.Random(7)
    today = timezone.localdate()
    courses = [
        make_course(modules=1, lessons_per_module=1, title=title)
        for title in ("Tiếp nhận hồ sơ một cửa", "Ứng xử với công dân")
    ]
    codes = ["tu-phap", "noi-vu", "ld-tbxh", "y-te", "ha-dinh", "txt", "khuong-mai", "kim-giang"]
    for index, code in enumerate(codes):
        for _ in range(3):
            officer = make_officer(unit=code)
            for course in courses:
                roll = rng.random() + index * 0.04
                due = today + timedelta(days=rng.randint(-40, 30))
                if roll < 0.5:
                    status, completed_at = (
                        Enrolment.Status.COMPLETED,
                        timezone.now() - timedelta(days=rng.randint(0, 300)),
                    )
                elif roll < 0.8:
                    status, completed_at = Enrolment.Status.IN_PROGRESS, None
                else:
                    status, completed_at = Enrolment.Status.NOT_STARTED, None
                Enrolment.objects.create(
                    user=officer.user,
                    course=course,
                    source=Enrolment.Source.ASSIGNED,
                    status=status,
                    due_date=due,
                    completed_at=completed_at,
                )


def test_hr_reads_the_rollups_and_a_leader_sees_their_unit(page, live_url, log_in, screenshot):
    seed_history()
    hr = make_officer(roles=(Role.HR,), unit="noi-vu", full_name="Đỗ Thu Hà")
    leader = make_officer(roles=(Role.LEADER,), unit="tu-phap", full_name="Vũ Minh Khôi")

    log_in(hr.user.username)
    page.goto(live_url("/bao-cao/tong-hop/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for chart in ("chart-completion", "chart-overdue", "chart-trend"):
        expect(page.locator(f"svg#{chart}")).to_be_visible()
    unit_table = page.locator("#units-caption").locator("xpath=..")
    units = unit_table.locator("tbody tr")
    expect(units).to_have_count(Unit.objects.count())
    screenshot("hr-all-units")

    # The trend's numbers, as a table, for those who would rather read.
    trend = page.locator("figure").filter(has=page.locator("svg#chart-trend"))
    trend.locator("summary").click()
    expect(trend.locator("table tbody tr")).to_have_count(12)

    page.locator("select[name=kind]").select_option("ward")
    page.locator("form.rollup-filters [type=submit]").click()
    expect(units).to_have_count(11)
    expect(unit_table).not_to_contain_text("Phòng Tư pháp")
    screenshot("hr-wards")

    page.context.clear_cookies()
    log_in(leader.user.username)
    tu_phap = Unit.objects.get(code="tu-phap")
    noi_vu = Unit.objects.get(code="noi-vu")
    page.goto(live_url(f"/bao-cao/tong-hop/?unit={noi_vu.pk}"))
    expect(units).to_have_count(1)
    expect(units.first).to_contain_text(tu_phap.name_vi)
    expect(page.locator("main")).not_to_contain_text(noi_vu.name_vi)
    screenshot("leader")
