"""HR filters the compliance matrix and exports it; a leader sees only their own unit."""

from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Enrolment, LessonPage
from courses.services import activity_record_result, assignment_create
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.models import Unit
from training.people.roles import Role

pytestmark = pytest.mark.browser

JUSTICE = ("Nguyễn Thị Hường", "Trần Văn Bình")
OTHERS = ("Lê Thị Cúc", "Phạm Đức Dũng")


def build_district():
    """Two officers in the justice division, one in a ward, one in home affairs."""
    today = timezone.localdate()
    hr = make_officer(roles=(Role.HR,), unit="noi-vu", full_name="Đỗ Thu Hà")
    leader = make_officer(roles=(Role.LEADER,), unit="tu-phap", full_name="Vũ Minh Khôi")
    huong = make_officer(unit="tu-phap", full_name=JUSTICE[0], employee_code="TP001")
    binh = make_officer(unit="tu-phap", full_name=JUSTICE[1], employee_code="TP002")
    cuc = make_officer(unit="ha-dinh", full_name=OTHERS[0], employee_code="HD001")
    dung = make_officer(unit="noi-vu", full_name=OTHERS[1], employee_code="NV001")
    course = make_course(modules=1, lessons_per_module=1, title="Một cửa cơ bản")
    assignment_create(
        course=course,
        due_date=today + timedelta(days=10),
        assigned_by=hr.user,
        officers=[huong, binh, cuc, dung],
    )
    lesson = LessonPage.objects.descendant_of(course).get()
    activity_record_result(user=huong.user, activity=lesson, passed=True, score=Decimal("95"))
    Enrolment.objects.filter(user=cuc.user).update(due_date=today - timedelta(days=2))
    return hr, leader


def row_names(page) -> list[str]:
    return page.locator("table.matrix tbody th[scope=row] .matrix__name").all_inner_texts()


def test_hr_filters_and_exports_the_matrix_and_a_leader_sees_only_their_unit(
    page, live_url, log_in, screenshot, tmp_path
):
    hr, leader = build_district()

    log_in(hr.user.username)
    page.locator('nav a[href="/bao-cao/"]').click()
    expect(page).to_have_url(live_url("/bao-cao/"))
    expect(page.locator("table.matrix")).to_be_visible()
    assert set(row_names(page)) >= set(JUSTICE + OTHERS)
    screenshot("hr-matrix")

    page.locator("#id_unit").select_option(label="Phòng Tư pháp")
    page.locator("form.report-filters button[type=submit]").click()
    expect(page.locator("#id_unit")).to_have_value(str(Unit.objects.get(code="tu-phap").pk))
    expect(page.locator("table.matrix tbody tr")).to_have_count(3)  # with the leader
    names = row_names(page)
    assert set(JUSTICE) <= set(names)
    assert not set(OTHERS) & set(names)
    expect(page.locator("table.matrix .badge--completed")).to_have_text("Đã hoàn thành")
    screenshot("hr-filtered-to-justice")

    with page.expect_download() as download_info:
        page.locator('a[href^="/bao-cao/xuat-xlsx/"]').click()
    path = tmp_path / "matrix.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(values_only=False)]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Hường", "Trần Văn Bình"]
    assert rows[1][2] == "Phòng Tư pháp"
    assert rows[1][5] == "Đã hoàn thành"
    assert sheet["G2"].is_date and sheet["G2"].number_format == "DD/MM/YYYY"

    # A reminder to Bình, who has not finished yet.
    page.locator('input[name="enrolment"] >> nth=0').check()
    page.locator("form.report-remind button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    screenshot("hr-reminder-sent")

    page.context.clear_cookies()
    log_in(leader.user.username)
    page.locator('nav a[href="/bao-cao/"]').click()
    names = row_names(page)
    assert set(JUSTICE) <= set(names)
    assert not set(OTHERS) & set(names)
    expect(page.locator("form.report-remind")).to_have_count(0)
    screenshot("leader-matrix")

    # Typing the ward's id into the address bar shows an error, not the ward.
    ward = Unit.objects.get(code="ha-dinh")
    page.goto(live_url(f"/bao-cao/?unit={ward.pk}"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("table.matrix")).to_have_count(0)
    expect(page.get_by_text(OTHERS[0])).to_have_count(0)
    screenshot("leader-tampered-url")
