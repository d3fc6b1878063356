"""Benchmark of the officer-facing course pages.

Seeds a 50-lesson course (5 modules × 10 lessons) on a throwaway database and measures,
for an enrolled officer: queries for the course page, a lesson page, the dashboard and a
completion event, and the median time of the course and lesson pages over 100 requests.

    .venv/bin/python bench/courses.py

Last line: course_page_queries=N lesson_page_queries=N dashboard_queries=N
completion_event_queries=N course_page_ms=X lesson_page_ms=X
"""

from _setup import count_queries, median_ms, setup_django


def main() -> None:
    setup_django()
    from django.test import Client

    from courses.models import LessonPage
    from courses.services import activity_record_result, enrolment_self_enrol
    from tests.courses.factories import make_course
    from tests.people.factories import make_officer

    course = make_course(modules=5, lessons_per_module=10, title="Khóa học 50 bài")
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    for lesson in lessons[:20]:
        activity_record_result(user=officer.user, activity=lesson, passed=True)

    client = Client()
    client.force_login(officer.user)
    lesson_url = lessons[25].url
    for url in (course.url, lesson_url, "/hoc-tap/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    course_q = count_queries(lambda: client.get(course.url))
    lesson_q = count_queries(lambda: client.get(lesson_url))
    dashboard_q = count_queries(lambda: client.get("/hoc-tap/"))
    completion_q = count_queries(
        lambda: activity_record_result(user=officer.user, activity=lessons[30], passed=True)
    )
    course_ms = median_ms(lambda: client.get(course.url))
    lesson_ms = median_ms(lambda: client.get(lesson_url))
    print(f"course: {len(lessons)} lessons; officer has passed 21")
    print(
        f"course_page_queries={course_q} lesson_page_queries={lesson_q} "
        f"dashboard_queries={dashboard_q} completion_event_queries={completion_q} "
        f"course_page_ms={course_ms:.1f} lesson_page_ms={lesson_ms:.1f}"
    )


if __name__ == "__main__":
    main()
