"""The generated history of report exercises (`sandbox.scenarios.history`): deterministic
from the seed, a mix holding every case of §3.5, figures that a plain recount confirms and
that satisfy received = resolved + in progress, and rows the screens can use."""

import datetime
from collections import Counter

import pytest

from sandbox.artefacts import control_sheet, tracking_book
from sandbox.calendar import VN_TZ
from sandbox.models import Artefact, Dossier, DossierPause, Procedure
from sandbox.scenarios.history import HistoryError, generate_history
from sandbox.scenarios.services import report_figures
from sandbox.services import dossier_create, dossier_transition, workspace_create
from training.people.models import Unit

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 10, 1), datetime.date(2024, 10, 31)
REPORT = {"unit": "khuong-mai", "period_start": "2024-10-01", "period_end": "2024-10-31"}
CLOCK = datetime.datetime(2024, 11, 1, 8, 0, tzinfo=VN_TZ)


def generated(seed: int, *, count: int = 200, report: dict = REPORT):
    workspace = workspace_create(title=f"Lịch sử {seed}", now=CLOCK)
    n = generate_history(workspace=workspace, item={**report, "count": count}, seed=seed)
    assert n == count
    return workspace


def recount(workspace, unit_code: str) -> Counter:
    """§3.5 applied dossier by dossier, independently of `sandbox.statistics`."""
    start = datetime.datetime.combine(START, datetime.time.min, tzinfo=VN_TZ)
    end = datetime.datetime.combine(END + datetime.timedelta(days=1), datetime.time.min, VN_TZ)
    counts = Counter()
    rows = Dossier.objects.filter(
        workspace=workspace,
        handling_unit__code=unit_code,
        received_at__isnull=False,
        received_at__lt=end,
    ).prefetch_related("pauses")
    for d in rows:
        finished = [t for t in (d.resolved_at, d.closed_at) if t is not None]
        if d.received_at < start:
            if finished and min(finished) < start:
                continue
            counts["carried_over"] += 1
        else:
            counts["new_online" if d.channel == "online" else "new_direct"] += 1
        if d.resolved_at is not None and d.resolved_at < end:
            resolved_on = d.resolved_at.astimezone(VN_TZ).date()
            if resolved_on < d.due_date:
                counts["resolved_early"] += 1
            elif resolved_on == d.due_date:
                counts["resolved_on_time"] += 1
            else:
                counts["resolved_late"] += 1
        elif d.closed_at is not None and d.closed_at < end:
            counts["in_progress_within"] += 1  # withdrawn in the period
        else:
            paused = any(
                p.started_at < end and (p.ended_at is None or p.ended_at >= end)
                for p in d.pauses.all()
            )
            overdue = d.due_date < END and not paused
            counts["in_progress_overdue" if overdue else "in_progress_within"] += 1
    return counts


COUNTED = (
    "carried_over",
    "new_online",
    "new_direct",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_within",
    "in_progress_overdue",
)


def assert_recounted(figures: dict, counts: Counter):
    assert {name: figures[name] for name in COUNTED} == {name: counts[name] for name in COUNTED}


def fingerprint(workspace) -> list[tuple]:
    return list(
        Dossier.objects.filter(workspace=workspace)
        .order_by("code")
        .values_list("code", "applicant_name", "status", "due_date", "resolved_at")
    )


def test_same_seed_same_history_and_other_seeds_other_applicants():
    first, again, other = generated(7), generated(7), generated(8)
    assert fingerprint(first) == fingerprint(again)
    assert report_figures(first, REPORT) == report_figures(again, REPORT)
    names = {row[1] for row in fingerprint(first)}
    assert names != {row[1] for row in fingerprint(other)}


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_match_a_recount_and_hold_every_case(seed):
    workspace = generated(seed)
    figures = report_figures(workspace, REPORT)
    assert_recounted(figures, recount(workspace, "khuong-mai"))
    assert figures["received_total"] == figures["resolved_total"] + figures["in_progress_total"]
    assert figures["carried_over"] >= 1 and figures["new_online"] >= 1
    assert figures["in_progress_overdue"] >= 1

    ward = Dossier.objects.filter(workspace=workspace, handling_unit__code="khuong-mai")
    # Late although apologised: returned before the new date, after the original one.
    apologised = ward.filter(apology_due_date__isnull=False)
    assert apologised.exists()
    for d in apologised:
        resolved_on = d.resolved_at.astimezone(VN_TZ).date()
        assert d.due_date < resolved_on <= d.apology_due_date
    # Waiting for a supplement with the due date passed: paused, so within time.
    trap = ward.filter(status="supplement_requested", due_date__lt=END)
    assert trap.exists()
    assert all(d.pauses.get().ended_at is None for d in trap)
    assert ward.filter(status="withdrawn", closed_at__date__gte=START).exists()
    # Noise the report leaves out.
    everything = Dossier.objects.filter(workspace=workspace)
    assert everything.filter(status="refused", received_at__isnull=True).exists()
    assert everything.filter(resolved_at__date__lt=START).exists()
    assert (
        everything.exclude(handling_unit__code="khuong-mai")
        .exclude(handling_unit__isnull=True)
        .exists()
    )


def test_the_screens_have_what_they_need():
    workspace = generated(3)
    ward = Unit.objects.get(code="khuong-mai")
    dossiers = Dossier.objects.filter(workspace=workspace)
    # One Mẫu 04 per apology; the tracking book lists every dossier accepted in 2024.
    apologies = dossiers.filter(apology_due_date__isnull=False)
    assert Artefact.objects.filter(workspace=workspace, kind="mau_04").count() == apologies.count()
    book = tracking_book(workspace, ward, year=2024)
    accepted = dossiers.filter(receiving_unit=ward, received_at__year=2024)
    assert len(book["rows"]) == accepted.count()
    assert [row["entry"] for row in book["rows"]] == list(range(1, accepted.count() + 1))
    noted = [row for row in book["rows"] if row["note"].startswith("Xin lỗi")]
    assert len(noted) == apologies.filter(receiving_unit=ward).count()
    returned = dossiers.filter(status="returned").first()
    actions = [row["action"] for row in control_sheet(returned)["rows"]]
    assert actions[0] == "transfer" and actions[-1] == "return_result"
    # Every event history is in order and ends in the dossier's status.
    for d in dossiers.prefetch_related("events"):
        events = list(d.events.all())
        assert [e.version for e in events] == list(range(1, d.version + 1))
        assert events[-1].to_status == d.status
        assert all(a.sim_at <= b.sim_at for a, b in zip(events, events[1:], strict=False))
        assert events[-1].sim_at < CLOCK
    assert DossierPause.objects.filter(workspace=workspace, ended_at__isnull=True).count() == (
        dossiers.filter(status="supplement_requested").count()
    )


def test_numbering_continues_after_the_history():
    workspace = generated(4, count=60)
    ward = Unit.objects.get(code="khuong-mai")
    last_entry = max(
        Dossier.objects.filter(workspace=workspace, receiving_unit=ward)
        .exclude(book_number=None)
        .values_list("book_number", flat=True)
    )
    procedure = Procedure.objects.version_in_force("1.004873", CLOCK.date())
    dossier = dossier_create(
        workspace=workspace,
        procedure=procedure,
        channel="desk",
        actor=None,
        role="TN",
        applicant={"name": "Trần Thị Mới", "id_number": "000000999999", "address": "Khương Mai"},
        receiving_unit=ward,
        component_states={c.pk: "present" for c in procedure.components.all()},
    )
    dossier_transition(
        dossier=dossier, action="desk_accept", actor=None, role="TN", expected_version=None
    )
    assert dossier.book_number == last_entry + 1


def test_a_small_history_still_holds_the_instructive_cases():
    workspace = generated(5, count=25)
    ward = Dossier.objects.filter(workspace=workspace, handling_unit__code="khuong-mai")
    assert ward.filter(apology_due_date__isnull=False).exists()
    assert ward.filter(status="supplement_requested", due_date__lt=END).exists()
    assert ward.filter(received_at__date__lt=START).exists()
    figures = report_figures(workspace, REPORT)
    assert figures["received_total"] == figures["resolved_total"] + figures["in_progress_total"]


def test_a_department_history():
    report = {**REPORT, "unit": "tu-phap"}
    workspace = generated(6, count=60, report=report)
    figures = report_figures(workspace, report)
    assert figures["received_total"] == figures["resolved_total"] + figures["in_progress_total"]
    assert figures["received_total"] > 0
    assert_recounted(figures, recount(workspace, "tu-phap"))
    # District procedures are received at the district desk.
    handled = Dossier.objects.filter(workspace=workspace, handling_unit__code="tu-phap")
    assert set(handled.values_list("receiving_unit__code", flat=True)) == {"vp"}


def test_a_unit_that_handles_no_procedure_cannot_be_reported_on():
    workspace = workspace_create(title="Không có thủ tục", now=CLOCK)
    with pytest.raises(HistoryError):
        generate_history(workspace=workspace, item={**REPORT, "unit": "vp", "count": 10}, seed=1)


def test_history_is_written_in_bulk(django_assert_max_num_queries):
    workspace = workspace_create(title="Số truy vấn", now=CLOCK)
    with django_assert_max_num_queries(90):
        generate_history(workspace=workspace, item={**REPORT, "count": 200}, seed=9)
