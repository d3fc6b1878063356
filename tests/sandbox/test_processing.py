"""Processing rules: clock pauses, liên thông consultations, fees and payment, returning the
result (proxy check, post, online), withdrawal."""

from datetime import date

import pytest

from sandbox.models import Consultation, DossierPause
from sandbox.services import ActionNotAllowed, InvalidPayload, workspace_advance_clock
from sandbox.workflow import Action, Status

from .factories import act, at, make_dossier, make_workspace, walk_to

pytestmark = pytest.mark.django_db


def to_appraising(dossier):
    for action, role, payload in [
        (Action.TRANSFER, "TN", {}),
        (Action.ASSIGN, "LDP", {"specialist": "Bùi Anh Tuấn"}),
        (Action.START_APPRAISAL, "CV", {}),
    ]:
        act(dossier, action, role, payload)


# Pauses (§3.4) ------------------------------------------------------------------------


def test_supplement_during_processing_shifts_the_due_date_by_the_paused_working_days():
    # Scenario 6: building permit; on day 4 the safety commitment is missing; the applicant
    # supplements 3 working days later, so the due date moves on by 3 working days.
    workspace = make_workspace(now=at("2025-03-03 09:00"))
    dossier = make_dossier(workspace, channel="desk", code="SANDBOX-13")
    act(dossier, Action.DESK_ACCEPT, "TN")
    to_appraising(dossier)
    assert dossier.due_date == date(2025, 3, 24)
    workspace_advance_clock(workspace=workspace, working_days=4)  # Friday 07/03
    last = dossier.components.order_by("position").last()
    act(dossier, Action.DRAFT_SUPPLEMENT, "CV", {"items": [last.pk], "reason": "Có nhà liền kề"})
    act(dossier, Action.APPROVE_SUPPLEMENT, "LDP")
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    form = dossier.artefacts.get(kind="mau_02").content
    assert form["stage"] == "processing" and form["items"][0]["name"] == last.name
    workspace_advance_clock(workspace=workspace, working_days=3)  # Wednesday 12/03
    event = act(dossier, Action.CITIZEN_SUPPLEMENT, "TN", {"components": [last.pk]})
    assert dossier.status == Status.APPRAISING
    assert event.payload["paused_working_days"] == 3
    assert dossier.due_date == date(2025, 3, 27)
    assert dossier.original_due_date == date(2025, 3, 24)
    assert dossier.appointment_at.date() == date(2025, 3, 27)
    pause = DossierPause.objects.get(dossier=dossier)
    assert (pause.kind, pause.shifted_working_days) == ("supplement", 3)
    assert dossier.components.get(pk=last.pk).state == "present"


def test_a_paused_dossier_is_not_overdue():
    workspace = make_workspace()
    dossier = walk_to(Status.SUPPLEMENT_REQUESTED, workspace)
    workspace_advance_clock(workspace=workspace, days=30)
    row = type(dossier).objects.with_deadlines(workspace).get(pk=dossier.pk)
    assert not row.is_overdue


@pytest.mark.parametrize(("code", "shift"), [("SANDBOX-11", 0)])
def test_financial_waits_count_unless_the_card_excludes_them(code, shift):
    workspace = make_workspace()
    dossier = walk_to(Status.FINANCIAL_OBLIGATION, workspace, code=code)
    due = dossier.due_date
    workspace_advance_clock(workspace=workspace, working_days=2)
    event = act(dossier, Action.FULFIL_FINANCIAL_OBLIGATION, "CD")
    assert event.payload["paused_working_days"] == shift
    assert dossier.due_date == due


def test_financial_waits_excluded_by_the_card_move_the_due_date():
    workspace = make_workspace()
    dossier = walk_to(Status.FINANCIAL_OBLIGATION, workspace)
    rules = dict(dossier.rules, financial_wait_excluded=True)
    type(dossier).objects.filter(pk=dossier.pk).update(rules=rules)
    dossier.refresh_from_db()
    workspace_advance_clock(workspace=workspace, working_days=2)
    act(dossier, Action.FULFIL_FINANCIAL_OBLIGATION, "CD")
    assert dossier.due_date == date(2025, 3, 10)


def test_stopping_or_withdrawing_closes_the_pause_without_shifting():
    workspace = make_workspace()
    dossier = walk_to(Status.SUPPLEMENT_REQUESTED, workspace)
    workspace_advance_clock(workspace=workspace, working_days=5)
    act(dossier, Action.WITHDRAW, "CD", {"reason": "Không bổ sung được"})
    pause = DossierPause.objects.get(dossier=dossier)
    assert pause.ended_at == workspace.now and pause.shifted_working_days == 0
    assert dossier.due_date == date(2025, 3, 6)
    assert dossier.closed_at == workspace.now


# Liên thông ---------------------------------------------------------------------------


def linked_dossier(workspace):
    dossier = make_dossier(workspace, code="SANDBOX-15")
    act(dossier, Action.SUBMIT_ONLINE, "CD")
    act(dossier, Action.DESK_ACCEPT, "TN")
    to_appraising(dossier)
    return dossier


def test_three_agency_dossier_waits_for_every_partner():
    # Scenario 12: one submission, forwarded to the police and social insurance.
    workspace = make_workspace()
    dossier = linked_dossier(workspace)
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.DRAFT_RESULT, "CV")
    assert "Công an phường" in caught.value.message
    act(
        dossier,
        Action.CONSULT_PARTNER,
        "CV",
        {"partners": ["cong-an-phuong", "bhxh-quan"], "request": "Đề nghị phối hợp"},
    )
    assert dossier.status == Status.CONSULTING
    police, insurance = dossier.consultations.order_by("partner__code").reverse()
    assert police.partner.code == "cong-an-phuong"
    assert police.due_date == date(2025, 3, 5)  # 2 working days (placeholder sub-deadline)
    act(
        dossier,
        Action.PARTNER_REPLY,
        "PH",
        {"consultation": police.pk, "reply": "Đã đăng ký thường trú"},
    )
    assert dossier.status == Status.CONSULTING  # still waiting for social insurance
    with pytest.raises(InvalidPayload):
        act(dossier, Action.PARTNER_REPLY, "PH", {"consultation": police.pk, "reply": "Lần hai"})
    act(dossier, Action.PARTNER_REPLY, "PH", {"reply": "Đã cấp thẻ BHYT"})
    assert dossier.status == Status.APPRAISING
    act(
        dossier,
        Action.DRAFT_RESULT,
        "CV",
        {"summary": "Cấp giấy khai sinh, xác nhận thường trú, thẻ BHYT"},
    )
    assert dossier.status == Status.DRAFT_SUBMITTED
    assert not Consultation.objects.filter(dossier=dossier, replied_at__isnull=True).exists()


def test_consultation_payload_rules():
    workspace = make_workspace()
    dossier = linked_dossier(workspace)
    for payload, field in [
        ({"partners": [], "request": "x"}, "partners"),
        ({"partners": ["khong-co"], "request": "x"}, "partners"),
        ({"partners": ["bhxh-quan"], "request": ""}, "request"),
    ]:
        with pytest.raises(InvalidPayload) as caught:
            act(dossier, Action.CONSULT_PARTNER, "CV", payload)
        assert caught.value.field == field
    assert not dossier.consultations.exists()


def test_a_refusal_needs_no_partner_reply():
    dossier = linked_dossier(make_workspace())
    act(
        dossier,
        Action.DRAFT_REFUSAL,
        "CV",
        {"reason": "Trẻ đã được đăng ký khai sinh", "legal_basis": "Luật Hộ tịch Đ.13"},
    )
    assert dossier.draft["kind"] == "refusal"


# Fees and payment ---------------------------------------------------------------------


def test_level_4_online_payment_issues_a_practice_receipt():
    workspace = make_workspace()
    dossier = walk_to(Status.SUBMITTED, workspace)
    with pytest.raises(InvalidPayload):
        act(dossier, Action.PAY_ONLINE, "CD", {"card_number": "0000000000000000"})
    assert dossier.fee_status == "unpaid" and not dossier.artefacts.filter(kind="receipt").exists()
    event = act(dossier, Action.PAY_ONLINE, "CD")
    assert dossier.fee_status == "paid"
    assert event.payload["transaction_id"].startswith("THU-NGHIEM-")
    receipt = dossier.artefacts.get(kind="receipt")
    assert receipt.content["amount"] == 100_000 and receipt.number == "0000001"
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.PAY_AT_DESK, "TN")
    assert "already been paid" in caught.value.message


def test_online_payment_is_only_for_level_4_online_dossiers():
    workspace = make_workspace()
    desk = make_dossier(workspace, channel="desk")
    act(desk, Action.DESK_ACCEPT, "TN")
    with pytest.raises(ActionNotAllowed):
        act(desk, Action.PAY_ONLINE, "CD")
    free = make_dossier(workspace, code="1.001193")
    act(free, Action.SUBMIT_ONLINE, "CD")
    with pytest.raises(ActionNotAllowed):
        act(free, Action.PAY_ONLINE, "CD")
    with pytest.raises(InvalidPayload):
        act(free, Action.PAY_AT_DESK, "TN")


def test_level_2_procedures_cannot_be_submitted_online():
    with pytest.raises(InvalidPayload) as caught:
        make_dossier(make_workspace(), code="2.000815", channel="online")
    assert caught.value.field == "channel"


def test_online_delivery_only_at_level_4():
    workspace = make_workspace()
    with pytest.raises(InvalidPayload):
        make_dossier(workspace, code="1.001193", delivery="online")
    with pytest.raises(InvalidPayload):
        make_dossier(workspace, channel="desk", delivery="online")
    assert make_dossier(workspace, delivery="online").delivery == "online"


# Returning the result ------------------------------------------------------------------


def resolved(workspace, **kwargs):
    return walk_to(Status.RESOLVED, workspace, **kwargs)


def test_level_4_online_result_after_online_payment():
    workspace = make_workspace()
    dossier = resolved(workspace, delivery="online")
    with pytest.raises(InvalidPayload):
        act(dossier, Action.RETURN_RESULT, "TN")  # not paid yet
    act(dossier, Action.PAY_ONLINE, "CD")
    act(dossier, Action.RETURN_RESULT, "TN")
    assert dossier.status == Status.RETURNED and dossier.returned_at == workspace.now
    titles = [a.content["title"] for a in dossier.artefacts.filter(kind="notice")]
    assert "THÔNG BÁO TRẢ KẾT QUẢ TRỰC TUYẾN" in titles


def test_postal_return_needs_a_tracking_number():
    workspace = make_workspace()
    dossier = resolved(workspace, delivery="post")
    act(dossier, Action.PAY_ONLINE, "CD")
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.RETURN_RESULT, "TN", {"method": "post"})
    assert caught.value.field == "tracking_number"
    with pytest.raises(InvalidPayload):
        act(dossier, Action.RETURN_RESULT, "TN", {"method": "desk", "id_checked": True})
    event = act(dossier, Action.RETURN_RESULT, "TN", {"tracking_number": "EV123VN"})
    assert event.payload["collected_by"] == "Bưu điện (EV123VN)"


def test_desk_return_checks_identity_fee_and_proxy():
    # Scenario 13: a neighbour collects without a notarised authorisation.
    workspace = make_workspace()
    dossier = resolved(workspace)
    cases = [
        ({"collect_fee": True}, "id_checked"),
        ({"id_checked": True}, "collect_fee"),
        (
            {
                "id_checked": True,
                "collect_fee": True,
                "collector": "proxy",
                "proxy_name": "Hàng xóm",
            },
            "authorisation",
        ),
        (
            {
                "id_checked": True,
                "collect_fee": True,
                "collector": "proxy",
                "proxy_name": "Em trai",
                "authorisation": "relative",
                "relationship": "em",
            },
            "authorisation",  # household business: no exemption for relatives
        ),
    ]
    for payload, field in cases:
        with pytest.raises(InvalidPayload) as caught:
            act(dossier, Action.RETURN_RESULT, "TN", payload)
        assert caught.value.field == field
    assert not dossier.artefacts.filter(kind="receipt").exists()
    event = act(
        dossier,
        Action.RETURN_RESULT,
        "TN",
        {
            "id_checked": True,
            "collect_fee": True,
            "collector": "proxy",
            "proxy_name": "Vũ Thị Lan",
            "authorisation": "notarised",
        },
    )
    assert event.payload["collected_by"] == "Vũ Thị Lan (ủy quyền)"
    assert dossier.fee_status == "paid"


def test_a_close_relative_collects_a_civil_status_result_without_notarisation():
    workspace = make_workspace()
    dossier = resolved(workspace, code="SANDBOX-05")
    act(
        dossier,
        Action.RETURN_RESULT,
        "TN",
        {
            "id_checked": True,
            "collect_fee": True,
            "collector": "proxy",
            "proxy_name": "Mẹ",
            "authorisation": "relative",
            "relationship": "mẹ đẻ",
        },
    )
    assert dossier.status == Status.RETURNED


def test_a_misrouted_dossier_goes_back_to_the_desk():
    workspace = make_workspace()
    dossier = walk_to(Status.ACCEPTED, workspace)
    event = act(dossier, Action.TRANSFER, "TN", {"to_unit": "tn-mt"})
    assert (event.payload["is_competent"], event.payload["competent_unit"]) == (False, "tc-kh")
    act(dossier, Action.REJECT_TRANSFER, "LDP", {"reason": "Không thuộc lĩnh vực tài nguyên"})
    assert dossier.status == Status.ACCEPTED and dossier.handling_unit is None
    assert act(dossier, Action.TRANSFER, "TN").payload["is_competent"] is True


def test_leader_and_signer_returns_keep_the_trace():
    workspace = make_workspace()
    dossier = walk_to(Status.PENDING_SIGNATURE, workspace)
    act(dossier, Action.SIGNER_REJECT, "LDK", {"reason": "Sai mã ngành"})
    assert dossier.status == Status.DRAFT_SUBMITTED and "approved_by" not in dossier.draft
    act(dossier, Action.LEADER_RETURN, "LDP", {"reason": "Sửa mã ngành"})
    assert dossier.status == Status.APPRAISING and dossier.draft is None
    returned = dossier.events.get(action="leader_return")
    assert returned.payload["draft"]["summary"] == "Đủ điều kiện"
    with pytest.raises(InvalidPayload):
        act(dossier, Action.DRAFT_REFUSAL, "CV", {"reason": "x"})
