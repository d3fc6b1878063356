"""The officer's "My courses" dashboard and the home page summary."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment, LessonPage, local_today
from courses.services import activity_record_result, assignment_create, enrolment_self_enrol
from tests.courses.factories import make_course
from tests.courses.test_blocks import make_image
from tests.people.factories import make_officer, make_position
from tests.utils import choose_english
from training.people.models import Unit

pytestmark = pytest.mark.django_db

DASHBOARD = "/hoc-tap/"
# Measured: 6 queries every page pays (session, user, officer, roles, two permission
# queries), then enrolments with their courses (and certificates), the next activity of
# every open course, the catalogue, and its audience units and positions (one UNION).
# The count does not depend on how many courses or lessons there are.
DASHBOARD_MAX_QUERIES = 6


def lessons_of(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def assign(course, officer, *, due_in_days):
    assignment_create(
        course=course,
        due_date=local_today() + timedelta(days=due_in_days),
        assigned_by=None,
        officers=[officer],
    )


def complete(officer, course):
    for lesson in lessons_of(course):
        activity_record_result(user=officer.user, activity=lesson, passed=True)


@pytest.fixture
def officer():
    return make_officer(unit="tu-phap", position=make_position("Chuyên viên"))


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def section(html: str, anchor: str) -> str:
    match = re.search(rf'<section class="dashboard-section" id="{anchor}".*?</section>', html, re.S)
    assert match, anchor
    return match.group(0)


def test_dashboard_url_and_login(client):
    assert reverse("courses:dashboard") == DASHBOARD
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dashboard_sections(signed_in, officer):
    choose_english(signed_in)
    later = make_course(title="Giao hạn xa", modules=1, lessons_per_module=2)
    soon = make_course(title="Giao hạn gần", modules=1, lessons_per_module=2)
    late = make_course(title="Giao quá hạn", modules=1, lessons_per_module=2)
    mine = make_course(title="Tự học", modules=1, lessons_per_module=2)
    done = make_course(title="Đã xong", modules=1, lessons_per_module=1)
    open_course = make_course(title="Khóa mở cho tư pháp", modules=1, lessons_per_module=1)
    open_course.audience_units.add(Unit.objects.get(code="tu-phap"))
    open_course.save_revision().publish()
    make_course(title="Khóa đóng", open_enrolment=False)
    advanced = make_course(title="Nâng cao", modules=1, lessons_per_module=1)
    advanced.prerequisites.add(late, done)
    advanced.save_revision().publish()

    assign(later, officer, due_in_days=30)
    assign(soon, officer, due_in_days=3)
    assign(late, officer, due_in_days=-2)
    enrolment_self_enrol(user=officer.user, course=mine)
    activity_record_result(user=officer.user, activity=lessons_of(mine)[0], passed=True)
    enrolment_self_enrol(user=officer.user, course=done)
    complete(officer, done)

    html = signed_in.get(DASHBOARD).content.decode()

    assigned = section(html, "assigned")
    positions = [assigned.index(t) for t in ("Giao quá hạn", "Giao hạn gần", "Giao hạn xa")]
    assert positions == sorted(positions), "overdue first, then by due date"
    assert assigned.count("enrolment-card--overdue") == 1
    assert "badge--overdue" in assigned
    due = (local_today() + timedelta(days=3)).strftime("%d/%m/%Y")
    assert due in assigned
    assert f'href="{lessons_of(late)[0].url}"' in assigned  # "Start" goes to lesson 1

    in_progress = section(html, "in-progress")
    assert "Tự học" in in_progress and "Giao" not in in_progress
    assert 'aria-valuenow="50"' in in_progress and "1/2" in in_progress
    assert f'href="{lessons_of(mine)[1].url}"' in in_progress  # "Continue" resumes

    completed = section(html, "completed")
    enrolment = Enrolment.objects.get(user=officer.user, course=done)
    assert "Đã xong" in completed
    assert enrolment.completed_at.astimezone().strftime("%d/%m/%Y") in completed
    certificate = getattr(enrolment, "certificate", None)  # issued by the certificates app
    if certificate is not None:
        assert certificate.get_absolute_url() in completed

    catalogue = section(html, "catalogue")
    assert "Khóa mở cho tư pháp" in catalogue
    assert "Phòng Tư pháp" in catalogue or "tư pháp" in catalogue.lower()
    assert "tag--recommended" in catalogue
    for enrolled_or_closed in ("Tự học", "Đã xong", "Giao hạn xa", "Khóa đóng"):
        assert enrolled_or_closed not in catalogue
    # Only the prerequisite still to do is named; the completed one is not.
    assert re.search(r"Complete first:\s*Giao quá hạn<", catalogue)


def test_dashboard_for_a_newcomer_shows_the_catalogue(signed_in):
    make_course(title="Nhập môn một cửa")
    html = signed_in.get(DASHBOARD).content.decode()
    assert "Nhập môn một cửa" in section(html, "catalogue")
    assert "enrolment-card" not in html


def test_dashboard_queries_stay_flat(signed_in, officer, django_assert_max_num_queries):
    def measure():
        signed_in.get(DASHBOARD)
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(DASHBOARD).status_code == 200
        return len(queries)

    def add_courses(n, lessons):
        for i in range(n):
            assigned = make_course(modules=2, lessons_per_module=lessons)
            assign(assigned, officer, due_in_days=i - 1)
            own = make_course(modules=2, lessons_per_module=lessons)
            enrolment_self_enrol(user=officer.user, course=own)
            activity_record_result(user=officer.user, activity=lessons_of(own)[0], passed=True)
            finished = make_course(modules=1, lessons_per_module=1)
            enrolment_self_enrol(user=officer.user, course=finished)
            complete(officer, finished)
            catalogue = make_course(modules=1, lessons_per_module=1, cover_image=cover)
            catalogue.audience_units.add(Unit.objects.get(code="tu-phap"))
            catalogue.save_revision().publish()

    cover = make_image()
    add_courses(1, lessons=1)
    small = measure()
    add_courses(6, lessons=5)
    large = measure()
    assert small == large
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        signed_in.get(DASHBOARD)


def render_summary(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load courses_tags %}{% my_training_summary %}")
    return template.render(Context({"request": request}))


def test_home_page_summary_counts_and_next_three(officer):
    for days, title in ((10, "Bốn"), (-1, "Một"), (2, "Hai"), (5, "Ba")):
        assign(
            make_course(title=f"Khóa {title}", modules=1, lessons_per_module=1),
            officer,
            due_in_days=days,
        )
    finished = make_course(modules=1, lessons_per_module=1)
    enrolment_self_enrol(user=officer.user, course=finished)
    complete(officer, finished)

    render_summary(officer.user)  # warms the cached site root paths used by page URLs
    with CaptureQueriesContext(connection) as queries:
        html = render_summary(officer.user)
    assert len(queries) == 1  # the enrolments with their courses

    numbers = re.findall(r'training-summary__number">(\d+)<', html)
    assert numbers == ["4", "1", "4", "1"]  # assigned, overdue, to finish, completed
    next_up = re.search(r'<ul class="training-summary__next">(.*?)</ul>', html, re.S).group(1)
    assert [t for t in re.findall(r"Khóa (\w+)</a>", next_up)] == ["Một", "Hai", "Ba"]
    assert f'href="{DASHBOARD}"' in html


def test_home_page_summary_for_an_officer_without_courses():
    html = render_summary(make_officer().user)
    assert "training-summary__counts" not in html
    assert f'href="{DASHBOARD}"' in html
