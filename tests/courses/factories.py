"""Build course trees for tests: `make_course(lessons_per_module=..., modules=...)`."""

import itertools

from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from training.home.models import HomePage

_n = itertools.count(1)


def make_course_index() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.first()
    index = CourseIndexPage(title="Khóa học", slug="khoa-hoc")
    home.add_child(instance=index)
    return index


def make_course(*, modules: int = 2, lessons_per_module: int = 2, **kwargs) -> CoursePage:
    """A published course with `modules` modules of `lessons_per_module` lessons each."""
    n = next(_n)
    kwargs.setdefault("title", f"Khóa học thử {n}")
    kwargs.setdefault("slug", f"khoa-hoc-thu-{n}")
    kwargs.setdefault("summary", "Tóm tắt khóa học.")
    course = CoursePage(**kwargs)
    make_course_index().add_child(instance=course)
    for m in range(1, modules + 1):
        module = ModulePage(title=f"Chương {m}", slug=f"chuong-{m}")
        course.add_child(instance=module)
        for k in range(1, lessons_per_module + 1):
            make_lesson(module, title=f"Bài {m}.{k}", slug=f"bai-{m}-{k}")
    # The outline was rebuilt in the database as pages were added; reload it.
    course.refresh_from_db()
    return course


def make_lesson(module: Page, **kwargs) -> LessonPage:
    kwargs.setdefault("body", [("paragraph", "<p>Nội dung bài học.</p>")])
    lesson = LessonPage(**kwargs)
    module.add_child(instance=lesson)
    return lesson
