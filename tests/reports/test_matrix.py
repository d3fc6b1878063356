"""The compliance matrix: who sees what, filters, overdue in Hà Nội time, reminders, queries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.models import Enrolment
from courses.services import assignment_create
from tests.people.factories import make_officer
from tests.utils import choose_english
from training.reports.matrix import (
    MatrixFilterForm,
    MatrixFilters,
    build_matrix,
    matrix_enrolments,
    matrix_officers,
)
from training.reports.services import REMINDER_SENT

from .conftest import TODAY

pytestmark = pytest.mark.django_db

MATRIX = reverse("reports:matrix")
REMIND = reverse("reports:matrix_remind")


def names(response) -> set[str]:
    """The officers shown as matrix rows."""
    return {row.officer.full_name for row in response.context["matrix"].rows}


def filters_for(user, **data) -> MatrixFilters:
    form = MatrixFilterForm(data, user=user)
    assert form.is_valid(), form.errors
    return MatrixFilters.from_form(form)


# ---- Who sees what ---------------------------------------------------------------------


def test_hr_sees_every_unit_and_each_cell_shows_status_dates_score_and_certificate(
    client, district
):
    client.force_login(district.hr.user)
    response = client.get(MATRIX)

    assert response.status_code == 200
    assert names(response) == {
        "Nguyễn Thị Hường",
        "Trần Văn Bình",
        "Lê Thị Cúc",
        "Phạm Đức Dũng",
        "Đỗ Thu Hà",
        "Vũ Minh Khôi",
    }
    matrix = response.context["matrix"]
    assert [c.title for c in matrix.courses] == ["Kỹ năng giao tiếp", "Một cửa cơ bản"]
    assert matrix.state_counts == {
        "not_started": 1,
        "in_progress": 1,
        "completed": 1,
        "overdue": 1,
    }
    html = response.content.decode()
    certificate = district.cell(district.huong, district.one_stop).certificate
    assert f'href="{certificate.get_pdf_url()}"' in html
    assert certificate.number in html
    # Status is text (Vietnamese by default), never colour alone.
    for label in ("Đã hoàn thành", "Đang học", "Quá hạn", "Chưa bắt đầu"):
        assert f">{label}</span>" in html
    assert "28/11/2026" in html  # Hường's completion date
    assert "25/11/2026" in html  # Cúc's past due date
    assert '<th scope="row"' in html and "<caption" in html


def test_a_leader_sees_only_their_own_unit(client, district):
    client.force_login(district.leader.user)
    response = client.get(MATRIX)

    assert response.status_code == 200
    assert names(response) == {"Nguyễn Thị Hường", "Trần Văn Bình", "Vũ Minh Khôi"}
    html = response.content.decode()
    assert "Lê Thị Cúc" not in html and "Phạm Đức Dũng" not in html
    # Only their unit is offered in the unit filter, and no reminder form.
    assert list(response.context["form"].units) == [district.justice.pk]
    assert REMIND not in html


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "ward"},  # replaced by the ward's id below
        {"unit": "ward", "status": "overdue"},
        {"unit": "ward", "page": "1"},
    ],
)
def test_a_leader_who_types_another_units_id_gets_an_error_and_no_data(client, district, query):
    query = {**query, "unit": district.ward.pk}
    client.force_login(district.leader.user)
    choose_english(client)

    response = client.get(MATRIX, query)

    assert response.status_code == 400
    assert "matrix" not in response.context
    html = response.content.decode()
    assert "Lê Thị Cúc" not in html
    assert "Nguyễn Thị Hường" not in html  # not widened to the leader's own unit either
    assert "Select a valid choice" in html
    assert "no data is shown" in html

    export = client.get(reverse("reports:matrix_xlsx"), query)
    assert export.status_code == 302
    assert export.url.startswith(MATRIX)


def test_the_query_functions_intersect_a_units_filter_with_the_visible_units(district):
    # Even a caller that skips the form cannot widen a leader's view.
    filters = MatrixFilters(unit=district.ward)

    assert not matrix_officers(district.leader.user, filters).exists()
    assert not matrix_enrolments(district.leader.user, filters, today=TODAY).exists()


@pytest.mark.parametrize("role", [None, "Học viên", "Giảng viên"])
def test_officers_and_trainers_may_not_open_the_reports(client, district, role):
    user = make_officer(roles=(role,) if role else ()).user
    client.force_login(user)

    for url in (MATRIX, reverse("reports:matrix_csv"), reverse("reports:matrix_xlsx")):
        assert client.get(url).status_code == 403, url
    assert client.post(REMIND, {"enrolment": "1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, district):
    response = client.get(MATRIX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_header_links_to_the_reports_only_for_those_who_may_see_them(client, district):
    client.force_login(district.leader.user)
    assert f'href="{MATRIX}"' in client.get("/").content.decode()

    client.force_login(district.binh.user)
    assert f'href="{MATRIX}"' not in client.get("/").content.decode()


# ---- Filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"unit": "justice"}, {"Nguyễn Thị Hường", "Trần Văn Bình", "Vũ Minh Khôi"}),
        ({"kind": "ward"}, {"Lê Thị Cúc"}),
        ({"position": "desk"}, {"Trần Văn Bình", "Lê Thị Cúc"}),
        ({"course": "communication"}, {"Phạm Đức Dũng"}),
        ({"status": "overdue"}, {"Lê Thị Cúc"}),
        ({"status": "completed"}, {"Nguyễn Thị Hường"}),
        ({"status": "in_progress"}, {"Trần Văn Bình"}),
        ({"status": "not_started"}, {"Phạm Đức Dũng"}),
        ({"due": "7"}, set()),
        ({"due": "30"}, {"Trần Văn Bình"}),
        ({"due": "overdue"}, {"Lê Thị Cúc"}),
        ({"due": "none"}, {"Phạm Đức Dũng"}),
        ({"q": "hd001"}, {"Lê Thị Cúc"}),
        ({"q": "  Trần   Văn "}, {"Trần Văn Bình"}),
        ({"unit": "justice", "status": "completed"}, {"Nguyễn Thị Hường"}),
    ],
)
def test_each_filter_narrows_the_rows(client, district, query, expected):
    objects = {
        "justice": district.justice.pk,
        "desk": district.desk.pk,
        "communication": district.communication.pk,
    }
    query = {key: objects.get(value, value) for key, value in query.items()}
    client.force_login(district.hr.user)

    response = client.get(MATRIX, query)

    assert response.status_code == 200
    assert names(response) == expected


def test_a_cell_filter_also_narrows_the_columns_and_the_cells(district):
    filters = filters_for(district.hr.user, status="overdue")

    matrix = build_matrix(district.hr.user, filters, today=TODAY)

    assert [c.title for c in matrix.courses] == ["Một cửa cơ bản"]
    (row,) = matrix.rows
    assert [cell.state for cell in row.cells] == ["overdue"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lost"},
        {"due": "tomorrow"},
        {"unit": "abc"},
        {"unit": "99999"},
        {"course": "99999"},
        {"course": "x"},
        {"position": "-1"},
        {"kind": "province"},
        {"q": "x" * 101},
    ],
)
def test_unknown_filter_values_are_explained_and_show_nothing(client, district, query):
    client.force_login(district.hr.user)
    choose_english(client)

    response = client.get(MATRIX, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "no data is shown" in html
    assert "Nguyễn Thị Hường" not in html


def test_a_page_number_out_of_range_shows_the_last_page(client, district):
    client.force_login(district.hr.user)

    for page in ("999", "abc", "-1"):
        response = client.get(MATRIX, {"page": page})
        assert response.status_code == 200
        assert len(names(response)) == 6


def test_the_matrix_is_paginated_by_officer_and_keeps_the_filters(client, district):
    for n in range(55):
        make_officer(unit=district.ward, full_name=f"Phường viên {n:02d}")
    client.force_login(district.hr.user)

    first = client.get(MATRIX, {"kind": "ward"})
    second = client.get(MATRIX, {"kind": "ward", "page": "2"})

    assert first.context["matrix"].officer_count == 56
    assert len(first.context["matrix"].rows) == 50
    assert len(second.context["matrix"].rows) == 6
    assert "?kind=ward&amp;page=2" in first.content.decode()


# ---- Overdue in Hà Nội time ------------------------------------------------------------


def test_due_today_is_not_overdue_and_becomes_overdue_at_midnight_hanoi_time(
    client, district, clock
):
    Enrolment.objects.filter(user=district.binh.user).update(due_date=TODAY)
    client.force_login(district.hr.user)

    def binh_state():
        response = client.get(MATRIX, {"q": "TP002"})
        (row,) = response.context["matrix"].rows
        return next(cell.state for cell in row.cells if cell)

    clock.return_value = datetime(2026, 11, 28, 16, 59, tzinfo=UTC)  # 23:59 on the 28th
    assert binh_state() == "in_progress"

    # 00:30 on the 29th in Hà Nội while it is still the 28th in UTC.
    clock.return_value = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)
    assert binh_state() == "overdue"
    response = client.get(MATRIX, {"status": "overdue"})
    assert names(response) == {"Trần Văn Bình", "Lê Thị Cúc"}


def test_due_windows_count_from_the_hanoi_date(district):
    Enrolment.objects.filter(user=district.binh.user).update(due_date=TODAY + timedelta(days=7))
    hr = district.hr.user

    def officers(due, today):
        filters = filters_for(hr, due=due)
        return {o.full_name for o in matrix_officers(hr, filters, today=today)}

    assert officers("7", TODAY) == {"Trần Văn Bình"}
    assert officers("7", TODAY - timedelta(days=1)) == set()
    assert officers("7", TODAY + timedelta(days=7)) == {"Trần Văn Bình"}
    assert officers("overdue", TODAY + timedelta(days=7)) == {"Lê Thị Cúc"}
    assert officers("overdue", TODAY + timedelta(days=8)) == {"Trần Văn Bình", "Lê Thị Cúc"}


# ---- Reminders from the matrix ---------------------------------------------------------


def test_hr_sends_a_reminder_for_ticked_cells_and_rows(
    client, district, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(district.hr.user)
    choose_english(client)
    binh = district.cell(district.binh, district.one_stop)
    huong = district.cell(district.huong, district.one_stop)  # completed: skipped

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REMIND,
            {
                "enrolment": [binh.pk, huong.pk],
                "officer": [district.cuc.pk],
                "filters": "unit=&status=",
                "page": "1",
            },
            follow=True,
        )

    assert response.redirect_chain[-1][0] == MATRIX + "?page=1"
    html = response.content.decode()
    assert "Reminder e-mail queued for 2 officers about 2 courses." in html
    assert "1 selected course was skipped" in html
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [district.binh.user.email, district.cuc.user.email]
    )
    to_cuc = next(m for m in mailoutbox if m.to == [district.cuc.user.email])
    assert "Lê Thị Cúc" in to_cuc.body
    assert "Một cửa cơ bản" in to_cuc.body
    assert "25/11/2026" in to_cuc.body  # the date it was due
    assert "http://testserver" + district.one_stop.url in to_cuc.body
    entries = ModelLogEntry.objects.filter(action=REMINDER_SENT)
    assert entries.count() == 2
    assert {e.user_id for e in entries} == {district.hr.user.pk}
    assert len({e.uuid for e in entries}) == 1


def test_a_double_click_sends_one_reminder(
    client, district, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(district.hr.user)
    choose_english(client)
    binh = district.cell(district.binh, district.one_stop)
    data = {"enrolment": [binh.pk], "filters": "unit=&status=", "page": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REMIND, data)
        response = client.post(REMIND, data, follow=True)
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action=REMINDER_SENT).count() == 1
    assert "1 selected course was skipped" in response.content.decode()


def test_a_reminder_only_reaches_cells_the_current_filters_show(
    client, district, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(district.hr.user)
    cuc = district.cell(district.cuc, district.one_stop)

    # Cúc is not in the justice division the form was filtered to.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REMIND, {"enrolment": [cuc.pk], "filters": f"unit={district.justice.pk}"})

    assert mailoutbox == []
    assert not ModelLogEntry.objects.filter(action=REMINDER_SENT).exists()


def test_leaders_cannot_send_reminders(client, district, mailoutbox):
    client.force_login(district.leader.user)
    binh = district.cell(district.binh, district.one_stop)

    response = client.post(REMIND, {"enrolment": [binh.pk]})

    assert response.status_code == 403
    assert mailoutbox == []


def test_sending_nothing_explains_what_to_do(client, district, mailoutbox):
    client.force_login(district.hr.user)
    choose_english(client)

    response = client.post(REMIND, {"filters": "status=bogus"}, follow=True)

    assert "Tick the courses or officers to remind first." in response.content.decode()
    assert mailoutbox == []


def test_the_reminder_form_needs_a_csrf_token(district):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(district.hr.user)
    binh = district.cell(district.binh, district.one_stop)

    assert client.post(REMIND, {"enrolment": [binh.pk]}).status_code == 403


# ---- Query bound -----------------------------------------------------------------------


def _grow(district, officers: int) -> None:
    """More officers in several units, each assigned a course, some with a certificate."""
    units = [district.justice, district.ward, district.home_affairs]
    extra = [
        make_officer(unit=units[n % 3], position=district.desk, full_name=f"Cán bộ thêm {n}")
        for n in range(officers)
    ]
    assignment_create(
        course=district.communication,
        due_date=TODAY + timedelta(days=5),
        assigned_by=district.hr.user,
        officers=extra,
    )


# Session user, units, positions, courses (filters); count, page, columns, cells, state totals.
MATRIX_QUERIES = 10


@pytest.mark.parametrize("extra_officers", [3, 60])
def test_the_first_page_costs_the_same_queries_whatever_the_number_of_officers(
    client, district, django_assert_max_num_queries, extra_officers
):
    _grow(district, extra_officers)
    client.force_login(district.hr.user)
    client.get(MATRIX)  # warm the content-type and site caches

    with django_assert_max_num_queries(MATRIX_QUERIES):
        response = client.get(MATRIX, {"status": "", "unit": ""})

    assert len(response.context["matrix"].rows) == min(50, 6 + extra_officers)


def test_hr_finds_the_reports_in_the_admin_menu(client, district):
    client.force_login(district.hr.user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert MATRIX in response.content.decode()
