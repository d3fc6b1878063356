"""The contents of the forms: Mẫu 01–04 issued by the services, the fee receipt, and the
Mẫu 05 / Mẫu 06 projections of the event log."""

from datetime import date

import pytest

from sandbox.artefacts import (
    control_sheet,
    render_control_sheet,
    render_tracking_book,
    tracking_book,
)
from sandbox.models import Artefact, ComponentState, Dossier
from sandbox.services import InvalidPayload, workspace_advance_clock, workspace_set_clock
from sandbox.workflow import Action, Status
from training.people.models import Unit

from .factories import act, at, calendar, make_dossier, make_workspace, walk_to

pytestmark = pytest.mark.django_db


def issued(dossier, kind) -> Artefact:
    return dossier.artefacts.get(kind=kind)


# Mẫu 01 -------------------------------------------------------------------------------


def test_mau_01_appointment_is_the_calendars_due_date_across_tet():
    # Scenario 2: a complete household-business dossier accepted Fri 24/1/2025 09:30.
    workspace = make_workspace(now=at("2025-01-24 09:30"))
    dossier = make_dossier(workspace, channel="desk", actor_name="Đặng Thị Mai")
    event = act(dossier, Action.DESK_ACCEPT, "TN", actor_name="Đặng Thị Mai")
    expected = calendar().due_date(at("2025-01-24 09:30"), working_days=3)
    assert expected == date(2025, 2, 5)
    assert dossier.due_date == dossier.original_due_date == expected
    form = issued(dossier, "mau_01").content
    assert form["appointment_at"] == "16 giờ 30 phút, ngày 05/02/2025"
    assert form["received_at"] == "09 giờ 30 phút, ngày 24/01/2025"
    assert form["due_date"] == "2025-02-05"
    assert form["dossier_code"] == dossier.code
    assert form["time_limit"] == "03 ngày làm việc"
    assert len(form["copies"]) == 2  # two liên
    assert form["signatures"] == {"submitter": dossier.applicant_name, "receiver": "Đặng Thị Mai"}
    assert [c["name"] for c in form["components"]] == list(
        dossier.components.values_list("name", flat=True)
    )
    assert form["book"] == {"volume": "2025", "entry": 1}
    assert event.payload["due_date"] == "2025-02-05"


def test_mau_01_for_a_same_day_procedure_after_15h():
    workspace = make_workspace(now=at("2025-08-29 15:20"))
    dossier = make_dossier(workspace, channel="desk", code="2.000815", fee_params={"pages": 3})
    act(dossier, Action.DESK_ACCEPT, "TN")
    form = issued(dossier, "mau_01").content
    assert dossier.due_date == date(2025, 9, 3)
    assert "ngày 03/09/2025" in form["appointment_at"]
    assert form["time_limit"].startswith("Trong ngày")
    assert dossier.fee_amount == 5_000


def test_acceptance_needs_every_required_paper():
    workspace = make_workspace()
    dossier = make_dossier(workspace, channel="desk", present=False)
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.DESK_ACCEPT, "TN")
    assert "Giấy đề nghị đăng ký hộ kinh doanh" in caught.value.message
    assert dossier.status == Status.AT_DESK and not dossier.artefacts.exists()
    for component in dossier.components.all():
        state = "present" if component.mandatory else "not_applicable"
        act(dossier, Action.CHECK_COMPONENT, "TN", {"component": component.pk, "state": state})
    act(dossier, Action.DESK_ACCEPT, "TN")
    assert dossier.status == Status.ACCEPTED


def test_a_mandatory_paper_cannot_be_ruled_out():
    dossier = make_dossier(make_workspace(), channel="desk", present=False)
    mandatory = dossier.components.filter(mandatory=True, condition="").first()
    with pytest.raises(InvalidPayload):
        act(
            dossier,
            Action.CHECK_COMPONENT,
            "TN",
            {"component": mandatory.pk, "state": "not_applicable"},
        )


def test_verification_extension_is_bounded_by_the_card():
    workspace = make_workspace()
    dossier = make_dossier(workspace, channel="desk", code="SANDBOX-02")
    with pytest.raises(InvalidPayload):
        act(
            dossier,
            Action.DESK_ACCEPT,
            "TN",
            {"extension_working_days": 6, "extension_reason": "x"},
        )
    with pytest.raises(InvalidPayload):
        act(dossier, Action.DESK_ACCEPT, "TN", {"extension_working_days": 5})
    act(
        dossier,
        Action.DESK_ACCEPT,
        "TN",
        {"extension_working_days": 5, "extension_reason": "Xác minh điều kiện kết hôn"},
    )
    assert dossier.due_date == date(2025, 3, 10)


# Mẫu 02 and 03 ------------------------------------------------------------------------


def test_mau_02_lists_every_missing_item_by_default():
    # Scenario 1: the family meeting minutes and the authorisation are missing.
    workspace = make_workspace()
    dossier = make_dossier(workspace, channel="desk", present=False)
    components = list(dossier.components.order_by("position"))
    for component in components[:2]:
        act(dossier, Action.CHECK_COMPONENT, "TN", {"component": component.pk, "state": "present"})
    act(
        dossier,
        Action.CHECK_COMPONENT,
        "TN",
        {"component": components[2].pk, "state": "missing", "note": "Chưa có biên bản"},
    )
    act(dossier, Action.DESK_REQUEST_SUPPLEMENT, "TN", {"reason": "Hồ sơ chưa đầy đủ"})
    form = issued(dossier, "mau_02").content
    assert [item["name"] for item in form["items"]] == [c.name for c in components[2:]]
    assert form["items"][0]["reason"] == "Chưa có biên bản"
    assert form["reason"] == "Hồ sơ chưa đầy đủ"
    assert form["stage"] == "reception"
    assert dossier.status == Status.GUIDED_SUPPLEMENT
    assert dossier.received_at is None and dossier.due_date is None  # clock not started


def test_mau_02_with_chosen_items_and_refusals():
    workspace = make_workspace()
    dossier = walk_to(Status.SUBMITTED, workspace)
    components = list(dossier.components.order_by("position"))
    cases = [
        ({"items": [], "reason": "x"}, "items"),  # nothing missing, nothing chosen
        ({"items": [components[0].pk], "reason": ""}, "reason"),
        ({"items": ["Sổ hộ khẩu"], "reason": "x"}, "items"),  # R-EXTRA: not on the card
        ({"items": [components[0].pk, components[0].pk], "reason": "x"}, "items"),
    ]
    for payload, field in cases:
        with pytest.raises(InvalidPayload) as caught:
            act(dossier, Action.DESK_REQUEST_SUPPLEMENT, "TN", payload)
        assert caught.value.field == field
    assert dossier.events.count() == 2
    act(
        dossier,
        Action.DESK_REQUEST_SUPPLEMENT,
        "TN",
        {
            "items": [{"component": components[1].pk, "reason": "Bản chụp mờ"}, components[0].pk],
            "reason": "Chưa hợp lệ",
        },
    )
    items = issued(dossier, "mau_02").content["items"]
    assert [(i["name"], i["reason"]) for i in items] == [
        (components[1].name, "Bản chụp mờ"),
        (components[0].name, ""),
    ]


def test_mau_02_refuses_papers_outside_the_card_with_the_prohibition():
    dossier = walk_to(Status.SUBMITTED, make_workspace())
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.DESK_REQUEST_SUPPLEMENT, "TN", {"items": [999999], "reason": "x"})
    assert "prohibited" in caught.value.message


def test_mau_03_has_the_reason_the_legal_basis_and_two_signatures():
    workspace = make_workspace()
    dossier = walk_to(Status.SUBMITTED, workspace)
    with pytest.raises(InvalidPayload) as caught:
        act(dossier, Action.DESK_REFUSE, "TN", {"reason": "Không thuộc thẩm quyền"})
    assert caught.value.field == "legal_basis"
    act(
        dossier,
        Action.DESK_REFUSE,
        "TN",
        {"reason": "<b>Không</b> thuộc thẩm quyền", "legal_basis": "NĐ 23/2015 Điều 5"},
        actor_name="Đặng Thị Mai",
    )
    form = issued(dossier, "mau_03").content
    assert form["reason"] == "Không thuộc thẩm quyền"  # tags stripped
    assert form["legal_basis"] == "NĐ 23/2015 Điều 5"
    assert form["signatures"] == {"submitter": dossier.applicant_name, "receiver": "Đặng Thị Mai"}
    html = issued(dossier, "mau_03").render_html()
    assert "NGƯỜI NỘP HỒ SƠ" in html and "NGƯỜI TIẾP NHẬN HỒ SƠ" in html
    assert dossier.closed_at == workspace.now


# Mẫu 04 -------------------------------------------------------------------------------


@pytest.fixture
def late_dossier():
    # Scenario 7: a marital-status certificate received Mon 28/4/2025, due Tue 6/5/2025.
    workspace = make_workspace(now=at("2025-04-28 09:00"))
    dossier = make_dossier(workspace, channel="desk", code="1.004873")
    for action, role, payload in [
        (Action.DESK_ACCEPT, "TN", {}),
        (Action.TRANSFER, "TN", {}),
        (Action.ASSIGN, "LDP", {"specialist": "Hoàng Văn Nam"}),
        (Action.START_APPRAISAL, "CV", {}),
    ]:
        act(dossier, action, role, payload)
    assert dossier.due_date == date(2025, 5, 6)
    return dossier


def apologise(dossier, *, new_date=date(2025, 5, 8), capacity="head"):
    act(
        dossier,
        Action.DRAFT_APOLOGY,
        "CV",
        {"reason": "Chờ xác minh tại nơi cư trú cũ", "new_date": new_date},
    )
    return act(
        dossier,
        Action.SIGN_APOLOGY,
        "LDK",
        {"signer_capacity": capacity, "signer_name": "Lê Văn Ký"},
    )


def test_mau_04_on_the_last_allowed_day(late_dossier):
    workspace_set_clock(workspace=late_dossier.workspace, to=at("2025-05-05 10:00"))
    apologise(late_dossier)
    form = issued(late_dossier, "mau_04").content
    assert form["new_date"] == "08/05/2025"
    assert form["original_appointment"] == "06/05/2025"
    assert form["reason"] == "Chờ xác minh tại nơi cư trú cũ"
    assert form["signer"] == {"capacity": "head", "block": ["CHỦ TỊCH"], "name": "Lê Văn Ký"}
    assert form["to"] == late_dossier.applicant_name
    assert form["receipt_number"] == issued(late_dossier, "mau_01").number
    assert late_dossier.apology_due_date == date(2025, 5, 8)
    assert late_dossier.due_date == date(2025, 5, 6)  # statistics keep the original date
    assert late_dossier.status == Status.APPRAISING  # processing continues


def test_mau_04_signed_by_a_deputy_on_behalf_of_the_head(late_dossier):
    apologise(late_dossier, capacity="deputy")
    block = issued(late_dossier, "mau_04").content["signer"]["block"]
    assert block == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert "KT. CHỦ TỊCH" in issued(late_dossier, "mau_04").render_html()


def test_mau_04_too_late_is_refused(late_dossier):
    workspace_set_clock(workspace=late_dossier.workspace, to=at("2025-05-06 08:00"))
    with pytest.raises(InvalidPayload) as caught:
        act(late_dossier, Action.DRAFT_APOLOGY, "CV", {"reason": "x", "new_date": date(2025, 5, 8)})
    assert "at least one working day before the due date" in caught.value.message
    assert late_dossier.apology_draft is None


def test_mau_04_drafted_in_time_but_signed_too_late_is_refused(late_dossier):
    act(late_dossier, Action.DRAFT_APOLOGY, "CV", {"reason": "x", "new_date": date(2025, 5, 8)})
    workspace_advance_clock(workspace=late_dossier.workspace, working_days=6)
    with pytest.raises(InvalidPayload):
        act(late_dossier, Action.SIGN_APOLOGY, "LDK", {"signer_capacity": "head"})
    assert not late_dossier.artefacts.filter(kind="mau_04").exists()


def test_mau_04_only_once(late_dossier):
    apologise(late_dossier)
    with pytest.raises(InvalidPayload) as caught:
        act(
            late_dossier, Action.DRAFT_APOLOGY, "CV", {"reason": "x", "new_date": date(2025, 5, 12)}
        )
    assert "only once" in caught.value.message
    assert late_dossier.artefacts.filter(kind="mau_04").count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reason": "x", "new_date": date(2025, 5, 6)}, "new_date"),  # not after the due date
        ({"reason": "x", "new_date": date(2025, 5, 10)}, "new_date"),  # a Saturday
        ({"reason": "", "new_date": date(2025, 5, 8)}, "reason"),
        ({"reason": "x", "new_date": "8/5"}, "new_date"),
    ],
)
def test_mau_04_draft_rules(late_dossier, payload, field):
    with pytest.raises(InvalidPayload) as caught:
        act(late_dossier, Action.DRAFT_APOLOGY, "CV", payload)
    assert caught.value.field == field


@pytest.mark.parametrize("capacity", ["", "desk_officer", "specialist"])
def test_mau_04_signer_must_be_the_head_or_a_deputy(late_dossier, capacity):
    act(late_dossier, Action.DRAFT_APOLOGY, "CV", {"reason": "x", "new_date": date(2025, 5, 8)})
    with pytest.raises(InvalidPayload):
        act(late_dossier, Action.SIGN_APOLOGY, "LDK", {"signer_capacity": capacity})
    assert late_dossier.apology_due_date is None


def test_the_desk_officer_cannot_sign_an_apology(late_dossier):
    from sandbox.services import RoleNotAllowed

    act(late_dossier, Action.DRAFT_APOLOGY, "CV", {"reason": "x", "new_date": date(2025, 5, 8)})
    with pytest.raises(RoleNotAllowed):
        act(late_dossier, Action.SIGN_APOLOGY, "TN", {"signer_capacity": "head"})


# Receipts, results and HTML -----------------------------------------------------------


def test_every_issued_document_renders_as_escaped_print_html():
    workspace = make_workspace()
    dossier = make_dossier(
        workspace,
        channel="desk",
        applicant={
            "name": "Lê <script>alert(1)</script> Hoa",
            "id_number": "000000000001",
            "address": "Số 1 Quan Nhân",
        },
    )
    for action, role, payload in [
        (Action.DESK_ACCEPT, "TN", {}),
        (Action.PAY_AT_DESK, "TN", {}),
        (Action.TRANSFER, "TN", {}),
        (Action.ASSIGN, "LDP", {"specialist": "Nam"}),
        (Action.START_APPRAISAL, "CV", {}),
        (Action.DRAFT_RESULT, "CV", {"summary": "Cấp giấy <i>chứng nhận</i>"}),
        (Action.LEADER_APPROVE, "LDP", {}),
        (Action.SIGN, "LDK", {}),
        (Action.REGISTRY_ISSUE, "VT", {}),
    ]:
        act(dossier, action, role, payload)
    assert dossier.applicant_name == "Lê alert(1) Hoa"
    kinds = set(dossier.artefacts.values_list("kind", flat=True))
    assert kinds == {"mau_01", "receipt", "result"}
    for artefact in dossier.artefacts.all():
        html = artefact.render_html()
        assert "PRACTICE" in html or "THỰC HÀNH" in html.upper()
        assert "<script>" not in html
        assert dossier.code in html
    receipt = issued(dossier, "receipt").content
    assert (receipt["amount"], receipt["method"]) == (100_000, "desk")
    result = issued(dossier, "result")
    assert result.number == "1/2025" == dossier.result_number


# Mẫu 05 and Mẫu 06 --------------------------------------------------------------------


def test_mau_05_rows_come_from_the_events():
    workspace = make_workspace(now=at("2025-03-03 16:10"))  # received after 15:00
    dossier = walk_to(Status.ACCEPTED, workspace)
    workspace_advance_clock(workspace=workspace, days=1)  # Tuesday: next working day
    act(dossier, Action.TRANSFER, "TN")
    act(dossier, Action.ASSIGN, "LDP", {"specialist": "Trần Văn Chuyên"})
    act(dossier, Action.START_APPRAISAL, "CV")
    act(dossier, Action.DRAFT_RESULT, "CV", {"summary": "Đủ điều kiện"})
    act(dossier, Action.LEADER_RETURN, "LDP", {"reason": "Sai mã ngành"})
    sheet = control_sheet(dossier)
    rows = sheet["rows"]
    assert [row["action"] for row in rows] == [
        "transfer",
        "assign",
        "draft_result",
        "leader_return",
    ]
    assert rows[0]["giver"] == "Bộ phận Tiếp nhận và Trả kết quả"
    assert rows[0]["receiver"] == "Phòng Tài chính – Kế hoạch"
    assert rows[0]["result_label"] == "Đúng hạn"
    assert rows[1]["receiver"] == "Chuyên viên Trần Văn Chuyên"
    assert "Sai mã ngành" in rows[3]["note"]
    assert sheet["lead_agency"] == "Phòng Tài chính – Kế hoạch"
    assert "Sai mã ngành" in render_control_sheet(dossier)


def test_mau_05_marks_a_late_transfer_and_the_result_class():
    workspace = make_workspace()
    dossier = walk_to(Status.ACCEPTED, workspace)
    workspace_advance_clock(workspace=workspace, days=2)  # Wednesday, received Monday 09:00
    for action, role, payload in [
        (Action.TRANSFER, "TN", {}),
        (Action.ASSIGN, "LDP", {"specialist": "Nam"}),
        (Action.START_APPRAISAL, "CV", {}),
        (Action.DRAFT_RESULT, "CV", {}),
        (Action.LEADER_APPROVE, "LDP", {}),
        (Action.SIGN, "LDK", {}),
        (Action.REGISTRY_ISSUE, "VT", {}),
    ]:
        act(dossier, action, role, payload)
    workspace_advance_clock(workspace=workspace, days=2)  # Friday, due Thursday
    act(dossier, Action.RETURN_TO_DESK, "VT")
    rows = {row["action"]: row for row in control_sheet(dossier)["rows"]}
    assert rows["transfer"]["result_label"] == "Quá hạn"
    assert rows["return_to_desk"]["result_label"] == "Quá hạn"
    assert Dossier.objects.with_resolution_class().get(pk=dossier.pk).resolution_class == "late"


def test_mau_06_is_rebuilt_from_the_events_in_one_query(django_assert_num_queries):
    workspace = make_workspace()
    vp = Unit.objects.get(code="vp")
    returned = walk_to(Status.RETURNED, workspace)
    walk_to(Status.APPRAISING, workspace)
    walk_to(Status.GUIDED_SUPPLEMENT, workspace)  # never accepted: not in the book
    with django_assert_num_queries(1):
        book = tracking_book(workspace, vp)
    rows = book["rows"]
    assert [row["entry"] for row in rows] == [1, 2]
    first = rows[0]
    assert first["code"] == returned.code
    assert first["appointment_at"] == "16 giờ 30 phút, ngày 06/03/2025"
    assert first["lead_agency"] == "Phòng Tài chính – Kế hoạch"
    assert first["returned_at"] and first["collected_by"] == returned.applicant_name
    assert rows[1]["returned_at"] == ""
    assert book["columns_unverified"] is True
    for _ in range(3):
        walk_to(Status.RESOLVED, workspace)
    with django_assert_num_queries(1):
        assert len(tracking_book(workspace, vp)["rows"]) == 5
    assert returned.code in render_tracking_book(workspace, vp, year=2025)
    assert tracking_book(workspace, vp, year=2024)["rows"] == []


def test_components_states_are_kept_per_dossier():
    dossier = make_dossier(make_workspace(), channel="desk", present=False)
    assert set(dossier.components.values_list("state", flat=True)) == {ComponentState.MISSING}
    assert dossier.components.count() == len(dossier.card.components)
    assert dossier.sets_count == 1
