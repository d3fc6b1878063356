"""The assessor reads an attempt in a fixed number of queries, however long its trace."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sandbox.models import DossierEvent
from sandbox.scenarios.assessor import assess
from sandbox.scenarios.models import ScenarioAttempt
from sandbox.scenarios.services import load_trace
from tests.scenarios.factories import Player, enrolled_officer, make_scenario

pytestmark = pytest.mark.django_db


def played(scenario, notes: int) -> ScenarioAttempt:
    """The Tết scenario solved, with `notes` notes added along the way."""
    p = Player(scenario, enrolled_officer(scenario))
    p.check_all()
    for n in range(notes):
        p.do("A", "add_note", "TN", {"text": f"Ghi chú số {n}: đã đối chiếu bản chính."})
    p.do("A", "desk_accept", "TN", {"appointment_date": "2025-02-05", "fee_amount": 100000})
    p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})
    return ScenarioAttempt.objects.select_related("version", "workspace").get(pk=p.attempt.pk)


def assess_queries(attempt) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = assess(attempt.version.spec, load_trace(attempt))
    return len(ctx.captured_queries), result


def test_a_long_trace_costs_the_same_queries_as_a_short_one(django_assert_max_num_queries):
    scenario = make_scenario("hen-tra-qua-tet")
    short, long = played(scenario, notes=0), played(scenario, notes=60)
    short_events = DossierEvent.objects.filter(workspace=short.workspace).count()
    long_events = DossierEvent.objects.filter(workspace=long.workspace).count()
    assert long_events >= short_events + 60

    short_queries, short_result = assess_queries(short)
    long_queries, long_result = assess_queries(long)

    assert short_queries == long_queries
    with django_assert_max_num_queries(8):
        assess(long.version.spec, load_trace(long))
    # The notes change nothing in the grading.
    assert short_result.score == long_result.score == 100
