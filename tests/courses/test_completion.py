"""Enrolment, progress and completion: the rules officers and HR rely on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import ActivityProgress, Enrolment, LessonPage
from courses.services import (
    EnrolmentError,
    activity_record_result,
    assignment_create,
    enrolment_self_enrol,
    next_activity,
)
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.models import Unit
from training.people.roles import Role

pytestmark = pytest.mark.django_db


def lessons(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_course_completes_when_every_required_lesson_is_done():
    course = make_course(modules=2, lessons_per_module=2)
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    all_lessons = lessons(course)
    for lesson in all_lessons[:-1]:
        enrolment = activity_record_result(user=officer.user, activity=lesson, passed=True)
        assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert enrolment.completed_count == 3 and enrolment.percent == 75
    enrolment = activity_record_result(user=officer.user, activity=all_lessons[-1], passed=True)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_at is not None


def test_optional_lessons_do_not_block_completion_unless_the_rule_says_all():
    course = make_course(modules=1, lessons_per_module=2)
    required, optional = lessons(course)
    optional.is_required = False
    optional.save_revision().publish()
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    enrolment = activity_record_result(user=officer.user, activity=required, passed=True)
    assert enrolment.status == Enrolment.Status.COMPLETED

    strict = make_course(modules=1, lessons_per_module=2, completion_rule="all")
    first, second = lessons(strict)
    second.is_required = False
    second.save_revision().publish()
    enrolment_self_enrol(user=officer.user, course=strict)
    enrolment = activity_record_result(user=officer.user, activity=first, passed=True)
    assert enrolment.status == Enrolment.Status.IN_PROGRESS


def test_a_failed_result_does_not_count_and_never_undoes_a_pass():
    course = make_course(modules=1, lessons_per_module=1)
    (lesson,) = lessons(course)
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    enrolment = activity_record_result(user=officer.user, activity=lesson, passed=False)
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    activity_record_result(user=officer.user, activity=lesson, passed=True)
    activity_record_result(user=officer.user, activity=lesson, passed=False)
    assert ActivityProgress.objects.get(user=officer.user, activity_id=lesson.pk).passed


def test_prerequisites_block_enrolment_and_name_what_is_missing():
    basics = make_course(modules=1, lessons_per_module=1, title="Cơ bản")
    advanced = make_course(modules=1, lessons_per_module=1, title="Nâng cao")
    advanced.prerequisites.add(basics)
    advanced.save_revision().publish()
    officer = make_officer()
    with pytest.raises(EnrolmentError) as error:
        enrolment_self_enrol(user=officer.user, course=advanced)
    assert [c.pk for c in error.value.missing] == [basics.pk]
    enrolment_self_enrol(user=officer.user, course=basics)
    activity_record_result(user=officer.user, activity=lessons(basics)[0], passed=True)
    assert enrolment_self_enrol(user=officer.user, course=advanced).pk


def test_closed_course_refuses_self_enrolment():
    course = make_course(open_enrolment=False)
    with pytest.raises(EnrolmentError):
        enrolment_self_enrol(user=make_officer().user, course=course)


def test_enrolling_twice_keeps_one_record():
    course = make_course()
    officer = make_officer()
    first = enrolment_self_enrol(user=officer.user, course=course)
    second = enrolment_self_enrol(user=officer.user, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=officer.user).count() == 1


def test_continue_points_at_the_first_unfinished_activity():
    course = make_course(modules=2, lessons_per_module=2)
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    all_lessons = lessons(course)
    assert next_activity(user=officer.user, course=course).pk == all_lessons[0].pk
    activity_record_result(user=officer.user, activity=all_lessons[0], passed=True)
    activity_record_result(user=officer.user, activity=all_lessons[2], passed=True)
    assert next_activity(user=officer.user, course=course).pk == all_lessons[1].pk


def test_assignment_to_a_unit_reaches_current_and_later_members_only():
    course = make_course()
    hr = make_officer(roles=(Role.HR,), unit="noi-vu")
    member = make_officer(unit="tu-phap")
    outsider = make_officer(unit="qldt")
    due = timezone.localdate() + timedelta(days=30)
    assignment_create(
        course=course,
        due_date=due,
        assigned_by=hr.user,
        units=[Unit.objects.get(code="tu-phap")],
    )
    enrolment = Enrolment.objects.get(user=member.user, course=course)
    assert enrolment.source == Enrolment.Source.ASSIGNED
    assert enrolment.due_date == due and enrolment.assigned_by == hr.user
    assert not Enrolment.objects.filter(user=outsider.user).exists()

    newcomer = make_officer(unit="tu-phap")
    assert Enrolment.objects.get(user=newcomer.user, course=course).due_date == due

    outsider.unit = Unit.objects.get(code="tu-phap")
    outsider.save()
    assert Enrolment.objects.filter(user=outsider.user, course=course).exists()


def test_assignment_by_unit_and_position_needs_both():
    from tests.people.factories import make_position

    course = make_course()
    clerk = make_position("Văn thư")
    specialist = make_position("Chuyên viên")
    target = make_officer(unit="tu-phap", position=clerk)
    other = make_officer(unit="tu-phap", position=specialist)
    assignment_create(
        course=course,
        due_date=timezone.localdate(),
        assigned_by=None,
        units=[Unit.objects.get(code="tu-phap")],
        positions=[clerk],
    )
    assert Enrolment.objects.filter(user=target.user).exists()
    assert not Enrolment.objects.filter(user=other.user).exists()


def test_overdue_is_derived_from_the_due_date_in_vietnam_time():
    course = make_course()
    officer = make_officer()
    today = timezone.localdate()
    assignment_create(
        course=course,
        due_date=today - timedelta(days=1),
        assigned_by=None,
        officers=[officer],
    )
    state = Enrolment.objects.with_state().get(user=officer.user).state
    assert state == "overdue"
    assert Enrolment.objects.with_state(today=today - timedelta(days=1)).get().state == (
        "not_started"
    )


def test_links_follow_a_renamed_module_and_a_renamed_catalogue():
    course = make_course(modules=1, lessons_per_module=2)
    module = course.get_children().get().specific
    module.slug = "chuong-doi-ten"
    module.save_revision().publish()
    index = course.get_parent().specific
    index.slug = "danh-muc-moi"
    index.save_revision().publish()
    course = type(course).objects.get(pk=course.pk)
    urls = [activity.url for activity in course.activities()]
    assert urls == [lesson.url for lesson in lessons(course)]
    assert all("/danh-muc-moi/" in url and "/chuong-doi-ten/" in url for url in urls)


def test_a_course_with_only_optional_activities_is_never_completed_by_one_of_them():
    course = make_course(modules=1, lessons_per_module=1)
    (lesson,) = lessons(course)
    lesson.is_required = False
    lesson.save_revision().publish()
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    enrolment = activity_record_result(user=officer.user, activity=lesson, passed=True)
    assert enrolment.status != Enrolment.Status.COMPLETED


def test_a_new_assignment_leaves_a_completed_course_alone():
    course = make_course(modules=1, lessons_per_module=1)
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    activity_record_result(user=officer.user, activity=lessons(course)[0], passed=True)
    assignment_create(
        course=course, due_date=timezone.localdate(), assigned_by=None, officers=[officer]
    )
    enrolment = Enrolment.objects.get(user=officer.user, course=course)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.source == Enrolment.Source.SELF and enrolment.due_date is None


def test_an_activity_added_later_counts_in_everyones_progress():
    from courses.models import Enrolment, ModulePage
    from courses.services import enrolment_self_enrol
    from tests.courses.factories import make_course, make_lesson
    from tests.people.factories import make_officer

    course = make_course(modules=1, lessons_per_module=2)
    user = make_officer().user
    enrolment = enrolment_self_enrol(user=user, course=course)
    assert enrolment.required_count == 2
    make_lesson(ModulePage.objects.child_of(course).get(), title="Bài mới", slug="bai-moi")
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert enrolment.required_count == 3
    assert enrolment.percent == 0
