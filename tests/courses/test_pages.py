"""Course pages as officers meet them: the tree rules, enrolment, lessons, progress, bounds."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from courses.models import (
    ActivityProgress,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    activity_page_models,
)
from courses.services import activity_record_result, enrolment_self_enrol
from tests.courses.factories import make_course, make_course_index
from tests.people.factories import make_officer
from tests.utils import choose_english
from training.home.models import HomePage

# The bound for an enrolled officer: see test_*_queries_stay_flat below.
COURSE_PAGE_MAX_QUERIES = 10
LESSON_PAGE_MAX_QUERIES = 10


class TestPageTree(WagtailPageTestCase):
    def test_catalogue_course_module_activity(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        # The activity slot: lessons, and quizzes or scenarios from the apps that add them.
        self.assertAllowedSubpageTypes(ModulePage, set(activity_page_models()))
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_pages_cannot_skip_a_level(self):
        cases = [
            (HomePage, LessonPage),
            (HomePage, CoursePage),
            (HomePage, ModulePage),
            (CourseIndexPage, LessonPage),
            (CourseIndexPage, ModulePage),
            (CoursePage, LessonPage),
            (CoursePage, CoursePage),
            (ModulePage, ModulePage),
        ]
        for parent, child in cases:
            with self.subTest(parent=parent.__name__, child=child.__name__):
                self.assertCanNotCreateAt(parent, child)


pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    course = make_course(modules=1, lessons_per_module=1)
    for url in (course.url, lessons_of(course)[0].url, "/hoc-tap/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_catalogue_lists_courses_with_their_enrolment_state(signed_in, officer):
    choose_english(signed_in)
    joined = make_course(title="Khóa đã đăng ký", estimated_minutes=90)
    make_course(title="Khóa mở")
    make_course(title="Khóa chỉ giao", open_enrolment=False)
    advanced = make_course(title="Khóa nâng cao")
    advanced.prerequisites.add(joined)
    advanced.save_revision().publish()
    enrolment_self_enrol(user=officer.user, course=joined)

    html = signed_in.get(make_course_index().url).content.decode()

    assert "Khóa đã đăng ký" in html and "Khóa mở" in html and "Khóa chỉ giao" in html
    assert "1 h 30 min" in html or "1 giờ 30 phút" in html
    assert "badge--not-started" in html  # the joined course shows the officer's state
    assert "Open for enrolment" in html or "Mở đăng ký" in html
    assert re.search(r"Complete first:\s*Khóa đã đăng ký<", html)


def test_course_page_offers_enrolment_and_a_double_post_enrols_once(signed_in, officer):
    course = make_course(modules=2, lessons_per_module=2)

    html = signed_in.get(course.url).content.decode()
    assert re.search(rf'<form method="post" action="{re.escape(course.url)}"', html)
    assert "csrfmiddlewaretoken" in html
    assert "Bài 1.1" in html and "Chương 2" in html  # the outline, before enrolling

    first = signed_in.post(course.url)
    second = signed_in.post(course.url)

    assert first.status_code == second.status_code == 302
    assert Enrolment.objects.filter(user=officer.user, course=course).count() == 1
    html = signed_in.get(course.url).content.decode()
    assert f'href="{lessons_of(course)[0].url}"' in html  # "Start" points at lesson 1
    assert 'aria-valuenow="0"' in html and "0/4" in html


def test_lesson_is_closed_to_officers_who_are_not_enrolled(signed_in):
    course = make_course(modules=1, lessons_per_module=1, title="Một cửa cơ bản")
    response = signed_in.get(lessons_of(course)[0].url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Một cửa cơ bản" in html
    assert "not enrolled" in html or "chưa đăng ký" in html
    assert f'action="{course.url}"' in html  # and may enrol from there


def test_enrolled_officer_reads_a_lesson_and_finishing_it_moves_on(signed_in, officer):
    course = make_course(modules=2, lessons_per_module=2)
    enrolment_self_enrol(user=officer.user, course=course)
    first, second, third, fourth = lessons_of(course)

    response = signed_in.get(first.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung bài học." in html
    assert re.search(rf'<a href="{re.escape(first.url)}"[^>]*aria-current="page"', html)
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert "I have finished this lesson" in html or "Tôi đã học xong bài này" in html

    response = signed_in.post(first.url)
    assert response.status_code == 302 and response["Location"] == second.url
    enrolment = Enrolment.objects.get(user=officer.user, course=course)
    assert (enrolment.completed_count, enrolment.percent) == (1, 25)

    html = signed_in.get(first.url).content.decode()
    assert "I have finished this lesson" not in html and "Tôi đã học xong bài này" not in html
    assert "lesson-complete" in html  # "Completed ✓"
    html = signed_in.get(course.url).content.decode()
    assert 'aria-valuenow="25"' in html and "1/4" in html
    assert f'href="{second.url}"' in html  # "Continue"

    # Finishing lesson 3 before lesson 2 sends the officer back to lesson 2, then 4.
    assert signed_in.post(third.url)["Location"] == fourth.url
    assert signed_in.post(second.url)["Location"] == fourth.url

    response = signed_in.post(fourth.url, follow=True)
    assert response.redirect_chain[-1][0] == course.url
    html = response.content.decode()
    assert "Congratulations" in html or "Chúc mừng" in html
    assert "badge--completed" in html and 'aria-valuenow="100"' in html


def test_double_posting_done_records_one_result(signed_in, officer):
    course = make_course(modules=1, lessons_per_module=2)
    enrolment_self_enrol(user=officer.user, course=course)
    lesson = lessons_of(course)[0]
    signed_in.post(lesson.url)
    signed_in.post(lesson.url)
    assert ActivityProgress.objects.filter(user=officer.user, activity_id=lesson.pk).count() == 1
    assert Enrolment.objects.get(user=officer.user, course=course).completed_count == 1


def test_missing_prerequisites_are_named_with_links(signed_in, officer):
    basics = make_course(modules=1, lessons_per_module=1, title="Kiến thức nền")
    advanced = make_course(modules=1, lessons_per_module=1, title="Nâng cao")
    advanced.prerequisites.add(basics)
    advanced.save_revision().publish()

    html = signed_in.get(advanced.url).content.decode()
    assert f'href="{basics.url}">Kiến thức nền</a>' in html
    assert f'action="{advanced.url}"' not in html  # no enrol button yet

    response = signed_in.post(advanced.url, follow=True)
    assert not Enrolment.objects.filter(user=officer.user, course=advanced).exists()
    assert "prerequisite" in response.content.decode() or "tiên quyết" in (
        response.content.decode()
    )

    response = signed_in.get(lessons_of(advanced)[0].url)
    assert response.status_code == 403
    assert f'href="{basics.url}">Kiến thức nền</a>' in response.content.decode()


def test_a_course_closed_to_self_enrolment_says_so(signed_in):
    course = make_course(modules=1, lessons_per_module=1, open_enrolment=False)
    html = signed_in.get(course.url).content.decode()
    assert "assigned by HR" in html or "được giao" in html
    assert f'action="{course.url}"' not in html
    response = signed_in.get(lessons_of(course)[0].url)
    assert response.status_code == 403
    assert f'action="{course.url}"' not in response.content.decode()


def test_unknown_and_unpublished_course_urls_are_not_found(signed_in):
    course = make_course(modules=1, lessons_per_module=1)
    url = course.url
    course.unpublish()
    assert signed_in.get(url).status_code == 404
    assert signed_in.get(make_course_index().url + "khong-co-khoa-nay/").status_code == 404


def test_module_page_lists_its_activities_with_ticks(signed_in, officer):
    course = make_course(modules=1, lessons_per_module=2)
    enrolment_self_enrol(user=officer.user, course=course)
    first, _second = lessons_of(course)
    activity_record_result(user=officer.user, activity=first, passed=True)
    module = ModulePage.objects.child_of(course).get()
    html = signed_in.get(module.url).content.decode()
    assert html.count("outline__activity is-done") == 1
    assert "Bài 1.2" in html


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_course_page_queries_stay_flat(signed_in, officer, django_assert_max_num_queries):
    """Same count for a 4-lesson and a 60-lesson course.

    Of the 10: the user with officer and roles (1; the session comes from the cache),
    Wagtail serving (site, home page, the page and its specific row, view restrictions:
    5), the enrolment and passed activities (2; the outline is stored on the course), and
    the page's audience and prerequisites (2).
    """
    counts = []
    for modules, lessons in ((2, 2), (6, 10)):
        course = make_course(modules=modules, lessons_per_module=lessons)
        enrolment_self_enrol(user=officer.user, course=course)
        activity_record_result(user=officer.user, activity=lessons_of(course)[0], passed=True)
        counts.append(count_queries(signed_in, course.url))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(COURSE_PAGE_MAX_QUERIES):
        signed_in.get(course.url)


def test_lesson_page_queries_stay_flat(signed_in, officer, django_assert_max_num_queries):
    """Same count for a lesson in a 4-lesson and in a 60-lesson course.

    Of the 8: the 6 every page pays here (see above), then the enrolment (with the course
    and its outline) and the officer's passed activities.
    """
    counts = []
    for modules, lessons in ((2, 2), (6, 10)):
        course = make_course(modules=modules, lessons_per_module=lessons)
        enrolment_self_enrol(user=officer.user, course=course)
        course_lessons = lessons_of(course)
        activity_record_result(user=officer.user, activity=course_lessons[0], passed=True)
        counts.append(count_queries(signed_in, course_lessons[1].url))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(LESSON_PAGE_MAX_QUERIES):
        signed_in.get(course_lessons[1].url)
