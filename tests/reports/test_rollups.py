"""Roll-ups per unit and course, the completion trend, the page and its exports."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrolment
from courses.quiz.models import Attempt
from courses.search import fold
from tests.courses.factories import make_course
from tests.people.factories import PASSWORD, make_officer
from tests.quiz.factories import make_quiz
from tests.utils import choose_english
from training.people.models import Unit
from training.people.roles import Role
from training.people.services import officer_set_active
from training.reports.rollups import (
    completion_trend,
    course_rollups,
    rollup_total,
    rollups,
    unit_rollups,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 11)
ROLLUPS = reverse("reports:rollups")
XLSX = reverse("reports:rollups_xlsx")
CSV = reverse("reports:rollups_csv")
S = Enrolment.Status


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def enrol(officer, course, status=S.NOT_STARTED, due=None, completed_at=None):
    return Enrolment.objects.create(
        user=officer.user,
        course=course,
        source=Enrolment.Source.ASSIGNED if due else Enrolment.Source.SELF,
        status=status,
        due_date=due,
        completed_at=completed_at,
    )


def attempt(officer, quiz, percent, state=Attempt.State.FINISHED):
    number = Attempt.objects.filter(user=officer.user, quiz=quiz).count() + 1
    return Attempt.objects.create(
        user=officer.user,
        quiz=quiz,
        course=quiz.course,
        number=number,
        seed=number,
        state=state,
        started_at=local(2026, 3, 1, 9),
        finished_at=None if state == Attempt.State.IN_PROGRESS else local(2026, 3, 1, 9, 20),
        percent=None if state == Attempt.State.IN_PROGRESS else Decimal(percent),
    )


@pytest.fixture
def world():
    """Two departments and a ward, two courses, enrolments in every state around
    TODAY (11/03/2026), quiz attempts with known grades."""
    c1 = make_course(title="Tiếp nhận hồ sơ", modules=1, lessons_per_module=1)
    c2 = make_course(title="Ứng xử với công dân", modules=1, lessons_per_module=1)
    quiz = make_quiz(course=c1)
    hr = make_officer(roles=(Role.HR,), unit="y-te")
    leader = make_officer(roles=(Role.LEADER,), unit="tu-phap", full_name="Lãnh Đạo Tư Pháp")
    a1, a2, a3 = (make_officer(unit="tu-phap") for _ in range(3))
    gone = make_officer(unit="tu-phap")
    b1, b2 = (make_officer(unit="noi-vu") for _ in range(2))
    make_officer(unit="ha-dinh")  # a ward officer with nothing assigned

    # Phòng Tư pháp: 6 enrolments: 2 completed, 1 in progress, 1 not started, 2 overdue
    # (the matrix's states, which partition the enrolments).
    enrol(a1, c1, S.COMPLETED, due=date(2026, 3, 10), completed_at=local(2026, 3, 1, 10))
    enrol(a1, c2, S.IN_PROGRESS, due=date(2026, 3, 10))  # overdue since this morning
    enrol(a2, c1, S.NOT_STARTED, due=date(2026, 3, 11))  # due today: not overdue yet
    # 00:30 on 01/02 in Hà Nội is still 31/01 in UTC: a February completion.
    enrol(
        a2,
        c2,
        S.COMPLETED,
        due=date(2026, 3, 1),
        completed_at=datetime(2026, 1, 31, 17, 30, tzinfo=UTC),
    )
    enrol(a3, c1, S.NOT_STARTED, due=date(2026, 3, 1))  # overdue
    enrol(a3, c2, S.IN_PROGRESS)  # self-enrolled, no due date
    enrol(gone, c1, S.NOT_STARTED, due=date(2026, 1, 1))  # deactivated: not counted
    # Phòng Nội vụ: 3 enrolments, 2 completed.
    enrol(b1, c1, S.COMPLETED, due=date(2025, 12, 31), completed_at=local(2025, 12, 15, 8))
    enrol(b2, c1, S.COMPLETED, due=date(2026, 3, 31), completed_at=local(2026, 3, 5, 15))
    enrol(b2, c2, S.NOT_STARTED, due=date(2026, 4, 1))

    attempt(a1, quiz, 80)
    attempt(a1, quiz, 100)
    attempt(a2, quiz, 60)
    attempt(a3, quiz, 0, state=Attempt.State.IN_PROGRESS)
    attempt(a3, quiz, 10, state=Attempt.State.NEEDS_MARKING)
    attempt(b1, quiz, 50)
    attempt(gone, quiz, 0)
    officer_set_active(officer=gone, active=False)
    return {
        "c1": c1,
        "c2": c2,
        "hr": hr.user,
        "leader": leader.user,
        "a1": a1,
        "tu_phap": Unit.objects.get(code="tu-phap"),
        "noi_vu": Unit.objects.get(code="noi-vu"),
        "ha_dinh": Unit.objects.get(code="ha-dinh"),
    }


def by_code(rows):
    return {row.unit.code: row for row in rows}


class TestUnitRollups:
    def test_figures_of_each_unit(self, world):
        rows = by_code(unit_rollups(user=world["hr"], today=TODAY))
        assert len(rows) == Unit.objects.count() == 23
        tp = rows["tu-phap"]
        assert (tp.officers, tp.assigned, tp.completed) == (4, 6, 2)
        assert (tp.in_progress, tp.not_started, tp.overdue) == (1, 1, 2)
        assert tp.completed + tp.in_progress + tp.not_started + tp.overdue == tp.assigned
        assert tp.completion_rate == pytest.approx(1 / 3)
        assert tp.mean_quiz == Decimal("80.0")  # (80 + 100 + 60) / 3; unfinished ignored
        nv = rows["noi-vu"]
        assert (nv.officers, nv.assigned, nv.completed, nv.not_started, nv.overdue) == (
            2,
            3,
            2,
            1,
            0,
        )
        assert nv.completion_rate == pytest.approx(2 / 3)
        assert nv.mean_quiz == Decimal("50.0")
        hd = rows["ha-dinh"]
        assert (hd.officers, hd.assigned, hd.completion_rate, hd.mean_quiz) == (1, 0, None, None)

    def test_ranked_by_completion_rate_then_name(self, world):
        rows = unit_rollups(user=world["hr"], today=TODAY)
        assert [r.unit.code for r in rows[:2]] == ["noi-vu", "tu-phap"]
        assert [r.rank for r in rows[:3]] == [1, 2, None]
        # Units with nothing assigned come last, alphabetically (diacritics ignored).
        unranked = [r.unit.name for r in rows[2:]]
        assert len(unranked) == 21
        assert unranked == sorted(unranked, key=fold)

    def test_course_filter(self, world):
        rows = by_code(unit_rollups(user=world["hr"], course=world["c2"], today=TODAY))
        tp = rows["tu-phap"]
        assert (tp.assigned, tp.completed, tp.in_progress, tp.overdue) == (3, 1, 1, 1)
        assert tp.mean_quiz is None  # the quiz belongs to the other course
        assert rows["noi-vu"].completion_rate == 0

    def test_period_keeps_courses_due_in_it(self, world):
        period = (date(2026, 3, 1), date(2026, 3, 31))
        tp = by_code(unit_rollups(user=world["hr"], today=TODAY, period=period))["tu-phap"]
        # Due in March: a1·c1, a1·c2, a2·c1, a2·c2 (01/03), a3·c1; a3·c2 has no due date.
        assert (tp.assigned, tp.completed, tp.overdue) == (5, 2, 2)

    def test_total_weights_the_means_by_attempts(self, world):
        total = rollup_total(unit_rollups(user=world["hr"], today=TODAY))
        assert (total.assigned, total.completed, total.overdue) == (9, 4, 2)
        assert total.mean_quiz == Decimal("72.5")  # (80 + 100 + 60 + 50) / 4
        assert total.completion_rate == pytest.approx(4 / 9)

    def test_kind_filter(self, world):
        rows = unit_rollups(user=world["hr"], today=TODAY, kind=Unit.Kind.WARD)
        assert len(rows) == 11
        assert {r.unit.kind for r in rows} == {Unit.Kind.WARD}

    def test_overdue_uses_the_date_in_hanoi(self, world):
        # 17:30 UTC on 10/03 is 00:30 on 11/03 in Hà Nội: a course due on 10/03 is late.
        now = datetime(2026, 3, 10, 17, 30, tzinfo=UTC)
        with mock.patch("django.utils.timezone.now", return_value=now):
            tp = by_code(unit_rollups(user=world["hr"]))["tu-phap"]
            assert tp.overdue == 2
        # At 16:30 UTC it is still 23:30 on 10/03: the due date has not passed.
        now = datetime(2026, 3, 10, 16, 30, tzinfo=UTC)
        with mock.patch("django.utils.timezone.now", return_value=now):
            tp = by_code(unit_rollups(user=world["hr"]))["tu-phap"]
            assert tp.overdue == 1

    def test_fixed_number_of_queries(self, world, django_assert_max_num_queries):
        for code in ("kim-giang", "txb", "kinh-te"):
            for _ in range(3):
                officer = make_officer(unit=code)
                enrol(officer, world["c1"], S.NOT_STARTED, due=date(2026, 1, 1))
        user = type(world["hr"]).objects.get(pk=world["hr"].pk)  # roles not cached yet
        with django_assert_max_num_queries(5):
            rows = unit_rollups(user=user, today=TODAY)
        assert by_code(rows)["txb"].overdue == 3
        with django_assert_max_num_queries(4):
            course_rollups(user=user, today=TODAY)
        with django_assert_max_num_queries(1):
            completion_trend(user=user, today=TODAY)
        with django_assert_max_num_queries(5):
            units, courses = rollups(user=user, today=TODAY)
        assert [(r.unit, r.assigned) for r in units] == [
            (r.unit, r.assigned) for r in unit_rollups(user=user, today=TODAY)
        ]
        assert [(r.course, r.assigned) for r in courses] == [
            (r.course, r.assigned) for r in course_rollups(user=user, today=TODAY)
        ]


class TestCourseRollups:
    def test_figures_of_each_course(self, world):
        rows = {row.course.pk: row for row in course_rollups(user=world["hr"], today=TODAY)}
        c1, c2 = rows[world["c1"].pk], rows[world["c2"].pk]
        assert (c1.assigned, c1.completed, c1.not_started, c1.overdue) == (5, 3, 1, 1)
        assert c1.completion_rate == pytest.approx(0.6)
        assert c1.mean_quiz == Decimal("72.5")
        assert (c2.assigned, c2.completed, c2.in_progress, c2.not_started, c2.overdue) == (
            4,
            1,
            1,
            1,
            1,
        )
        assert c2.mean_quiz is None
        assert list(rows) == [world["c1"].pk, world["c2"].pk]  # ranked

    def test_course_figures_follow_the_unit_selection(self, world):
        rows = course_rollups(user=world["hr"], today=TODAY, unit=world["noi_vu"])
        c1 = next(r for r in rows if r.course.pk == world["c1"].pk)
        assert (c1.assigned, c1.completed) == (2, 2)


class TestTrend:
    def test_completions_per_local_month_with_zero_months(self, world):
        trend = completion_trend(user=world["hr"], today=TODAY)
        assert len(trend) == 12
        assert trend[0].month == date(2025, 4, 1)
        assert trend[-1].month == date(2026, 3, 1)
        counts = {p.month: p.completed for p in trend}
        assert counts[date(2025, 12, 1)] == 1
        assert counts[date(2026, 1, 1)] == 0  # 31/01 17:30 UTC is February in Hà Nội
        assert counts[date(2026, 2, 1)] == 1
        assert counts[date(2026, 3, 1)] == 2
        assert sum(counts.values()) == 4
        assert sum(1 for p in trend if p.completed == 0) == 9

    def test_months_unit_and_course(self, world):
        trend = completion_trend(user=world["hr"], months=3, unit=world["tu_phap"], today=TODAY)
        assert [(p.month.month, p.completed) for p in trend] == [(1, 0), (2, 1), (3, 1)]
        trend = completion_trend(user=world["hr"], months=6, course=world["c2"], today=TODAY)
        assert sum(p.completed for p in trend) == 1

    def test_leader_trend_is_their_unit(self, world):
        trend = completion_trend(user=world["leader"], today=TODAY, unit=world["noi_vu"])
        assert sum(p.completed for p in trend) == 0
        trend = completion_trend(user=world["leader"], today=TODAY)
        assert sum(p.completed for p in trend) == 2


class TestScoping:
    def test_leader_sees_only_their_unit(self, world):
        rows = unit_rollups(user=world["leader"], today=TODAY)
        assert [r.unit.code for r in rows] == ["tu-phap"]
        courses = {r.course.pk: r for r in course_rollups(user=world["leader"], today=TODAY)}
        assert courses[world["c1"].pk].assigned == 3  # a1, a2, a3: not Phòng Nội vụ's two

    def test_leader_asking_for_another_unit_gets_nothing_of_it(self, world):
        leader = world["leader"]
        assert unit_rollups(user=leader, today=TODAY, unit=world["noi_vu"]) == []
        assert unit_rollups(user=leader, today=TODAY, units=[world["noi_vu"].pk]) == []
        rows = course_rollups(user=leader, today=TODAY, unit=world["noi_vu"].pk)
        assert all(r.assigned == 0 for r in rows)

    def test_officers_see_nothing(self, world):
        officer = make_officer(unit="tu-phap").user
        assert unit_rollups(user=officer, today=TODAY) == []
        assert all(p.completed == 0 for p in completion_trend(user=officer, today=TODAY))


def make_scenario_attempts(course, user, rows):
    """ScenarioAttempt rows as the assessor leaves them: (mode, state, score) each. The
    scenario page is saved without its publishing checks: only its attempts matter here."""
    from courses.models import ModulePage
    from sandbox.scenarios import models

    module = ModulePage.objects.child_of(course).first()
    page = models.ScenarioPage(title="Tình huống thử", slug="tinh-huong-thu", briefing="<p>x</p>")
    page.clock_start = local(2026, 3, 2, 8)
    with mock.patch.object(models.ScenarioPage, "full_clean"):
        module.add_child(instance=page)
    version = models.ScenarioVersion.objects.create(scenario=page, number=1, digest="x", spec={})
    for number, (mode, state, score) in enumerate(rows, start=1):
        models.ScenarioAttempt.objects.create(
            scenario=page,
            version=version,
            user=user,
            course=course,
            number=number,
            mode=mode,
            state=state,
            seed=number,
            score=None if score is None else Decimal(score),
            submitted_at=None if state == "in_progress" else local(2026, 3, 2, 10),
        )


def test_mean_scenario_score(world):
    """Assessed scenario attempts count; practice runs and unfinished ones do not."""
    make_scenario_attempts(
        world["c1"],
        world["a1"].user,
        [
            ("assessed", "assessed", "70"),
            ("assessed", "assessed", "90"),
            ("practice", "assessed", "10"),
            ("assessed", "in_progress", None),
        ],
    )
    rows = by_code(unit_rollups(user=world["hr"], today=TODAY))
    assert rows["tu-phap"].mean_scenario == Decimal("80.0")
    assert rows["noi-vu"].mean_scenario is None
    rows = by_code(unit_rollups(user=world["hr"], today=TODAY, course=world["c2"]))
    assert rows["tu-phap"].mean_scenario is None
    courses = {r.course.pk: r for r in course_rollups(user=world["hr"], today=TODAY)}
    assert courses[world["c1"].pk].mean_scenario == Decimal("80.0")


def log_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


class TestPage:
    def test_hr_sees_every_unit_ranked_with_charts(self, client, world):
        log_in(client, world["hr"])
        choose_english(client)
        with mock.patch("django.utils.timezone.now", return_value=local(2026, 3, 11, 9)):
            response = client.get(ROLLUPS)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Justice Division" in html and "Home Affairs Division" in html
        assert html.index("Home Affairs Division") < html.index("Justice Division")  # ranked
        assert html.count('role="img"') == 3
        assert html.count("<details") == 3
        assert "66.7%" in html and "33.3%" in html
        assert "Completions per month, last 12 months" in html
        assert '<option value="12" selected>' in html  # the trend length shown is the one used

    def test_vietnamese_by_default_with_diacritics(self, client, world):
        log_in(client, world["hr"])
        html = client.get(ROLLUPS).content.decode()
        assert "Phòng Tư pháp" in html and "Phường Hạ Đình" in html
        assert "Phòng Lao động – Thương binh và Xã hội" in html

    def test_leader_sees_only_their_unit_even_when_asking_for_another(self, client, world):
        log_in(client, world["leader"])
        for query in ("", f"?unit={world['noi_vu'].pk}", "?kind=ward"):
            response = client.get(ROLLUPS + query)
            assert response.status_code == 200
            html = response.content.decode()
            assert "Phòng Tư pháp" in html
            assert "Phòng Nội vụ" not in html and "Phường Hạ Đình" not in html

    def test_leader_choosing_a_course_still_gets_their_unit_only(self, client, world):
        log_in(client, world["leader"])
        response = client.get(ROLLUPS, {"course": world["c1"].pk, "unit": world["noi_vu"].pk})
        assert [row.unit.code for row in response.context["unit_rows"]] == ["tu-phap"]
        assert response.context["total"].assigned == 3  # not Phòng Nội vụ's two
        assert [row.assigned for row in response.context["course_rows"]] == [3]
        choose_english(client)
        response = client.get(ROLLUPS, {"course": "999999"})
        assert "That course is not in the list." in response.content.decode()
        assert response.context["total"].assigned == 6

    def test_unknown_filter_values_give_a_message_and_default_figures(self, client, world):
        log_in(client, world["hr"])
        choose_english(client)
        for query in (
            "?course=999999",
            "?course=abc",
            "?unit=999999",
            "?period=forever",
            "?months=7",
            "?kind=galaxy",
        ):
            response = client.get(ROLLUPS + query)
            assert response.status_code == 200, query
            html = response.content.decode()
            assert "Some filters could not be used" in html, query
            assert "Home Affairs Division" in html and "Ha Dinh Ward" in html, query

    def test_filters_narrow_the_page(self, client, world):
        log_in(client, world["hr"])
        choose_english(client)
        response = client.get(ROLLUPS, {"kind": "ward"})
        assert {row.unit.kind for row in response.context["unit_rows"]} == {"ward"}
        assert len(response.context["unit_rows"]) == 11
        assert "The wards of the district" in response.content.decode()
        response = client.get(ROLLUPS, {"unit": world["noi_vu"].pk})
        assert [row.unit for row in response.context["unit_rows"]] == [world["noi_vu"]]
        course = response.context["course_rows"][0]
        assert (course.label, course.assigned, course.completed) == ("Tiếp nhận hồ sơ", 2, 2)
        html = client.get(ROLLUPS, {"period": "this-year", "months": "6"}).content.decode()
        assert "Counting the courses due from 01/01/" in html
        assert "last 6 months" in html

    def test_officers_are_refused(self, client, world):
        officer = make_officer(unit="tu-phap").user
        log_in(client, officer)
        assert client.get(ROLLUPS).status_code == 403
        assert client.get(XLSX).status_code == 403

    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get(ROLLUPS)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_query_count_is_flat(self, client, world, django_assert_max_num_queries):
        log_in(client, world["hr"])
        client.get(ROLLUPS)
        for code in ("kim-giang", "txb", "kinh-te", "y-te"):
            for _ in range(3):
                enrol(make_officer(unit=code), world["c2"], S.IN_PROGRESS, due=date(2026, 1, 1))
        make_course(modules=1, lessons_per_module=0)
        # The user, the units, three scans (enrolments, quiz and scenario attempts), the
        # courses, the trend and the two lists of the filter form: nothing per unit.
        with django_assert_max_num_queries(9):
            assert client.get(ROLLUPS).status_code == 200


class TestExports:
    def test_xlsx_sheets_and_cells(self, client, world):
        log_in(client, world["hr"])
        choose_english(client)
        with mock.patch("django.utils.timezone.now", return_value=local(2026, 3, 11, 9)):
            response = client.get(XLSX)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert book.sheetnames == ["Units", "Courses", "Trend"]
        units = list(book["Units"].values)
        assert units[0][:2] == ("Rank", "Unit")
        assert units[0][9] == "Completion rate (%)"
        assert units[1][:10] == (
            1,
            "Home Affairs Division",
            "Specialist department",
            2,
            3,
            2,
            0,
            1,
            0,
            66.7,
        )
        assert units[2][1] == "Justice Division"
        assert units[2][8:] == (2, 33.3, 80, None)
        assert len(units) == 1 + 23
        courses = list(book["Courses"].values)
        assert courses[1][:7] == ("Tiếp nhận hồ sơ", 5, 3, 0, 1, 1, 60)
        trend = list(book["Trend"].values)
        assert len(trend) == 13
        assert trend[-1][0] == "03/2026"
        assert trend[-1][1] == datetime(2026, 3, 1)
        assert trend[-1][2] == 2

    def test_csv_of_the_units_with_vietnamese_names(self, client, world):
        log_in(client, world["hr"])
        response = client.get(CSV, {"kind": "department"})
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")
        lines = text.splitlines()
        assert len(lines) == 1 + 12
        assert any(line.startswith("1,Phòng Nội vụ,") for line in lines)

    def test_leader_export_has_their_unit_only(self, client, world):
        log_in(client, world["leader"])
        response = client.get(CSV, {"unit": world["noi_vu"].pk})
        text = b"".join(response.streaming_content).decode("utf-8")
        lines = text.splitlines()
        assert len(lines) == 2
        assert "Phòng Tư pháp" in lines[1]

    def test_export_with_bad_filters_goes_back_to_the_page(self, client, world):
        log_in(client, world["hr"])
        response = client.get(XLSX, {"course": "999999"})
        assert response.status_code == 302
        assert response["Location"].startswith(ROLLUPS + "?course=999999")
