"""Figures of practice scenarios for trainers and HR (`sandbox.scenarios.analytics`), on
attempts built by hand with a known stored assessment."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sandbox.calendar import VN_TZ
from sandbox.scenarios import analytics
from sandbox.scenarios.models import Mode, ScenarioAttempt
from tests.people.factories import make_officer
from tests.scenarios.factories import make_scenario
from training.people.models import Unit

pytestmark = pytest.mark.django_db

_seed = itertools.count(1)


def crit(key, rule, passed, *, title=None, critical=False, warning=False):
    """One criterion of a stored assessment, as the assessor writes it."""
    return {
        "key": key,
        "title": title or f"Tiêu chí {key}",
        "rule": rule,
        "kind": "process",
        "passed": passed,
        "critical": critical,
        "warning": warning,
    }


def make_attempt(
    scenario, user, *, mode=Mode.ASSESSED, score=None, criteria=None, passed=None, started=None
) -> ScenarioAttempt:
    """An attempt of `user` with a hand-made result; graded unless `score` is None."""
    graded = score is not None
    number = ScenarioAttempt.objects.filter(scenario=scenario, user=user).count() + 1
    attempt = ScenarioAttempt.objects.create(
        scenario=scenario,
        version=scenario.current_version(),
        user=user,
        course=scenario.course,
        number=number,
        mode=mode,
        seed=next(_seed),
        state=ScenarioAttempt.State.ASSESSED if graded else ScenarioAttempt.State.IN_PROGRESS,
        submitted_at=timezone.now() if graded else None,
        score=Decimal(score) if graded else None,
        passed=(passed if passed is not None else Decimal(score) >= 80) if graded else None,
        result={"score": str(score), "criteria": criteria or []} if graded else None,
    )
    if started is not None:
        ScenarioAttempt.objects.filter(pk=attempt.pk).update(started_at=started)
    return attempt


@pytest.fixture
def scenario():
    return make_scenario("hen-tra-qua-tet")


@pytest.fixture
def hr():
    return make_officer(roles=("Nhân sự",), full_name="Trần Thị Nhân Sự").user


def test_scenario_figures_count_attempts_officers_passes_and_mean(scenario, hr):
    other = make_scenario("ho-kinh-doanh-thieu-giay-to")
    a, b, c = (make_officer().user for _ in range(3))
    make_attempt(scenario, a, mode=Mode.PRACTICE, score=60)
    make_attempt(scenario, a, score=100)
    make_attempt(scenario, b, score=50)
    make_attempt(scenario, c, score=80)
    make_attempt(scenario, c, mode=Mode.PRACTICE)  # in progress: counted, not graded

    figures = {f.scenario.pk: f for f in analytics.scenario_figures(analytics.attempts_for(hr))}

    tet = figures[scenario.pk]
    assert (tet.attempts, tet.practice, tet.assessed_mode) == (5, 2, 3)
    assert (tet.officers, tet.graded, tet.passes) == (3, 4, 2)
    assert tet.pass_rate == Decimal("50.0")
    assert tet.mean_score == Decimal("72.5")  # (60 + 100 + 50 + 80) / 4
    assert tet.course_title == scenario.course.title
    untried = figures[other.pk]
    assert (untried.attempts, untried.graded, untried.pass_rate, untried.mean_score) == (
        0,
        0,
        None,
        None,
    )
    assessed_only = analytics.scenario_summary(
        analytics.attempts_for(hr, mode=Mode.ASSESSED), scenario
    )
    assert (assessed_only.attempts, assessed_only.graded, assessed_only.passes) == (3, 3, 2)
    assert assessed_only.pass_rate == Decimal("66.7")


def test_criteria_come_most_broken_first_with_their_pass_rates(scenario, hr):
    results = [
        (True, True, True),
        (False, True, True),
        (False, True, False),
        (False, True, False),
    ]
    for due, slip, route in results:
        make_attempt(
            scenario,
            make_officer().user,
            score=50,
            criteria=[
                crit("slip", "R-SLIP", slip, critical=True),
                crit("due", "R-DUE", due),
                crit("route", "R-ROUTE", route, title="Chuyển đúng phòng"),
            ],
        )
    # A later version renamed a criterion: the latest title is shown, counts stay together.
    make_attempt(
        scenario,
        make_officer().user,
        score=100,
        criteria=[crit("route", "R-ROUTE", True, title="Chuyển đúng Phòng TC-KH")],
    )

    criteria = analytics.criterion_figures(analytics.attempts_for(hr), scenario)

    assert [(c.key, c.attempts, c.passed, c.pass_rate) for c in criteria] == [
        ("due", 4, 1, Decimal("25.0")),
        ("route", 5, 3, Decimal("60.0")),
        ("slip", 4, 4, Decimal("100.0")),
    ]
    assert criteria[1].title == "Chuyển đúng Phòng TC-KH"
    assert criteria[2].critical and criteria[0].failed == 3
    assert "appointment date" in criteria[0].requirement


def test_rules_are_totalled_across_scenarios(scenario, hr):
    other = make_scenario("ho-kinh-doanh-thieu-giay-to")
    user = make_officer().user
    make_attempt(scenario, user, score=0, criteria=[crit("x", "R-DUE", False)])
    make_attempt(other, user, score=100, criteria=[crit("y", "R-DUE", True)])
    make_attempt(other, make_officer().user, score=0, criteria=[crit("y", "R-DUE", False)])
    make_attempt(other, make_officer().user, score=100, criteria=[crit("z", "R-ONCE", True)])

    rules = analytics.rule_figures(analytics.attempts_for(hr))

    assert [(r.rule, r.attempts, r.passed, r.pass_rate) for r in rules] == [
        ("R-DUE", 3, 1, Decimal("33.3")),
        ("R-ONCE", 1, 1, Decimal("100.0")),
    ]
    assert len(rules[0].scenarios) == 2 and len(rules[0].criteria) == 2
    assert "147" in rules[0].legal_basis
    across = analytics.criterion_figures(analytics.attempts_for(hr))
    assert [(c.scenario_id, c.key) for c in across][:2] == [(scenario.pk, "x"), (other.pk, "y")]


def test_units_are_broken_down_departments_first_then_wards(scenario, hr):
    ward = make_officer(unit="ha-dinh").user
    dept1 = make_officer(unit="tu-phap").user
    dept2 = make_officer(unit="tu-phap").user
    make_attempt(scenario, ward, score=40)
    make_attempt(scenario, ward, mode=Mode.PRACTICE)
    make_attempt(scenario, dept1, score=90)
    make_attempt(scenario, dept2, score=70)

    units = analytics.unit_figures(analytics.attempts_for(hr).filter(scenario=scenario))

    assert [(u.code, u.kind) for u in units] == [("tu-phap", "department"), ("ha-dinh", "ward")]
    tu_phap, ha_dinh = units
    assert (tu_phap.attempts, tu_phap.officers, tu_phap.graded, tu_phap.passes) == (2, 2, 2, 1)
    assert (tu_phap.pass_rate, tu_phap.mean_score) == (Decimal("50.0"), Decimal("80.0"))
    assert (ha_dinh.attempts, ha_dinh.graded, ha_dinh.passes) == (2, 1, 0)
    assert (ha_dinh.pass_rate, ha_dinh.mean_score) == (Decimal("0.0"), Decimal("40.0"))
    assert tu_phap.name == Unit.objects.get(code="tu-phap").name_en  # English outside requests
    departments, wards = analytics.kind_totals(units)
    assert (departments.attempts, wards.attempts) == (2, 2)


def test_filters_narrow_by_unit_kind_unit_mode_and_start_day(scenario, hr):
    ward = make_officer(unit="ha-dinh").user
    dept = make_officer(unit="tu-phap").user
    day = datetime.datetime(2025, 3, 3, 23, 30, tzinfo=VN_TZ)  # 16:30 UTC the same day
    make_attempt(scenario, ward, score=100, started=day)
    make_attempt(scenario, dept, score=100, started=day + datetime.timedelta(hours=1))
    make_attempt(scenario, dept, mode=Mode.PRACTICE, started=day + datetime.timedelta(days=3))

    def count(**filters):
        return analytics.attempts_for(hr, **filters).count()

    assert count() == 3
    assert count(unit_kind="ward") == 1
    assert count(unit=Unit.objects.get(code="tu-phap")) == 2
    assert count(mode=Mode.PRACTICE) == 1
    assert count(date_from=day.date(), date_to=day.date()) == 1  # Hà Nội days, not UTC
    assert count(date_from=datetime.date(2025, 3, 4)) == 2
    assert count(date_to=datetime.date(2025, 3, 5)) == 2


def test_an_officer_sees_only_their_own_attempts_in_the_figures(scenario):
    mine = make_officer().user
    make_attempt(scenario, mine, score=100)
    make_attempt(scenario, make_officer().user, score=0)
    (figures,) = [
        f
        for f in analytics.scenario_figures(analytics.attempts_for(mine))
        if f.scenario.pk == scenario.pk
    ]
    assert (figures.attempts, figures.passes) == (1, 1)


@pytest.mark.parametrize("size", [3, 30])
def test_analytics_run_a_fixed_number_of_queries(scenario, hr, size):
    users = [make_officer(unit="ha-dinh" if n % 2 else "tu-phap").user for n in range(size)]
    for user in users:
        make_attempt(
            scenario,
            user,
            score=80,
            criteria=[crit("a", "R-DUE", True), crit("b", "R-SLIP", False)],
        )
    attempts = analytics.attempts_for(hr)
    with CaptureQueriesContext(connection) as ctx:
        analytics.scenario_figures(attempts)
        analytics.scenario_summary(attempts, scenario)
        analytics.criterion_figures(attempts, scenario)
        analytics.rule_figures(attempts)
        analytics.unit_figures(attempts.filter(scenario=scenario))
    # Roles of the reader (1), scenarios (3), summary, criteria, rules, units (1 each).
    assert len(ctx.captured_queries) <= 8
