"""Real concurrency on PostgreSQL: row locks keep dossier codes distinct and let exactly one
of two simultaneous actions on the same dossier version through. (SQLite serialises writers
and ignores `select_for_update`; the sequential cases are in `test_transitions.py`.)"""

import threading

import pytest
from django.db import connection

from sandbox.models import Dossier
from sandbox.services import DossierChanged, dossier_transition
from sandbox.workflow import Action, Status

from .factories import make_dossier, make_workspace, walk_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def run_together(functions):
    """Start the functions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def runner(index, function):
        from django.db import connections

        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - the caller inspects what happened
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_simultaneous_receipts_get_distinct_consecutive_codes():
    workspace = make_workspace()
    results = run_together([lambda: make_dossier(workspace, channel="desk").code] * 6)
    assert all(isinstance(code, str) for code in results), results
    assert sorted(results) == [f"000.00.99.H26-250303-{n:04d}" for n in range(1, 7)]


def test_two_actors_on_the_same_version_one_wins():
    workspace = make_workspace()
    dossier = walk_to(Status.SUBMITTED, workspace)
    seen = dossier.version

    def accept():
        return dossier_transition(
            dossier=Dossier.objects.get(pk=dossier.pk),
            action=Action.DESK_ACCEPT,
            actor=None,
            role="TN",
            payload={},
            expected_version=seen,
        )

    def refuse():
        return dossier_transition(
            dossier=Dossier.objects.get(pk=dossier.pk),
            action=Action.DESK_REFUSE,
            actor=None,
            role="TN",
            payload={"reason": "x", "legal_basis": "y"},
            expected_version=seen,
        )

    results = run_together([accept, refuse])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DossierChanged), results
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.version == seen + 1
    assert fresh.events.count() == seen + 1
