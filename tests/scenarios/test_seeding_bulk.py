"""The bulk seeding path (`services._seed_at_desk`) writes exactly what the one-by-one path
through `dossier_create` writes: the same dossiers, codes, papers, notes and events, the
same truth, and the desk's code counter left at the same value."""

import pytest
from django.forms.models import model_to_dict

from sandbox.models import Dossier, DossierComponent, DossierEvent, WorkspaceCounter
from sandbox.scenarios.services import workspace_from_spec
from tests.people.factories import make_officer
from tests.scenarios.factories import definition, make_scenario

pytestmark = pytest.mark.django_db

HKD = "ho-kinh-doanh-thieu-giay-to"


def snapshot(workspace, dossier_map, truth):
    """Everything seeding wrote, with the ids replaced by the order of creation."""
    dossiers = list(Dossier.objects.filter(workspace=workspace).order_by("pk"))
    order = {d.pk: n for n, d in enumerate(dossiers)}
    rows = [model_to_dict(d, exclude=["id", "workspace"]) for d in dossiers]
    components = [
        (order[c.dossier_id], model_to_dict(c, exclude=["id", "workspace", "dossier"]))
        for c in DossierComponent.objects.filter(workspace=workspace).order_by("pk")
    ]
    events = [
        (order[e.dossier_id], model_to_dict(e, exclude=["id", "workspace", "dossier", "real_at"]))
        for e in DossierEvent.objects.filter(workspace=workspace).order_by("pk")
    ]
    counters = sorted(
        WorkspaceCounter.objects.filter(workspace=workspace).values_list(
            "unit_id", "kind", "period", "value"
        )
    )
    labels = {label: [order[pk] for pk in pks] for label, pks in dossier_map.items()}
    truths = {order[int(pk)]: value for pk, value in truth.items()}
    return rows, components, events, counters, labels, truths


def seed_both(spec, seed=20250304):
    owner = make_officer().user
    slow = workspace_from_spec(spec, seed=seed, owner=owner, title="Chậm", bulk=False)
    fast = workspace_from_spec(spec, seed=seed, owner=owner, title="Nhanh")
    return snapshot(*slow), snapshot(*fast)


def test_bulk_seeding_writes_the_same_rows_as_the_services():
    seed = definition(HKD)["dossiers"][0]
    spec = make_scenario(HKD, dossiers=[dict(seed, count=12)]).current_version().spec

    slow, fast = seed_both(spec)

    assert fast == slow
    rows, components, events, counters, labels, truths = fast
    assert len(rows) == 12 and len(events) == 12
    assert [r["code"][-4:] for r in rows] == [f"{n:04d}" for n in range(1, 13)]
    assert {e["action"] for _n, e in events} == {"desk_intake"}
    assert {e["actor_name"] for _n, e in events} == {"Dữ liệu kịch bản"}
    # Every paper unchecked, with the note of what the applicant handed over.
    assert {c["state"] for _n, c in components} == {"unchecked"}
    assert any(c["note"].startswith("Người nộp không mang") for _n, c in components)
    assert len({r["applicant_name"] for r in rows}) > 1  # variants by seed


def test_bulk_and_slow_items_share_the_desk_sequence():
    """A bulk item, then an accepted dossier (seeded through the services) the same day."""
    seed = definition(HKD)["dossiers"][0]
    accepted = dict(seed, label="B", status="accepted", missing="", count=2)
    later = dict(seed, label="C", arrives_at="2025-03-04T08:50:00+07:00", count=3)
    spec = make_scenario(HKD, dossiers=[dict(seed, count=3), accepted, later])
    spec = spec.current_version().spec

    slow, fast = seed_both(spec, seed=7)

    assert fast == slow
    rows, _components, _events, counters, labels, _truths = fast
    assert sorted(r["code"][-4:] for r in rows) == [f"{n:04d}" for n in range(1, 9)]
    assert ("code", "250304", 8) in [c[1:] for c in counters]
    assert {label: len(ids) for label, ids in labels.items()} == {"A": 3, "B": 2, "C": 3}
