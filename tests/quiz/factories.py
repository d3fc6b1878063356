"""Build question banks, quizzes and attempts for tests: `make_question`, `make_quiz`..."""

import itertools
from decimal import Decimal

from courses.models import ModulePage
from courses.quiz.models import Category, Question, QuizPage, QuizQuestionRule
from courses.quiz.services import question_create
from courses.services import enrolment_self_enrol
from tests.courses.factories import make_course
from tests.people.factories import make_officer
from training.people.roles import Role

_n = itertools.count(1)
T = Question.Type

# A key for each type: (answers, extra fields). Right answers are listed first.
DEFAULT_KEYS = {
    T.SINGLE: [
        {"text": "Mẫu 02", "fraction": 100, "feedback": "Đúng: phiếu yêu cầu bổ sung."},
        {"text": "Mẫu 01", "fraction": 0, "feedback": "Mẫu 01 là giấy tiếp nhận."},
        {"text": "Mẫu 03", "fraction": 0},
        {"text": "Mẫu 04", "fraction": 0},
    ],
    T.MULTIPLE: [
        {"text": "Mẫu 01", "fraction": 50},
        {"text": "Mẫu 05", "fraction": 50},
        {"text": "Mẫu 04", "fraction": -100},
        {"text": "Mẫu 03", "fraction": 0},
    ],
    T.TRUE_FALSE: [{"text": "Đúng", "fraction": 100}, {"text": "Sai", "fraction": 0}],
    T.SHORT: [{"text": "Phiếu kiểm soát", "fraction": 100}],
    T.NUMERIC: [{"text": "42000", "fraction": 100, "tolerance": 0}],
    T.MATCHING: [
        {"text": "Mẫu 01", "match_text": "Giấy tiếp nhận"},
        {"text": "Mẫu 02", "match_text": "Yêu cầu bổ sung"},
        {"text": "Mẫu 03", "match_text": "Từ chối"},
        {"text": "", "match_text": "Xin lỗi"},
    ],
    T.ORDERING: [
        {"text": "Hướng dẫn"},
        {"text": "Tiếp nhận"},
        {"text": "Chuyển hồ sơ"},
        {"text": "Giải quyết"},
        {"text": "Trả kết quả"},
    ],
    T.ESSAY: [],
}


def make_category(name: str | None = None, parent: Category | None = None, **kwargs) -> Category:
    return Category.objects.create(name=name or f"Danh mục {next(_n)}", parent=parent, **kwargs)


def make_question(type: str = T.SINGLE, category: Category | None = None, **kwargs) -> Question:
    n = next(_n)
    kwargs.setdefault("stem", f"<p>Câu hỏi thử số {n}?</p>")
    kwargs.setdefault("answers", DEFAULT_KEYS[type])
    kwargs.setdefault("points", Decimal("1"))
    if type == T.MULTIPLE:
        kwargs.setdefault("multiple_grading", Question.MultipleGrading.PARTIAL)
    return question_create(category=category or make_category(), type=type, **kwargs)


def make_quiz(
    *,
    questions=(),
    draws=(),
    course=None,
    module: ModulePage | None = None,
    **fields,
) -> QuizPage:
    """A live quiz at the end of a module; `draws` are (category, count) pairs."""
    if module is None:
        course = course or make_course(modules=1, lessons_per_module=0)
        module = ModulePage.objects.child_of(course).first()
    n = next(_n)
    fields.setdefault("title", f"Bài kiểm tra {n}")
    fields.setdefault("slug", f"bai-kiem-tra-{n}")
    fields.setdefault("pass_mark", 50)
    rules = [QuizQuestionRule(question=q, sort_order=i) for i, q in enumerate(questions)]
    rules += [
        QuizQuestionRule(category=category, count=count, sort_order=len(rules) + i)
        for i, (category, count) in enumerate(draws)
    ]
    quiz = QuizPage(question_rules=rules, **fields)
    module.add_child(instance=quiz)
    return quiz


def enrolled_officer(quiz: QuizPage, **kwargs):
    officer = make_officer(**kwargs)
    enrolment_self_enrol(user=officer.user, course=quiz.course)
    return officer.user


def make_trainer(**kwargs):
    """A trainer with the quiz permissions the report asks the lead to grant."""
    from django.contrib.auth.models import Permission

    user = make_officer(roles=(Role.TRAINER,), **kwargs).user
    codenames = [
        "view_question",
        "add_question",
        "change_question",
        "delete_question",
        "view_category",
        "add_category",
        "change_category",
        "delete_category",
        "view_attempt",
        "mark_attempt",
        "regrade_attempt",
    ]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="quiz", codename__in=codenames),
        Permission.objects.get(codename="access_admin"),
    )
    return type(user).objects.get(pk=user.pk)
