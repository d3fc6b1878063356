"""A small hand-built district for the report tests (shared by every tests/reports module).

Units: Phòng Tư pháp (department, the leader's), Phòng Nội vụ (department, HR's) and
Phường Hạ Đình (ward). Two courses, assigned or self-enrolled, with every cell state:

    officer               unit      one_stop (due TODAY+10)      communication
    Nguyễn Thị Hường      tư pháp   completed, score 90, cert    —
    Trần Văn Bình         tư pháp   in progress                  —
    Lê Thị Cúc            Hạ Đình   overdue (due TODAY-3)        —
    Phạm Đức Dũng         nội vụ    —                            self-enrolled, no due date
    (leader, HR)          tư pháp / nội vụ: no enrolment

`TODAY` is the date the data is built around; tests pass `today=TODAY` to the functions,
and the `clock` fixture freezes `timezone.now()` for the pages.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest

from courses.models import Enrolment, LessonPage
from courses.services import (
    activity_record_result,
    activity_start,
    assignment_create,
    enrolment_self_enrol,
)
from tests.courses.factories import make_course
from tests.people.factories import make_officer, make_position
from training.people.models import Unit
from training.people.roles import Role

TODAY = date(2026, 11, 28)
# 10:00 in Hà Nội on TODAY.
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """`timezone.now()` frozen at `NOW`; a test moves it with `clock.return_value = ...`."""
    with mock.patch("django.utils.timezone.now", return_value=NOW) as now:
        yield now


@pytest.fixture
def district(db, clock):
    justice = Unit.objects.get(code="tu-phap")
    home_affairs = Unit.objects.get(code="noi-vu")
    ward = Unit.objects.get(code="ha-dinh")
    specialist = make_position("Chuyên viên")
    desk = make_position("Công chức một cửa")

    hr = make_officer(roles=(Role.HR,), unit=home_affairs, full_name="Đỗ Thu Hà")
    leader = make_officer(roles=(Role.LEADER,), unit=justice, full_name="Vũ Minh Khôi")
    huong = make_officer(
        unit=justice, position=specialist, full_name="Nguyễn Thị Hường", employee_code="TP001"
    )
    binh = make_officer(
        unit=justice, position=desk, full_name="Trần Văn Bình", employee_code="TP002"
    )
    cuc = make_officer(unit=ward, position=desk, full_name="Lê Thị Cúc", employee_code="HD001")
    dung = make_officer(
        unit=home_affairs, position=specialist, full_name="Phạm Đức Dũng", employee_code="NV001"
    )

    one_stop = make_course(modules=1, lessons_per_module=1, title="Một cửa cơ bản")
    communication = make_course(
        modules=1, lessons_per_module=1, title="Kỹ năng giao tiếp", open_enrolment=True
    )
    assignment_create(
        course=one_stop,
        due_date=TODAY + timedelta(days=10),
        assigned_by=hr.user,
        officers=[huong, binh, cuc],
    )
    lesson = LessonPage.objects.descendant_of(one_stop).get()
    activity_record_result(user=huong.user, activity=lesson, passed=True, score=Decimal("90"))
    activity_start(user=binh.user, activity=lesson)
    Enrolment.objects.filter(user=cuc.user, course=one_stop).update(
        due_date=TODAY - timedelta(days=3)
    )
    enrolment_self_enrol(user=dung.user, course=communication)

    def cell(officer, course) -> Enrolment:
        return Enrolment.objects.get(user=officer.user, course=course)

    return SimpleNamespace(
        justice=justice,
        home_affairs=home_affairs,
        ward=ward,
        specialist=specialist,
        desk=desk,
        hr=hr,
        leader=leader,
        huong=huong,
        binh=binh,
        cuc=cuc,
        dung=dung,
        one_stop=one_stop,
        communication=communication,
        cell=cell,
    )
