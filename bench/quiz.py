"""Benchmark of quiz attempts and statistics.

Seeds, on a throwaway database, a course with a lesson and a 50-question quiz (every
auto-graded type, one question per page) and measures for an enrolled officer: queries
for a question page, an autosave and a submission (grading, recording the attempt and the
course progress event), the median submission time over 20 attempts, and the median time
of the statistics over 1,000 graded attempts.

    .venv/bin/python bench/quiz.py

Last line: question_page_queries=N autosave_queries=N submit_queries=N submit_ms=X
stats_1000_ms=X
"""

import random
import statistics
import time

from _setup import count_queries, median_ms, setup_django

QUESTIONS = 50
ATTEMPTS = 1000


def main() -> None:
    setup_django()
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from courses.quiz.demo import right_answers
    from courses.quiz.grading import answers_from_key, grade, points
    from courses.quiz.models import Attempt, AttemptQuestion
    from courses.quiz.services import attempt_start, attempt_submit
    from courses.quiz.statistics import quiz_statistics
    from courses.services import enrolment_self_enrol
    from tests.courses.factories import make_course
    from tests.people.factories import make_officer
    from tests.quiz.factories import T, make_category, make_question, make_quiz

    kinds = [T.SINGLE, T.MULTIPLE, T.TRUE_FALSE, T.SHORT, T.NUMERIC, T.MATCHING, T.ORDERING]
    category = make_category("Ngân hàng benchmark")
    bank = [make_question(kinds[i % len(kinds)], category=category) for i in range(QUESTIONS)]
    course = make_course(modules=1, lessons_per_module=1, title="Khóa học benchmark")
    quiz = make_quiz(questions=bank, course=course, layout="one", time_limit_minutes=60)
    officer = make_officer()
    user = officer.user
    enrolment_self_enrol(user=user, course=course)

    client = Client()
    client.force_login(user)
    attempt = attempt_start(quiz=quiz, user=user)
    page_url = attempt.get_absolute_url() + "?page=7"
    autosave_url = reverse("quiz:autosave", args=[attempt.pk])
    answers = right_answers(attempt)
    assert client.get(page_url).status_code == 200
    assert client.post(autosave_url, {"page": "7", "q7": answers["q7"]}).status_code == 200

    page_q = count_queries(lambda: client.get(page_url))
    autosave_q = count_queries(
        lambda: client.post(autosave_url, {"page": "7", "q7": answers["q7"]})
    )
    submit_q = count_queries(lambda: attempt_submit(attempt_id=attempt.pk, user=user, data=answers))
    page_ms = median_ms(lambda: client.get(page_url), repeat=30)

    samples = []
    for _ in range(20):
        fresh = attempt_start(quiz=quiz, user=user)
        data = right_answers(fresh)
        start = time.perf_counter()
        attempt_submit(attempt_id=fresh.pk, user=user, data=data)
        samples.append((time.perf_counter() - start) * 1000)
    submit_ms = statistics.median(samples)

    # 1,000 graded attempts by 100 officers, answers drawn at random and graded as usual.
    template = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("question"))
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench{i:04d}") for i in range(ATTEMPTS // 10)]
    )
    rng = random.Random(1)
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                quiz=quiz,
                user=users[i // 10],
                course=course,
                number=i % 10 + 1,
                state=Attempt.State.FINISHED,
                seed=i,
                started_at=now,
                finished_at=now,
                max_score=attempt.max_score,
            )
            for i in range(ATTEMPTS)
        ]
    )
    slots = []
    for seeded in attempts:
        total = Decimal("0")
        for slot in template:
            response = _random_response(slot, answers, rng)
            score = points(
                grade(slot.question, answers_from_key(slot.key), slot.layout, response),
                slot.max_points,
            )
            total += score
            slots.append(
                AttemptQuestion(
                    attempt=seeded,
                    position=slot.position,
                    page=slot.page,
                    question=slot.question,
                    max_points=slot.max_points,
                    layout=slot.layout,
                    key=slot.key,
                    response=response,
                    score=score,
                )
            )
        seeded.score = total
        seeded.percent = (total * 100 / seeded.max_score).quantize(Decimal("0.01"))
        seeded.passed = seeded.percent >= quiz.pass_mark
    AttemptQuestion.objects.bulk_create(slots, batch_size=2000)
    Attempt.objects.bulk_update(attempts, ["score", "percent", "passed"], batch_size=500)
    stats = quiz_statistics(quiz)
    assert stats.attempts >= ATTEMPTS, stats.attempts
    stats_ms = median_ms(lambda: quiz_statistics(quiz), repeat=5)

    print(
        f"quiz: {QUESTIONS} questions, one per page; {stats.attempts} graded attempts; "
        f"question page {page_ms:.1f} ms; mean grade {stats.mean}%"
    )
    print(
        f"question_page_queries={page_q} autosave_queries={autosave_q} submit_queries={submit_q} "
        f"submit_ms={submit_ms:.1f} stats_1000_ms={stats_ms:.1f}"
    )


def _random_response(slot, right: dict, rng: random.Random):
    """Right about two times in three, otherwise a plausible wrong or blank answer."""
    from django.http import QueryDict

    from courses.quiz.grading import parse_response

    name = f"q{slot.position}"
    roll = rng.random()
    if roll < 0.1:
        return None
    data = QueryDict(mutable=True)
    if roll < 0.7:
        for key, value in right.items():
            if key == name or key.startswith(name + "-"):
                data.setlist(key, value if isinstance(value, list) else [value])
    else:
        choices = slot.layout.get("choices") or slot.layout.get("rows") or []
        if slot.question.type in ("short", "numeric"):
            data[name] = rng.choice(["Mẫu 01", "41000", "không biết"])
        elif slot.question.type == "matching":
            for row in range(len(slot.layout["rows"])):
                data[f"{name}-{row}"] = str(rng.randrange(len(slot.layout["targets"])))
        elif slot.question.type == "ordering":
            for item in range(len(choices)):
                data[f"{name}-{item}"] = str(rng.randrange(len(choices)))
        else:
            data[name] = str(rng.randrange(len(choices)))
    return parse_response(slot.question.type, slot.layout, slot.position, data) or None


if __name__ == "__main__":
    main()
