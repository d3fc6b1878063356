"""Benchmark of practice scenarios: workspaces from a 50-dossier scenario, and the assessor.

On a throwaway database, builds the demo scenario "incomplete household-business dossier"
(`ho-kinh-doanh-thieu-giay-to`) with its seeded dossier repeated 50 times (at the desk, each
drawing its own missing papers), in a course, and 100 officers. Measures:

* `attempt_start` for each of the 100 officers (= a new workspace seeded with 50 dossiers):
  the median time, and the queries of one start;
* the assessor, `assess(spec, load_trace(attempt))`, on a small trace (the seeded dossiers
  and a few actions, about 50 events) and a large one (every paper of every dossier checked
  and notes added through `dossier_transition`, about 500 events): the median time of each
  and the queries of each (they must be equal);
* grading the 100 attempts (`attempt_submit`: close, assess, store, record completion).

    .venv/bin/python bench/assessment.py

Last line: workspace_ms=X workspace_queries=N assess_ms=X assess_queries_small=N
assess_queries_large=N (assess_ms: the median on the large trace).
"""

import statistics
import time

from _setup import count_queries, median_ms, setup_django

OFFICERS = 100
DOSSIERS = 50


def main() -> None:
    setup_django()
    from courses.services import enrolment_self_enrol
    from sandbox.models import DossierEvent
    from sandbox.scenarios.assessor import assess
    from sandbox.scenarios.services import attempt_start, attempt_submit, load_trace
    from sandbox.services import dossier_transition
    from tests.people.factories import make_officer
    from tests.scenarios.factories import definition, make_scenario

    seed = definition("ho-kinh-doanh-thieu-giay-to")["dossiers"][0]
    scenario = make_scenario("ho-kinh-doanh-thieu-giay-to", dossiers=[dict(seed, count=DOSSIERS)])
    course = scenario.course
    users = []
    for n in range(OFFICERS):
        user = make_officer(unit="ha-dinh" if n % 2 else "tu-phap").user
        enrolment_self_enrol(user=user, course=course)
        users.append(user)

    # -- workspaces ----------------------------------------------------------------------
    attempts, samples = [], []
    for n, user in enumerate(users):
        start = time.perf_counter()
        if n == OFFICERS - 1:
            workspace_queries = count_queries(
                lambda user=user: attempts.append(
                    attempt_start(scenario=scenario, user=user, course=course, mode="assessed")
                )
            )
        else:
            attempts.append(
                attempt_start(scenario=scenario, user=user, course=course, mode="assessed")
            )
        samples.append((time.perf_counter() - start) * 1000)
    workspace_ms = statistics.median(samples[:-1])
    assert all(len(a.dossier_map["A"]) == DOSSIERS for a in attempts)

    # -- traces --------------------------------------------------------------------------
    def act(attempt, dossier, action, payload):
        return dossier_transition(
            dossier=dossier,
            action=action,
            actor=attempt.user,
            role="TN",
            payload=payload,
            expected_version=None,
        )

    def events(attempt) -> int:
        return DossierEvent.objects.filter(workspace=attempt.workspace).count()

    from sandbox.models import Dossier

    small, large = attempts[0], attempts[1]
    first = Dossier.objects.get(pk=small.dossier_map["A"][0])
    for c in first.components.order_by("position"):
        act(small, first, "check_component", {"component": c.pk, "state": "present"})
    large_dossiers = list(
        Dossier.objects.filter(pk__in=large.dossier_map["A"]).prefetch_related("components")
    )
    for dossier in large_dossiers:
        truth = large.truth[str(dossier.pk)]
        bad = set(truth["missing"]) | set(truth["defective"])
        for c in sorted(dossier.components.all(), key=lambda c: c.position):
            state = "missing" if c.position + 1 in bad else "present"
            act(large, dossier, "check_component", {"component": c.pk, "state": state})
    n = 0
    while events(large) < 500:
        dossier = large_dossiers[n % len(large_dossiers)]
        act(large, dossier, "add_note", {"text": f"Ghi chú kiểm tra số {n}."})
        n += 1
    small_events, large_events = events(small), events(large)

    def grade(attempt):
        attempt.refresh_from_db()
        return assess(attempt.version.spec, load_trace(attempt))

    for attempt in (small, large):
        attempt.refresh_from_db()
        attempt.version  # noqa: B018 - loaded once, as attempt_submit does with select_related
    assess_queries_small = count_queries(lambda: assess(small.version.spec, load_trace(small)))
    assess_queries_large = count_queries(lambda: assess(large.version.spec, load_trace(large)))
    assess_ms_small = median_ms(lambda: assess(small.version.spec, load_trace(small)), repeat=30)
    assess_ms = median_ms(lambda: assess(large.version.spec, load_trace(large)), repeat=30)
    result = grade(large)
    print(
        f"traces: small {small_events} events, large {large_events} events; "
        f"large scored {result.score}% ({len(result.criteria)} criteria)"
    )

    # -- grading the 100 attempts ------------------------------------------------------------
    samples = []
    for attempt in attempts:
        start = time.perf_counter()
        attempt_submit(attempt=attempt, user=attempt.user)
        samples.append((time.perf_counter() - start) * 1000)
    grade_ms = statistics.median(samples)

    print(
        f"{OFFICERS} workspaces of {DOSSIERS} dossiers: median {workspace_ms:.1f} ms, "
        f"{workspace_queries} queries each"
    )
    print(
        f"assess: small trace median {assess_ms_small:.1f} ms, large trace median "
        f"{assess_ms:.1f} ms; grading {OFFICERS} attempts (attempt_submit): median "
        f"{grade_ms:.1f} ms"
    )
    print(
        f"workspace_ms={workspace_ms:.1f} workspace_queries={workspace_queries} "
        f"assess_ms={assess_ms:.1f} assess_queries_small={assess_queries_small} "
        f"assess_queries_large={assess_queries_large}"
    )


if __name__ == "__main__":
    main()
