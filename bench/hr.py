"""Benchmark of the HR reports at district scale.

Seeds, on a throwaway database (bulk inserts, no services: a couple of minutes):
5,000 active officers across the 23 units, 40 courses (one module of four lessons and a
quiz each), 8 courses per officer (40,000 enrolments, assigned or self-enrolled, every
state, with certificates for the completed ones), 200,000 activity progress rows and
100,000 graded quiz attempts. Then measures, as HR:

- the first page of the compliance matrix through the test client (query count, median ms);
- the unit roll-ups (`training.reports.rollups.unit_rollups`, median ms);
- the full XLSX export of the matrix through the test client: wall time in seconds, and
  the peak of Python memory allocated during a second, traced run (tracemalloc, MB).

    .venv/bin/python bench/hr.py

Last line: matrix_queries=N matrix_ms=X rollup_ms=X export_xlsx_s=X export_peak_mb=X
"""

import random
import time
import tracemalloc
from datetime import timedelta

from _setup import count_queries, median_ms, setup_django

OFFICERS = 5_000
COURSES = 40
COURSES_PER_OFFICER = 8
LESSONS_PER_COURSE = 4  # + one quiz: 5 activities, so 40,000 × 5 = 200,000 progress rows
ATTEMPTS = 100_000
BATCH = 5_000

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hà", "Hường", "Khôi", "Lan", "Nam", "Phương", "Sơn"]
POSITIONS = ["Chuyên viên", "Công chức một cửa", "Phó trưởng phòng", "Trưởng phòng", "Cán sự"]


def seed(rng: random.Random) -> dict:
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from courses.certificates import Certificate
    from courses.models import ActivityProgress, Enrolment, LessonPage
    from courses.quiz.models import Attempt
    from tests.courses.factories import make_course
    from tests.people.factories import make_officer, make_position
    from tests.quiz.factories import make_quiz
    from training.people.models import Officer, Unit
    from training.people.roles import Role

    started = time.perf_counter()
    hr = make_officer(roles=(Role.HR,), unit="noi-vu", full_name="Đỗ Thu Hà")
    units = list(Unit.objects.all())
    positions = [make_position(name) for name in POSITIONS]

    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"cb{i:05d}", email=f"cb{i:05d}@thanhxuan.example", password="!")
            for i in range(OFFICERS)
        ],
        batch_size=BATCH,
    )
    Officer.objects.bulk_create(
        [
            Officer(
                user=user,
                employee_code=f"CB{i:05d}",
                full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                unit=rng.choice(units),
                position=rng.choice(positions),
            )
            for i, user in enumerate(users)
        ],
        batch_size=BATCH,
    )

    courses, activities, quizzes = [], {}, {}
    for n in range(COURSES):
        course = make_course(
            modules=1, lessons_per_module=LESSONS_PER_COURSE, title=f"Khóa học bắt buộc số {n + 1}"
        )
        quiz = make_quiz(course=course, title=f"Kiểm tra cuối khóa {n + 1}")
        courses.append(course)
        quizzes[course.pk] = quiz
        lessons = list(LessonPage.objects.descendant_of(course).values_list("pk", flat=True))
        activities[course.pk] = [*lessons, quiz.pk]
    seeded_courses = time.perf_counter()

    today = timezone.localdate()
    now = timezone.now()
    enrolments = []
    for user in users:
        for course in rng.sample(courses, COURSES_PER_OFFICER):
            roll = rng.random()
            status = (
                Enrolment.Status.COMPLETED
                if roll < 0.45
                else Enrolment.Status.IN_PROGRESS
                if roll < 0.7
                else Enrolment.Status.NOT_STARTED
            )
            assigned = rng.random() < 0.9
            completed_at = now - timedelta(days=rng.randrange(1, 180), minutes=rng.randrange(600))
            enrolments.append(
                Enrolment(
                    user=user,
                    course=course,
                    source=Enrolment.Source.ASSIGNED if assigned else Enrolment.Source.SELF,
                    assigned_by=hr.user if assigned else None,
                    due_date=today + timedelta(days=rng.randrange(-60, 90)) if assigned else None,
                    status=status,
                    required_count=LESSONS_PER_COURSE + 1,
                    completed_count=(
                        LESSONS_PER_COURSE + 1
                        if status == Enrolment.Status.COMPLETED
                        else rng.randrange(0, LESSONS_PER_COURSE)
                        if status == Enrolment.Status.IN_PROGRESS
                        else 0
                    ),
                    score=(
                        Decimal(rng.randrange(5000, 10000)) / 100
                        if status != Enrolment.Status.NOT_STARTED
                        else None
                    ),
                    started_at=completed_at - timedelta(days=3)
                    if status != Enrolment.Status.NOT_STARTED
                    else None,
                    completed_at=completed_at if status == Enrolment.Status.COMPLETED else None,
                )
            )
    enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)

    progress, attempts, certificates = [], [], []
    serials: dict[int, int] = {}
    for enrolment in enrolments:
        ids = activities[enrolment.course_id]
        done = enrolment.completed_count
        for index, activity_id in enumerate(ids):
            passed = index < done
            progress.append(
                ActivityProgress(
                    user_id=enrolment.user_id,
                    activity_id=activity_id,
                    course_id=enrolment.course_id,
                    passed=passed,
                    score=Decimal(rng.randrange(40, 101)) if passed else None,
                    completed_at=enrolment.completed_at or now if passed else None,
                )
            )
        if enrolment.status == Enrolment.Status.COMPLETED:
            year = timezone.localtime(enrolment.completed_at).year
            serials[year] = serials.get(year, 0) + 1
            certificates.append(
                Certificate(
                    enrolment=enrolment,
                    user_id=enrolment.user_id,
                    course_id=enrolment.course_id,
                    full_name="Cán bộ",
                    course_title="Khóa học",
                    score=enrolment.score,
                    issued_at=enrolment.completed_at,
                    year=year,
                    serial=serials[year],
                    number=f"DVC-{year}-{serials[year]:06d}",
                    verification_code=f"B{len(certificates):011d}",
                )
            )
    # 2.5 attempts per enrolment on average, numbered 1.. per officer and quiz.
    per_enrolment = [2, 3] * (len(enrolments) // 2)
    for enrolment, count in zip(enrolments, per_enrolment, strict=False):
        quiz = quizzes[enrolment.course_id]
        for number in range(1, count + 1):
            percent = Decimal(rng.randrange(2000, 10001)) / 100
            finished = now - timedelta(days=rng.randrange(0, 180))
            attempts.append(
                Attempt(
                    quiz=quiz,
                    user_id=enrolment.user_id,
                    course_id=enrolment.course_id,
                    number=number,
                    state=Attempt.State.FINISHED,
                    seed=number,
                    started_at=finished - timedelta(minutes=20),
                    finished_at=finished,
                    max_score=Decimal(10),
                    score=percent / 10,
                    percent=percent,
                    passed=percent >= 50,
                )
            )
    ActivityProgress.objects.bulk_create(progress, batch_size=BATCH)
    Attempt.objects.bulk_create(attempts[:ATTEMPTS], batch_size=BATCH)
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    # Fresh planner statistics, as PostgreSQL's autovacuum would keep them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "hr": hr,
        "seconds": time.perf_counter() - started,
        "course_seconds": seeded_courses - started,
        "enrolments": len(enrolments),
        "progress": len(progress),
        "attempts": min(len(attempts), ATTEMPTS),
        "certificates": len(certificates),
    }


def main() -> None:
    setup_django()
    from django.test import Client
    from django.urls import reverse

    rng = random.Random(7)
    data = seed(rng)
    print(
        f"seeded in {data['seconds']:.0f} s (courses {data['course_seconds']:.0f} s): "
        f"{OFFICERS} officers, {COURSES} courses, {data['enrolments']} enrolments, "
        f"{data['progress']} progress rows, {data['attempts']} quiz attempts, "
        f"{data['certificates']} certificates"
    )

    hr = data["hr"].user
    client = Client()
    client.force_login(hr)
    matrix_url = reverse("reports:matrix")
    response = client.get(matrix_url)
    assert response.status_code == 200, response.status_code
    assert response.content.decode().count('<th scope="row"') == 50
    matrix_queries = count_queries(lambda: client.get(matrix_url))
    matrix_ms = median_ms(lambda: client.get(matrix_url), repeat=20)
    filtered_ms = median_ms(lambda: client.get(matrix_url, {"status": "overdue"}), repeat=10)

    try:
        from training.reports.rollups import unit_rollups
    except ImportError:
        unit_rollups = None
    if unit_rollups is not None:
        rows = unit_rollups(user=hr)
        assert sum(row.assigned for row in rows) == data["enrolments"]
        rollup_ms = median_ms(lambda: unit_rollups(user=hr), repeat=10)
    else:
        rollup_url = reverse("reports:rollups")
        rollup_ms = median_ms(lambda: client.get(rollup_url), repeat=10)

    export_url = reverse("reports:matrix_xlsx")

    def export() -> int:
        response = client.get(export_url)
        assert response.status_code == 200, response.status_code
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size

    start, cpu_start = time.perf_counter(), time.process_time()
    size = export()
    export_s = time.perf_counter() - start
    export_cpu_s = time.process_time() - cpu_start
    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"matrix: first page {matrix_ms:.1f} ms, filtered to overdue {filtered_ms:.1f} ms; "
        f"XLSX of {data['enrolments']} rows: {size / 1e6:.1f} MB in {export_s:.1f} s "
        f"({export_cpu_s:.1f} s of CPU); "
        "export_peak_mb is tracemalloc's peak of Python allocations during the export"
    )
    print(
        f"matrix_queries={matrix_queries} matrix_ms={matrix_ms:.1f} rollup_ms={rollup_ms:.1f} "
        f"export_xlsx_s={export_s:.2f} export_peak_mb={peak / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
