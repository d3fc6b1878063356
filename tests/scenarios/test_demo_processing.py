"""The department and head-of-desk demo scenarios (`demo_processing.py`): each solved
correctly scores 100 %, and each common mistake of `dossier-workflow.md` §6 loses exactly
its criteria (with feedback and a legal basis), or fails on a critical one."""

import datetime

import pytest

from sandbox.calendar import VN_TZ, WorkingCalendar
from sandbox.models import Artefact, Dossier, DossierEvent
from sandbox.procedures import compute_appointment
from sandbox.scenarios.assessor import assess
from sandbox.scenarios.demo import scenario_page
from sandbox.scenarios.demo_processing import PROCESSING_SCENARIOS
from sandbox.scenarios.models import spec_errors
from sandbox.scenarios.services import load_trace, report_figures
from sandbox.services import InvalidPayload
from tests.scenarios.factories import Player, enrolled_officer, make_scenario

pytestmark = pytest.mark.django_db

GPXD_SLUG = "bo-sung-trong-tham-dinh-gpxd"
APOLOGY_SLUG = "xin-loi-ho-so-tre-han"
REPORT_SLUG = "doi-chieu-bao-cao-ii06a"

# Scenario 6 criteria
WRITTEN = "Yêu cầu bổ sung bằng văn bản (Mẫu 02)"
LISTS = "Mẫu 02 nêu bản cam kết bảo đảm an toàn công trình liền kề"
WITHIN_7 = "Thông báo bổ sung trong 7 ngày làm việc kể từ khi nhận hồ sơ"
ONCE = "Chỉ một lần yêu cầu bổ sung"
SHIFT = "Hạn giải quyết lùi đúng 3 ngày làm việc tạm dừng"
# Scenario 7 criteria
APOL_ON_TIME = "Phiếu xin lỗi ban hành chậm nhất ngày 05/5/2025"
APOL_SIGNER = "Người đứng đầu cơ quan ký (hoặc cấp phó ký thay)"
APOL_CONTENT = "Nêu lý do chậm và một ngày hẹn mới sau 06/5/2025"
APOL_ONE = "Chỉ một phiếu xin lỗi, hẹn lại một lần"
# Scenario 8 criteria
RECEIVED_TOTAL = "Tổng số hồ sơ tiếp nhận"
ON_TIME = "Đã giải quyết đúng hạn"
LATE = "Đã giải quyết quá hạn"
WITHIN = "Đang giải quyết trong hạn"
OVERDUE = "Đang giải quyết quá hạn"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def assert_explained(result: dict):
    """Every lost criterion says why, and on what legal basis."""
    for c in result["criteria"]:
        if not c["passed"]:
            assert c["feedback"].strip(), c["title"]
            assert c["legal_basis"].strip(), c["title"]
            assert c["rule"], c["title"]


def test_processing_scenarios_validate_and_their_clocks_are_consistent():
    assert {s["slug"] for s in PROCESSING_SCENARIOS} == {GPXD_SLUG, APOLOGY_SLUG, REPORT_SLUG}
    for definition in PROCESSING_SCENARIOS:
        spec = scenario_page(definition).build_spec()
        assert spec_errors(spec) == [], definition["slug"]
        clock = datetime.datetime.fromisoformat(spec["clock_start"])
        for seed in spec["dossiers"]:
            assert datetime.datetime.fromisoformat(seed["arrives_at"]) < clock
        for item in spec["history"]:
            assert datetime.date.fromisoformat(item["period_end"]) < clock.date()
            assert {k: item[k] for k in ("unit", "period_start", "period_end")} == spec["report"]


# ---------------------------------------------------------------------------------------
# 6. Supplement during appraisal (GPXD)
# ---------------------------------------------------------------------------------------


def gpxd_player() -> Player:
    scenario = make_scenario(GPXD_SLUG)
    return Player(scenario, enrolled_officer(scenario, unit="qldt"))


def request_supplement(p: Player, position: int, reason: str):
    """CV finds paper `position` missing and drafts Mẫu 02; LĐP approves it."""
    component = p.components()[position - 1]
    p.do("A", "check_component", "CV", {"component": component.pk, "state": "missing"})
    p.do(
        "A",
        "draft_supplement",
        "CV",
        {"items": [{"component": component.pk, "reason": reason}], "reason": reason},
    )
    p.do("A", "approve_supplement", "LDP")


def finish(p: Player):
    p.do("A", "draft_result", "CV", {"summary": "Đủ điều kiện cấp giấy phép xây dựng."})
    p.do("A", "leader_approve", "LDP")


def test_supplement_during_appraisal_solved():
    p = gpxd_player()
    dossier = p.dossier()
    # Seeded on day 4 of processing: received Mon 3/3/2025, due 15 working days later.
    assert dossier.status == "appraising"
    assert dossier.received_at.astimezone(VN_TZ).date() == d("2025-03-03")
    assert p.workspace.now.astimezone(VN_TZ).date() == d("2025-03-07")
    assert dossier.due_date == d("2025-03-24")
    commitment = p.components()[3]
    assert commitment.state == "not_applicable"  # the desk let it through
    request_supplement(p, 4, "Nhà xây chen: cần bản cam kết an toàn công trình liền kề.")
    assert p.dossier().status == "supplement_requested"
    assert Artefact.objects.filter(dossier=dossier, kind="mau_02").count() == 1

    # The investor supplements 3 working days later, and not before.
    p.advance(working_days=2)
    assert p.dossier().status == "supplement_requested"
    p.advance(working_days=1)
    dossier = p.dossier()
    assert dossier.status == "appraising"
    supplied = DossierEvent.objects.get(dossier=dossier, action="citizen_supplement")
    assert supplied.actor_id is None and supplied.role == "CD"
    assert supplied.sim_at.astimezone(VN_TZ).date() == d("2025-03-12")
    # The due date moved on by exactly the 3 working days of the pause: not restarted.
    calendar = WorkingCalendar.for_profile("B")
    assert dossier.original_due_date == d("2025-03-24")
    assert dossier.due_date == calendar.add_working_days(d("2025-03-24"), 3) == d("2025-03-27")
    assert dossier.due_date != calendar.add_working_days(d("2025-03-12"), 15)

    finish(p)
    attempt = p.submit()
    assert p.lost() == []
    assert attempt.score == 100 and attempt.passed


def test_supplement_by_phone_fails_on_the_written_form():
    p = gpxd_player()
    commitment = p.components()[3]
    p.do("A", "check_component", "CV", {"component": commitment.pk, "state": "missing"})
    p.do(
        "A",
        "add_note",
        "CV",
        {"text": "Đã gọi điện cho chủ đầu tư đề nghị bổ sung bản cam kết."},
    )
    p.advance(working_days=3)
    finish(p)
    attempt = p.submit()
    assert p.lost() == [WRITTEN, LISTS, WITHIN_7, SHIFT]
    assert attempt.passed is False
    assert attempt.result["critical_failures"] == [p.result(WRITTEN)["key"]]
    # No pause without a written request: the due date did not move.
    assert p.dossier().due_date == d("2025-03-24")
    assert_explained(attempt.result)


def test_second_request_on_day_12_breaks_the_once_rule():
    p = gpxd_player()
    request_supplement(p, 4, "Nhà xây chen: cần bản cam kết an toàn công trình liền kề.")
    p.advance(working_days=3)
    assert p.dossier().status == "appraising"
    # Day 12 of processing (the pause does not count): 24/3/2025.
    p.advance(working_days=8)
    assert p.workspace.now.astimezone(VN_TZ).date() == d("2025-03-24")
    request_supplement(p, 2, "Bản sao giấy tờ đất chưa chứng thực.")
    p.advance(working_days=3)
    dossier = p.dossier()
    assert dossier.status == "appraising"  # the investor answered again (second script)
    assert Artefact.objects.filter(dossier=dossier, kind="mau_02").count() == 2
    assert dossier.due_date == d("2025-04-01")  # 6 working days of pauses
    finish(p)
    attempt = p.submit()
    assert p.lost() == [ONCE, SHIFT]
    assert p.result(ONCE)["observed"] == "2 time(s)"
    assert attempt.passed is False
    assert_explained(attempt.result)


def test_request_after_the_seventh_working_day_is_late():
    p = gpxd_player()
    p.advance(working_days=5)  # Fri 14/3: day 9 after receipt
    request_supplement(p, 4, "Nhà xây chen: cần bản cam kết an toàn công trình liền kề.")
    p.advance(working_days=3)
    finish(p)
    attempt = p.submit()
    assert p.lost() == [WITHIN_7]
    assert p.result(WITHIN_7)["expected"] == "by 12/03/2025"
    assert attempt.passed  # 9 of 11 points
    assert_explained(attempt.result)


# ---------------------------------------------------------------------------------------
# 7. Late dossier: apology (Mẫu 04)
# ---------------------------------------------------------------------------------------


def apology_player() -> Player:
    scenario = make_scenario(APOLOGY_SLUG)
    return Player(scenario, enrolled_officer(scenario, unit="nhan-chinh"))


APOLOGY = {
    "reason": "Chưa nhận được kết quả xác minh tình trạng hôn nhân từ phường Thanh Xuân Bắc.",
    "new_date": "2025-05-08",
}


def test_apology_solved_by_the_head_of_the_agency():
    p = apology_player()
    dossier = p.dossier()
    # Received Mon 28/4/2025 09:00: 3 working days are 29/4, 5/5 and 6/5 (30/4–4/5 off,
    # Sat 26/4 worked in exchange for Fri 2/5).
    calendar = WorkingCalendar.for_profile("B")
    received = datetime.datetime(2025, 4, 28, 9, 0, tzinfo=VN_TZ)
    assert dossier.received_at == received
    assert compute_appointment(dossier.card, received, calendar).due_date == d("2025-05-06")
    assert dossier.due_date == d("2025-05-06")
    assert p.workspace.now == datetime.datetime(2025, 5, 5, 8, 30, tzinfo=VN_TZ)

    p.do("A", "draft_apology", "CV", APOLOGY)
    p.do("A", "sign_apology", "LDK", {"signer_capacity": "head", "signer_name": "Lê Văn Hùng"})
    p.do("A", "add_note", "CV", {"text": "Mẫu 05: hẹn lại 08/5/2025, đã báo Bộ phận Một cửa."})
    dossier = p.dossier()
    assert dossier.apology_due_date == d("2025-05-08")
    assert dossier.due_date == d("2025-05-06")  # the statistics keep the original date
    attempt = p.submit()
    assert p.lost() == []
    assert attempt.score == 100 and attempt.passed


def test_apology_by_a_deputy_is_accepted_and_a_second_rescheduling_refused():
    p = apology_player()
    p.do("A", "draft_apology", "CV", APOLOGY)
    p.do("A", "sign_apology", "LDK", {"signer_capacity": "deputy", "signer_name": "Phó Chủ tịch"})
    p.do("A", "add_note", "CV", {"text": "Mẫu 05: đã hẹn lại, báo Bộ phận Một cửa."})
    with pytest.raises(InvalidPayload) as refused:
        p.do("A", "draft_apology", "CV", {"reason": "Vẫn chưa xác minh.", "new_date": "2025-05-12"})
    assert refused.value.message == (
        "The new date may be set only once: this dossier already has an apology."
    )
    assert Artefact.objects.filter(dossier=p.dossier(), kind="mau_04").count() == 1
    attempt = p.submit()
    assert p.lost() == []
    assert attempt.score == 100


def test_apology_after_the_due_date_is_refused_and_loses_the_apology_criteria():
    p = apology_player()
    p.advance(working_days=2)  # Wed 7/5/2025, after the due date
    with pytest.raises(InvalidPayload) as refused:
        p.do("A", "draft_apology", "CV", APOLOGY)
    assert refused.value.message == (
        "An apology must be issued at least one working day before the due date (06/05/2025)."
    )
    assert p.dossier().apology_draft is None
    p.do("A", "add_note", "CV", {"text": "Mẫu 05: hồ sơ trễ hạn."})
    attempt = p.submit()
    assert p.lost() == [APOL_ON_TIME, APOL_SIGNER, APOL_CONTENT, APOL_ONE]
    assert attempt.passed is False
    assert_explained(attempt.result)


def test_apology_refused_on_the_due_date_itself():
    p = apology_player()
    p.advance(working_days=1)  # Tue 6/5: not one working day before any more
    with pytest.raises(InvalidPayload):
        p.do("A", "draft_apology", "CV", APOLOGY)


# ---------------------------------------------------------------------------------------
# 8. Report reconciliation (II.06a)
# ---------------------------------------------------------------------------------------

OCTOBER_END = d("2024-10-31")


def report_player() -> Player:
    scenario = make_scenario(REPORT_SLUG)
    return Player(scenario, enrolled_officer(scenario, unit="khuong-mai"), seed=20241031)


def test_report_solved():
    p = report_player()
    spec = p.attempt.version.spec
    figures = report_figures(p.workspace, spec["report"])
    assert figures["received_total"] == figures["resolved_total"] + figures["in_progress_total"]
    assert figures["received_total"] == (
        figures["carried_over"] + figures["new_online"] + figures["new_direct"]
    )
    attempt = p.submit({name: str(value) for name, value in figures.items()})
    assert p.lost() == []
    assert attempt.score == 100 and attempt.passed


def test_report_mistakes_lose_their_figures():
    p = report_player()
    spec = p.attempt.version.spec
    figures = report_figures(p.workspace, spec["report"])
    ward = Dossier.objects.filter(workspace=p.workspace, handling_unit__code="khuong-mai")
    # Waiting for a supplement with the (unshifted) due date already passed.
    paused = ward.filter(status="supplement_requested", due_date__lt=OCTOBER_END).count()
    apologised = ward.filter(
        apology_due_date__isnull=False, resolved_at__date__lte=OCTOBER_END
    ).count()
    assert paused >= 1 and apologised >= 1 and figures["carried_over"] >= 1

    paused_as_overdue = dict(
        figures,
        in_progress_within=figures["in_progress_within"] - paused,
        in_progress_overdue=figures["in_progress_overdue"] + paused,
    )
    only_new = dict(figures, received_total=figures["new_online"] + figures["new_direct"])
    apology_on_time = dict(
        figures,
        resolved_on_time=figures["resolved_on_time"] + apologised,
        resolved_late=figures["resolved_late"] - apologised,
    )
    trace = load_trace(p.attempt)
    for answers, lost in (
        (paused_as_overdue, [WITHIN, OVERDUE]),
        (only_new, [RECEIVED_TOTAL]),
        (apology_on_time, [ON_TIME, LATE]),
    ):
        trace.answers = answers
        result = assess(spec, trace).as_dict()
        assert [c["title"] for c in result["criteria"] if not c["passed"]] == lost
        assert result["passed"] is False
        assert_explained(result)
    # The stored result of a submitted attempt says the same.
    attempt = p.submit(only_new)
    assert p.lost() == [RECEIVED_TOTAL]
    assert p.result(RECEIVED_TOTAL)["expected"] == str(figures["received_total"])
    assert "§3.5" in p.result(RECEIVED_TOTAL)["feedback"]
    assert attempt.score == 80 and not attempt.passed
