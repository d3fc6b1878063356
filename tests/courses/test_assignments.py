"""HR's assignment screens: assign a course, see who it reached, move its due date."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from courses.assignment_services import DUE_DATE_CHANGED
from courses.models import Assignment, Enrolment, local_today
from courses.services import EnrolmentError, assignment_create
from tests.courses.factories import make_course
from tests.people.factories import make_officer, make_position
from training.people.models import Unit
from training.people.roles import Role
from training.people.services import officer_set_active

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Vietnamese catalogue says by then."""
    settings.LANGUAGE_CODE = "en"


# What roles.py has to grant HR for these screens (see the report).
HR_ASSIGNMENT_PERMISSIONS = ["add_assignment", "change_assignment", "view_assignment"]


@pytest.fixture
def hr(client):
    group = Group.objects.get(name=Role.HR)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses", codename__in=HR_ASSIGNMENT_PERMISSIONS
        )
    )
    user = make_officer(roles=(Role.HR,), unit="noi-vu", full_name="Trần Thị Nhân Sự").user
    client.force_login(user)
    return user


def url(name, *args):
    return reverse(f"assignments:{name}", args=args)


def ward(code):
    return Unit.objects.get(code=code)


def due_in(days):
    return local_today() + timedelta(days=days)


def form_data(**overrides):
    data = {
        "course": "",
        "departments": [],
        "wards": [],
        "positions": [],
        "officers": [],
        "due_date": due_in(14).isoformat(),
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value not in ([], None)}


def test_the_screens_are_registered_in_the_admin():
    # courses/wagtail_hooks.py registers `assignment_viewset` and its audit-log formatter.
    assert url("index") == "/admin/assignments/"
    assert log_action_registry.action_exists(DUE_DATE_CHANGED)


def test_hr_assigns_a_course_to_a_ward_and_each_officer_gets_an_email(
    client, hr, mailoutbox, django_capture_on_commit_callbacks
):
    course = make_course(title="Cơ chế một cửa & liên thông")
    reached = [make_officer(unit="ha-dinh") for _ in range(2)]
    elsewhere = make_officer(unit="khuong-mai")
    left = make_officer(unit="ha-dinh")
    officer_set_active(officer=left, active=False)
    due = due_in(10)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("add"),
            form_data(
                course=course.pk,
                wards=[ward("ha-dinh").pk],
                due_date=due.isoformat(),
                note="Hoàn thành trước kỳ giao ban.",
            ),
        )

    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.assigned_by == hr
    enrolled = Enrolment.objects.filter(course=course)
    assert {e.user_id for e in enrolled} == {o.user_id for o in reached}
    assert all(e.due_date == due and e.assignment == assignment for e in enrolled)
    assert elsewhere.user_id not in {e.user_id for e in enrolled}
    (message,) = get_messages(response.wsgi_request)
    assert "assigned: 2 officers enrolled." in str(message)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.user.email for o in reached)
    mail = mailoutbox[0]
    assert course.title in mail.subject and due.strftime("%d/%m/%Y") in mail.subject
    # Plain text: the ampersand must not come out as "&amp;".
    assert course.title in mail.body
    assert due.strftime("%d/%m/%Y") in mail.body
    assert "http://testserver" + course.url in mail.body
    assert "Trần Thị Nhân Sự" in mail.body
    assert "Hoàn thành trước kỳ giao ban." in mail.body


def test_positions_narrow_units_and_named_officers_are_added(client, hr):
    course = make_course()
    head = make_position("Trưởng phòng")
    heads = [make_officer(unit="tu-phap", position=head) for _ in range(2)]
    make_officer(unit="tu-phap")  # same unit, other position: not assigned
    named = make_officer(unit="txb")
    response = client.post(
        url("add"),
        form_data(
            course=course.pk,
            departments=[Unit.objects.get(code="tu-phap").pk],
            positions=[head.pk],
            officers=[named.pk],
        ),
    )
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("user_id", flat=True)) == {
        o.user_id for o in [*heads, named]
    }


@pytest.mark.parametrize(
    "case, overrides, message",
    [
        ("no target", {}, "Choose at least one unit, position or named officer."),
        ("past due date", {"due_date": "past", "wards": "ha-dinh"}, "cannot be in the past"),
        ("unpublished course", {"course": "unpublished", "wards": "ha-dinh"}, "not published"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(client, hr, case, overrides, message):
    course = make_course()
    make_officer(unit="ha-dinh")
    data = form_data(course=course.pk)
    if overrides.get("wards"):
        data["wards"] = [ward(overrides["wards"]).pk]
    if overrides.get("due_date") == "past":
        data["due_date"] = due_in(-1).isoformat()
    if overrides.get("course") == "unpublished":
        course.unpublish()
    response = client.post(url("add"), data)
    assert response.status_code == 200, case
    assert message in response.content.decode()
    assert not Assignment.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_due_date_of_today_in_hanoi_is_accepted(client, hr):
    course = make_course()
    make_officer(unit="ha-dinh")
    response = client.post(
        url("add"),
        form_data(course=course.pk, wards=[ward("ha-dinh").pk], due_date=local_today().isoformat()),
    )
    assert response.status_code == 302


def test_the_form_lists_only_published_courses(client, hr):
    live = make_course(title="Khóa đang mở")
    draft = make_course(title="Khóa nháp")
    draft.unpublish()
    html = client.get(url("add")).content.decode()
    assert live.title in html
    assert draft.title not in html


def test_officers_and_trainers_cannot_open_the_assignment_screens(client, hr):
    course = make_course()
    make_officer(unit="ha-dinh")
    assignment = assignment_create(
        course=course, due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")]
    )
    for role in (Role.OFFICER, Role.TRAINER, Role.LEADER):
        client.force_login(make_officer(roles=(role,)).user)
        for target in (url("index"), url("add"), url("edit", assignment.pk)):
            response = client.get(target)
            # 403 from the admin gate, or Wagtail's redirect to the dashboard.
            assert response.status_code in (302, 403), (role, target)
            if response.status_code == 302:
                assert response["Location"].rstrip("/") == "/admin", (role, target)
        response = client.post(url("add"), form_data(course=course.pk, wards=[ward("ha-dinh").pk]))
        assert response.status_code in (302, 403)
    assert Assignment.objects.count() == 1


def test_listing_shows_targets_reach_and_author_in_constant_queries(client, hr):
    course = make_course(title="Một cửa liên thông")
    for _ in range(3):
        make_officer(unit="ha-dinh")
    assignment_create(course=course, due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("index"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, html = count_queries()
    assert course.title in html
    assert ward("ha-dinh").name in html
    assert "Trần Thị Nhân Sự" in html
    assert ">3<" in html.replace(" ", "").replace("\n", "")

    for code in ("khuong-mai", "txn", "txt", "kim-giang"):
        make_officer(unit=code)
        other = make_course()
        assignment_create(
            course=other,
            due_date=due_in(9),
            assigned_by=hr,
            units=[ward(code)],
            positions=[make_position()],
            officers=[make_officer(unit="vp")],
        )
    many, _html = count_queries()
    assert many == few <= 20


def test_listing_filters_by_course(client, hr):
    first, second = make_course(title="Khóa A"), make_course(title="Khóa B")
    officer = make_officer()
    assignment_create(course=first, due_date=due_in(5), assigned_by=hr, officers=[officer])
    assignment_create(course=second, due_date=due_in(5), assigned_by=hr, officers=[officer])
    html = client.get(url("index"), {"course": second.pk}).content.decode()
    assert "Khóa B" in html
    assert "Khóa A</a>" not in html


def test_changing_the_due_date_moves_open_enrolments_and_is_audited(client, hr):
    course = make_course()
    working, finished = make_officer(unit="ha-dinh"), make_officer(unit="ha-dinh")
    assignment = assignment_create(
        course=course, due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")]
    )
    Enrolment.objects.filter(user=finished.user).update(status=Enrolment.Status.COMPLETED)
    new_due = due_in(20)

    response = client.post(url("edit", assignment.pk), {"due_date": new_due.isoformat()})

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_date == new_due
    assert Enrolment.objects.get(user=working.user).due_date == new_due
    assert Enrolment.objects.get(user=finished.user).due_date == due_in(5)
    entry = ModelLogEntry.objects.get(action=DUE_DATE_CHANGED)
    assert entry.user == hr
    assert entry.object_id == str(assignment.pk)
    assert entry.data == {
        "previous_due_date": due_in(5).isoformat(),
        "due_date": new_due.isoformat(),
        "enrolments_moved": 1,
    }
    assert new_due.strftime("%d/%m/%Y") in entry.message
    history = client.get(url("history", assignment.pk)).content.decode()
    assert new_due.strftime("%d/%m/%Y") in history


def test_the_due_date_cannot_be_moved_into_the_past(client, hr):
    course = make_course()
    make_officer(unit="ha-dinh")
    assignment = assignment_create(
        course=course, due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")]
    )
    response = client.post(url("edit", assignment.pk), {"due_date": due_in(-2).isoformat()})
    assert response.status_code == 200
    assert "cannot be in the past" in response.content.decode()
    assert Enrolment.objects.get().due_date == due_in(5)
    assert not ModelLogEntry.objects.filter(action=DUE_DATE_CHANGED).exists()


def test_the_edit_form_changes_nothing_but_the_due_date(client, hr):
    course, other = make_course(), make_course()
    make_officer(unit="ha-dinh")
    assignment = assignment_create(
        course=course, due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")], note="Ghi chú"
    )
    client.post(
        url("edit", assignment.pk),
        {"due_date": due_in(6).isoformat(), "course": other.pk, "note": "Đã sửa"},
    )
    assignment.refresh_from_db()
    assert (assignment.course_id, assignment.note) == (course.pk, "Ghi chú")


def test_saving_the_same_due_date_changes_nothing_and_logs_nothing(client, hr):
    make_officer(unit="ha-dinh")
    assignment = assignment_create(
        course=make_course(), due_date=due_in(5), assigned_by=hr, units=[ward("ha-dinh")]
    )
    response = client.post(
        url("edit", assignment.pk), {"due_date": due_in(5).isoformat()}, follow=True
    )
    assert "The due date was not changed." in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=DUE_DATE_CHANGED).exists()


def test_a_refusal_from_the_service_is_shown_as_a_form_error(client, hr, monkeypatch):
    def refuse(**kwargs):
        raise EnrolmentError("Khóa học đang bảo trì.")

    monkeypatch.setattr("courses.assignment_viewsets.assignment_create", refuse)
    course = make_course()
    response = client.post(url("add"), form_data(course=course.pk, wards=[ward("txb").pk]))
    assert response.status_code == 200
    assert "Khóa học đang bảo trì." in response.content.decode()
