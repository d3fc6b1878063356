"""Benchmark of the sandbox: the desk's queue page, the II.06a statistics and a transition.

Builds two workspaces on a throwaway database, of 200 and of 2,000 dossiers: a few dossiers
are walked through the real services (submitted, accepted, in appraisal, returned), then
cloned with `bulk_create` (new codes) to reach the size. Measures, for a trainer:

* the queries of the one-stop desk's (TN) queue page, first page of 50, via the test client;
* the queries of `sandbox.statistics.unit_report` (year to date);
* the median time of an in-process `dossier_transition` (desk_accept on submitted dossiers,
  which issues a Mẫu 01), and the median time of the queue page and the report at 2,000.

    .venv/bin/python bench/sandbox.py

Last line: queue_queries_200=N queue_queries_2000=N stats_queries_200=N
stats_queries_2000=N transition_ms=X queue_ms_2000=X stats_ms_2000=X
"""

import copy
import statistics
import time

from _setup import count_queries, median_ms, setup_django


def build(size: int, trainer):
    from sandbox.models import Dossier
    from sandbox.workflow import Status
    from tests.sandbox.factories import make_workspace, walk_to

    ws = make_workspace(title=f"Bench {size}", owner=trainer)
    templates = [
        walk_to(status, ws)
        for status in (Status.SUBMITTED, Status.ACCEPTED, Status.APPRAISING, Status.RETURNED)
    ]
    clones = []
    for i in range(size - len(templates)):
        clone = copy.copy(templates[i % len(templates)])
        clone.pk = clone.id = None
        clone._state = copy.copy(clone._state)
        clone._state.adding = True
        prefix, day, _number = clone.code.rsplit("-", 2)
        clone.code = f"{prefix}-{day}-{i + 100:04d}"
        clones.append(clone)
    Dossier.objects.bulk_create(clones, batch_size=500)
    assert Dossier.objects.in_workspace(ws).count() == size
    return ws


def main() -> None:
    setup_django()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # so the test client records the template context

    from django.test import Client
    from django.urls import reverse

    from sandbox.services import dossier_transition
    from sandbox.statistics import default_period, unit_report
    from sandbox.workflow import Action, ActorRole, Status
    from tests.people.factories import make_officer
    from tests.sandbox.factories import make_workspace, walk_to
    from training.people.roles import Role

    trainer = make_officer(roles=(Role.TRAINER,)).user
    client = Client()
    client.force_login(trainer)
    results = {}
    for size in (200, 2000):
        ws = build(size, trainer)
        url = reverse("sandbox:queue", args=[ws.pk, ActorRole.TN.value.lower()])
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert len(response.context["page"].object_list) == 50

        def stats(ws=ws):
            start, end = default_period(ws)
            rows = unit_report(workspace=ws, period_start=start, period_end=end)
            assert sum(r.received_total for r in rows) > 0

        results[f"queue_queries_{size}"] = count_queries(lambda url=url: client.get(url))
        results[f"stats_queries_{size}"] = count_queries(stats)
        if size == 2000:
            results["queue_ms_2000"] = median_ms(lambda url=url: client.get(url), repeat=30)
            results["stats_ms_2000"] = median_ms(stats, repeat=30)

    ws = make_workspace(title="Bench transitions", owner=trainer)
    submitted = [walk_to(Status.SUBMITTED, ws) for _ in range(60)]
    samples = []
    for dossier in submitted:
        start = time.perf_counter()
        dossier_transition(
            dossier=dossier,
            action=Action.DESK_ACCEPT,
            actor=None,
            role=ActorRole.TN,
            payload={},
            expected_version=dossier.version,
            actor_name="Bench",
        )
        samples.append((time.perf_counter() - start) * 1000)
    transition_ms = statistics.median(samples)
    note_ms = median_ms(
        lambda: dossier_transition(
            dossier=submitted[0],
            action=Action.ADD_NOTE,
            actor=None,
            role=ActorRole.TN,
            payload={"text": "Ghi chú"},
            expected_version=None,
            actor_name="Bench",
        )
    )
    print(f"desk_accept median {transition_ms:.1f} ms; add_note median {note_ms:.1f} ms")
    print(
        f"queue_queries_200={results['queue_queries_200']} "
        f"queue_queries_2000={results['queue_queries_2000']} "
        f"stats_queries_200={results['stats_queries_200']} "
        f"stats_queries_2000={results['stats_queries_2000']} "
        f"transition_ms={transition_ms:.1f} queue_ms_2000={results['queue_ms_2000']:.1f} "
        f"stats_ms_2000={results['stats_ms_2000']:.1f}"
    )


if __name__ == "__main__":
    main()
