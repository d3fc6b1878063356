"""Dossier codes (TT 01/2018 Điều 19) and the per-unit daily counter."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from sandbox.codes import (
    DOSSIER_CODE_RE,
    CodeError,
    allocate_dossier_code,
    format_dossier_code,
    next_number,
    parse_dossier_code,
)
from sandbox.models import CounterKind, Dossier, UnitDossierCode, WorkspaceCounter
from sandbox.services import SandboxError, workspace_advance_clock
from training.people.models import Unit

from .factories import act, at, make_dossier, make_workspace

pytestmark = pytest.mark.django_db


def test_format_and_parse():
    code = format_dossier_code("000.00.99.H26", date(2025, 3, 3), 7)
    assert code == "000.00.99.H26-250303-0007"
    assert DOSSIER_CODE_RE.match(code)
    assert parse_dossier_code(code) == ("000.00.99.H26", date(2025, 3, 3), 7)
    # The real example of [S34] has the same shape.
    assert parse_dossier_code("000.00.64.H10-230515-0011") == (
        "000.00.64.H10",
        date(2023, 5, 15),
        11,
    )
    for bad in ("", "000.00.99.H26-250303-7", "000.00.99.H26-251303-0001", "X-250303-0001"):
        assert parse_dossier_code(bad) is None, bad


def test_desk_dossiers_get_consecutive_codes_that_restart_each_day_and_per_unit():
    workspace = make_workspace()
    first = make_dossier(workspace, channel="desk")
    second = make_dossier(workspace, channel="desk")
    ward = make_dossier(workspace, channel="desk", code="2.000815")
    assert first.code == "000.00.99.H26-250303-0001"
    assert second.code == "000.00.99.H26-250303-0002"
    # Khương Trung is the 4th ward desk seeded: its own prefix and its own counter.
    assert ward.code == "000.04.99.H26-250303-0001"
    workspace_advance_clock(workspace=workspace, days=1)
    assert make_dossier(workspace, channel="desk").code == "000.00.99.H26-250304-0001"


def test_online_drafts_get_their_code_on_submission():
    workspace = make_workspace()
    draft = make_dossier(workspace, channel="online")
    assert draft.code == ""
    make_dossier(workspace, channel="desk")
    act(draft, "submit_online", "CD")
    assert draft.code == "000.00.99.H26-250303-0002"
    assert draft.submitted_at == workspace.now


def test_each_workspace_counts_on_its_own():
    one, two = make_workspace(), make_workspace()
    assert make_dossier(one, channel="desk").code == make_dossier(two, channel="desk").code


def test_the_code_is_unique_within_a_workspace():
    workspace = make_workspace()
    dossier = make_dossier(workspace, channel="desk")
    other = make_dossier(workspace, channel="desk")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=other.pk).update(code=dossier.code)


def test_the_day_is_limited_to_9999_dossiers():
    workspace = make_workspace()
    unit = Unit.objects.get(code="vp")
    WorkspaceCounter.objects.create(
        workspace=workspace, unit=unit, kind=CounterKind.DOSSIER_CODE, period="250303", value=9999
    )
    with pytest.raises(CodeError):
        allocate_dossier_code(workspace=workspace, unit=unit, received_at=at("2025-03-03 10:00"))
    with pytest.raises(SandboxError):
        make_dossier(workspace, channel="desk")


def test_a_desk_without_a_code_is_refused_clearly():
    workspace = make_workspace()
    UnitDossierCode.objects.filter(unit__code="vp").delete()
    with pytest.raises(SandboxError) as caught:
        make_dossier(workspace, channel="desk")
    assert "No dossier code is configured" in caught.value.message
    assert not Dossier.objects.exists()


def test_counter_numbers_follow_each_other_and_never_repeat():
    workspace = make_workspace()
    unit = Unit.objects.get(code="vp")
    numbers = [
        next_number(workspace=workspace, unit=unit, kind=CounterKind.FORM, period="2025")
        for _ in range(5)
    ]
    assert numbers == [1, 2, 3, 4, 5]
    assert WorkspaceCounter.objects.get(kind=CounterKind.FORM).value == 5
