"""Workspaces: the simulated clock, the visibility boundary, and the listings the role
screens use (queues, due-soon and overdue flags, resolution class) with flat query counts."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from sandbox.models import Dossier, Workspace
from sandbox.services import (
    SandboxError,
    workspace_advance_clock,
    workspace_create,
    workspace_set_clock,
)
from sandbox.workflow import ActorRole, Status
from tests.people.factories import make_officer
from training.people.models import Unit
from training.people.roles import Role

from .factories import MONDAY_9AM, act, at, make_dossier, make_workspace, walk_to

pytestmark = pytest.mark.django_db


# Clock --------------------------------------------------------------------------------


def test_the_clock_moves_forward_by_hours_days_and_working_days():
    workspace = make_workspace()
    workspace_advance_clock(workspace=workspace, hours=7)
    assert workspace.now == at("2025-03-03 16:00")
    workspace_advance_clock(workspace=workspace, days=4)  # Friday
    workspace_advance_clock(workspace=workspace, working_days=1)  # skips the weekend
    assert workspace.now == at("2025-03-10 16:00")
    assert Workspace.objects.get(pk=workspace.pk).now == at("2025-03-10 16:00")


@pytest.mark.parametrize("kwargs", [{}, {"hours": -1}, {"days": 1.5}, {"hours": True}])
def test_the_clock_refuses_bad_moves(kwargs):
    workspace = make_workspace()
    with pytest.raises(SandboxError):
        workspace_advance_clock(workspace=workspace, **kwargs)
    assert Workspace.objects.get(pk=workspace.pk).now == MONDAY_9AM


def test_the_clock_never_goes_back():
    workspace = make_workspace()
    with pytest.raises(SandboxError):
        workspace_set_clock(workspace=workspace, to=at("2025-03-02 09:00"))
    with pytest.raises(SandboxError):
        workspace_set_clock(workspace=workspace, to=datetime(2025, 3, 4, 9, 0))  # naive
    workspace_set_clock(workspace=workspace, to=at("2025-03-04 09:00"))
    assert workspace.now == at("2025-03-04 09:00")


def test_events_carry_the_simulated_time():
    workspace = make_workspace()
    dossier = make_dossier(workspace, channel="desk")
    workspace_advance_clock(workspace=workspace, hours=2)
    event = act(dossier, "desk_accept", "TN")
    assert event.sim_at == at("2025-03-03 11:00")
    assert dossier.received_at == at("2025-03-03 11:00")
    assert abs(event.real_at - timezone.now()) < timedelta(minutes=1)


def test_workspace_needs_a_title():
    with pytest.raises(SandboxError):
        workspace_create(title="  <b></b> ")


# Visibility ---------------------------------------------------------------------------


def test_who_sees_and_acts_in_a_workspace():
    owner = make_officer(roles=(Role.OFFICER,)).user
    workspace = make_workspace(owner=owner)
    dossier = make_dossier(workspace, channel="desk")
    other_workspace = make_workspace(owner=make_officer().user)
    make_dossier(other_workspace, channel="desk")
    cases = [
        (owner, True, True),
        (make_officer(roles=(Role.OFFICER,)).user, False, False),
        (make_officer(roles=(Role.LEADER,)).user, False, False),
        (make_officer(roles=(Role.TRAINER,)).user, True, True),
        (make_officer(roles=(Role.HR,)).user, True, False),
        (make_officer(roles=(Role.ADMINISTRATOR,)).user, True, True),
        (AnonymousUser(), False, False),
    ]
    for user, sees, acts in cases:
        assert workspace.can_view(user) is sees, user
        assert workspace.can_act(user) is acts, user
        assert Dossier.objects.visible_to(user).filter(pk=dossier.pk).exists() is sees
        assert Dossier.objects.actable_by(user).filter(pk=dossier.pk).exists() is acts
    assert set(Dossier.objects.visible_to(owner)) == {dossier}


def test_a_trainee_cannot_load_another_trainees_dossier():
    mine = make_workspace(owner=make_officer().user)
    theirs_owner = make_officer().user
    theirs = make_dossier(make_workspace(owner=theirs_owner), channel="desk")
    with pytest.raises(Dossier.DoesNotExist):
        Dossier.objects.visible_to(mine.owner).get(pk=theirs.pk)
    assert Dossier.objects.visible_to(theirs_owner).get(pk=theirs.pk) == theirs


# Queues and deadlines -----------------------------------------------------------------


def test_queues_per_role_and_unit():
    workspace = make_workspace()
    statuses = [
        Status.SUBMITTED,
        Status.TRANSFERRED,
        Status.CONSULTING,
        Status.PENDING_SIGNATURE,
        Status.DRAFT,
    ]
    made = {status: walk_to(status, workspace) for status in statuses}
    ward_dossier = walk_to(Status.SUBMITTED, workspace, code="1.001193")
    qs = Dossier.objects.in_workspace(workspace)
    assert set(qs.queue(ActorRole.TN)) == {made[Status.SUBMITTED], ward_dossier}
    assert set(qs.queue(ActorRole.TN, unit=Unit.objects.get(code="vp"))) == {made[Status.SUBMITTED]}
    assert set(qs.queue(ActorRole.LDP, unit=Unit.objects.get(code="tc-kh"))) == {
        made[Status.TRANSFERRED]
    }
    assert set(qs.queue(ActorRole.LDP, unit=Unit.objects.get(code="qldt"))) == set()
    assert set(qs.queue(ActorRole.PH)) == {made[Status.CONSULTING]}
    assert set(qs.queue(ActorRole.LDK)) == {made[Status.PENDING_SIGNATURE]}
    assert set(qs.queue(ActorRole.CD)) == {made[Status.DRAFT]}
    assert set(qs.search(ward_dossier.applicant_name)) == {ward_dossier}
    assert set(qs.search(made[Status.SUBMITTED].code)) == {made[Status.SUBMITTED]}


def test_an_apology_waiting_for_signature_is_in_the_signers_queue():
    workspace = make_workspace()
    dossier = walk_to(Status.APPRAISING, workspace)
    qs = Dossier.objects.in_workspace(workspace)
    assert not qs.queue(ActorRole.LDK).exists()
    act(dossier, "draft_apology", "CV", {"reason": "Chờ", "new_date": date(2025, 3, 10)})
    assert list(qs.queue(ActorRole.LDK)) == [dossier]


def test_due_soon_and_overdue_are_computed_in_sql():
    workspace = make_workspace()  # Monday 03/03; HKD due Thursday 06/03
    running = walk_to(Status.APPRAISING, workspace)
    paused = walk_to(Status.SUPPLEMENT_REQUESTED, workspace)
    resolved = walk_to(Status.RESOLVED, workspace)

    def flags():
        rows = Dossier.objects.in_workspace(workspace).with_deadlines(workspace)
        return {d.pk: (d.deadline, d.is_due_soon, d.is_overdue) for d in rows}

    due = date(2025, 3, 6)
    assert flags()[running.pk] == (due, False, False)
    workspace_advance_clock(workspace=workspace, days=2)  # Wednesday: due tomorrow
    assert flags()[running.pk] == (due, True, False)
    workspace_advance_clock(workspace=workspace, days=2)  # Friday: one day late
    result = flags()
    assert result[running.pk] == (due, False, True)
    assert result[paused.pk][1:] == (False, False)
    assert result[resolved.pk][1:] == (False, False)


def test_the_apology_date_becomes_the_deadline_shown():
    workspace = make_workspace()
    dossier = walk_to(Status.APPRAISING, workspace)
    act(dossier, "draft_apology", "CV", {"reason": "Chờ", "new_date": date(2025, 3, 12)})
    act(dossier, "sign_apology", "LDK", {"signer_capacity": "head"})
    workspace_set_clock(workspace=workspace, to=at("2025-03-10 09:00"))
    row = Dossier.objects.with_deadlines(workspace).get(pk=dossier.pk)
    assert (row.deadline, row.is_overdue, row.is_due_soon) == (date(2025, 3, 12), False, False)
    # ... but the statistics still compare with the original due date.
    assert row.due_date == date(2025, 3, 6)


def test_resolution_class():
    workspace = make_workspace()
    early = walk_to(Status.RESOLVED, workspace)  # resolved Monday, due Thursday
    row = Dossier.objects.with_resolution_class().get(pk=early.pk)
    assert (row.resolved_on, row.resolution_class) == (date(2025, 3, 3), "early")
    pending = walk_to(Status.APPRAISING, workspace)
    assert Dossier.objects.with_resolution_class().get(pk=pending.pk).resolution_class is None


def test_listing_query_count_is_flat(django_assert_num_queries):
    workspace = make_workspace()
    for status in (Status.SUBMITTED, Status.APPRAISING, Status.RESOLVED):
        walk_to(status, workspace)

    def listing():
        rows = (
            Dossier.objects.in_workspace(workspace)
            .for_listing()
            .with_deadlines(today=date(2025, 3, 5), due_soon_by=date(2025, 3, 6))
            .with_resolution_class()
        )
        return [
            (
                d.code,
                d.procedure.name_vi,
                d.receiving_unit.name_vi,
                d.handling_unit and d.handling_unit.name_vi,
                d.is_overdue,
                d.get_status_display(),
                d.card.time_limit_label(),
            )
            for d in rows
        ]

    with django_assert_num_queries(1):
        assert len(listing()) == 3
    for status in (
        Status.TRANSFERRED,
        Status.CONSULTING,
        Status.RETURNED,
        Status.DRAFT,
        Status.SIGNED,
    ):
        walk_to(status, workspace, code="1.001193" if status == Status.DRAFT else "SANDBOX-11")
    with django_assert_num_queries(1):
        assert len(listing()) == 8


def test_deadlines_need_a_date_or_a_workspace():
    with pytest.raises(ValueError):
        Dossier.objects.with_deadlines()
