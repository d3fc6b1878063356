"""The one-stop-desk demo scenarios (`dossier-workflow.md` §6 nos. 1–5, as corrected by
`verification.md`): each one solved correctly scores 100 %, and each common mistake of §6
loses exactly the criteria it should (with their feedback and legal basis) or fails the
attempt on a critical criterion. Warnings (unverified rules) never cost points."""

import datetime
from decimal import Decimal

import pytest

from sandbox.models import Artefact, Dossier, Procedure
from sandbox.scenarios.demo import scenario_page
from sandbox.scenarios.demo_desk import DESK_SCENARIOS
from sandbox.scenarios.models import spec_errors
from sandbox.scenarios.services import workspace_from_spec
from sandbox.services import InvalidPayload
from sandbox.workflow import ActorRole
from tests.scenarios.factories import Player, definition, enrolled_officer, make_scenario

pytestmark = pytest.mark.django_db

HKD = "ho-kinh-doanh-thieu-giay-to"
TET = "hen-tra-qua-tet"
COPY = "chung-thuc-sau-15-gio-truoc-le"
WRONG_TIER = "sai-tham-quyen-giay-to-nuoc-ngoai"
GPXD = "chuyen-ho-so-giay-phep-xay-dung"


def play(slug: str, **overrides) -> Player:
    scenario = make_scenario(slug, **overrides)
    return Player(scenario, enrolled_officer(scenario))


def titles(slug: str) -> list[str]:
    return [c["title"] for c in definition(slug)["rubric"]]


def assert_lost(p: Player, expected: set[str]) -> None:
    """Exactly `expected` is lost, and every lost criterion explains itself."""
    assert set(p.lost()) == expected
    for title in expected:
        result = p.result(title)
        assert result["feedback"], title
        assert result["legal_basis"], title


def assert_full_marks(p: Player) -> None:
    p.scenario.full_clean()  # publishable: a scenario that cannot be graded would raise
    assert p.lost() == [], p.attempt.result
    assert p.attempt.score == 100
    assert p.attempt.passed is True
    assert p.attempt.result["critical_failures"] == []


def criterion_keys(p: Player, wanted: set[str]) -> set[str]:
    return {c["key"] for c in p.attempt.result["criteria"] if c["title"] in wanted}


# ---------------------------------------------------------------------------------------
# Every desk scenario: gradable, coherent clock, deterministic seeding, in the TN queue
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", DESK_SCENARIOS, ids=[s["slug"] for s in DESK_SCENARIOS])
def test_scenario_is_gradable_and_seeds_deterministically(item):
    spec = scenario_page(item).build_spec()
    assert spec_errors(spec) == []
    clock = datetime.datetime.fromisoformat(spec["clock_start"])
    assert all(clock >= datetime.datetime.fromisoformat(d["arrives_at"]) for d in spec["dossiers"])

    one, map_one, truth_one = workspace_from_spec(spec, seed=11, owner=None, title="một")
    two, _map_two, truth_two = workspace_from_spec(spec, seed=11, owner=None, title="hai")
    other, _map_other, _truth = workspace_from_spec(spec, seed=12, owner=None, title="ba")

    def people(workspace):
        return list(
            Dossier.objects.filter(workspace=workspace)
            .order_by("pk")
            .values_list("applicant_name", "applicant_id_number", "status", "procedure__code")
        )

    assert people(one) == people(two)
    assert list(truth_one.values()) == list(truth_two.values())
    assert [p[0] for p in people(one)] != [p[0] for p in people(other)]
    # A fresh workspace shows the dossier waiting at the desk, at the clock of the scenario
    # (the seed's variant of it).
    starts = [clock] + [datetime.datetime.fromisoformat(v) for v in spec["clock_variants"]]
    assert one.now in starts
    queue = Dossier.objects.in_workspace(one).queue(ActorRole.TN)
    assert set(queue.values_list("pk", flat=True)) == set(map_one["A"])


def test_variants_of_the_missing_papers_follow_the_seed():
    spec = scenario_page(definition(HKD)).build_spec()
    drawn = {
        tuple(
            workspace_from_spec(spec, seed=seed, owner=None, title="x")[2].popitem()[1]["missing"]
        )
        for seed in range(8)
    }
    assert drawn == {(2, 3), (3, 4)}


# ---------------------------------------------------------------------------------------
# 1. Incomplete household-business dossier
# ---------------------------------------------------------------------------------------


class TestIncompleteHouseholdBusiness:
    NO_SLIP, TRUTHFUL, FORM_02, LISTS_ALL, SINGLE, EXTRA = titles(HKD)

    def test_one_mau_02_listing_every_missing_paper(self):
        p = play(HKD)
        p.check_all()
        p.do("A", "desk_request_supplement", "TN", {"reason": "Hồ sơ chưa đầy đủ thành phần."})
        p.submit()
        assert_full_marks(p)
        dossier = p.dossier()
        # No Mẫu 01, the clock has not started.
        assert dossier.status == "guided_supplement"
        assert dossier.received_at is None and dossier.due_date is None

    def test_issuing_mau_01_anyway_fails_on_r_comp(self):
        p = play(HKD)
        p.check_all(truthful=False)  # the missing papers marked present
        p.do("A", "desk_accept", "TN")
        attempt = p.submit()
        assert_lost(p, {self.NO_SLIP, self.TRUTHFUL, self.FORM_02, self.LISTS_ALL, self.SINGLE})
        assert attempt.passed is False
        assert set(attempt.result["critical_failures"]) == criterion_keys(
            p, {self.NO_SLIP, self.TRUTHFUL}
        )

    def test_asking_for_one_paper_per_visit_breaks_r_once(self):
        p = play(HKD)
        p.check_all()
        truth = p.attempt.truth[str(p.dossier().pk)]
        by_position = {c.position + 1: c.pk for c in p.components()}
        minutes, other = 3, next(n for n in truth["missing"] if n != 3)
        p.do(
            "A",
            "desk_request_supplement",
            "TN",
            {"items": [by_position[minutes]], "reason": "Thiếu biên bản họp thành viên."},
        )
        # The applicant comes back with the minutes and is sent away for the next paper.
        p.do("A", "resubmit_at_desk", "TN", {"note": "Người nộp mang biên bản họp đến."})
        p.do(
            "A",
            "desk_request_supplement",
            "TN",
            {"items": [by_position[other]], "reason": "Còn thiếu giấy tờ."},
        )
        attempt = p.submit()
        assert_lost(p, {self.LISTS_ALL, self.SINGLE})
        assert attempt.passed is False
        assert p.result(self.SINGLE)["observed"] == "2 issued"

    def test_asking_for_the_household_register_breaks_r_extra(self):
        p = play(HKD)
        p.check_all()
        p.do(
            "A",
            "desk_request_supplement",
            "TN",
            {"reason": "Bổ sung các giấy tờ còn thiếu và bản photo sổ hộ khẩu của hộ gia đình."},
        )
        attempt = p.submit()
        assert_lost(p, {self.EXTRA})
        assert p.result(self.EXTRA)["observed"] == "asked for: sổ hộ khẩu, hộ khẩu"
        # A prohibited act (NĐ 61/2018 Điều 5): the attempt fails whatever the score.
        assert attempt.score == Decimal("81.82")
        assert attempt.passed is False
        assert attempt.result["critical_failures"] == list(criterion_keys(p, {self.EXTRA}))

    def test_a_paper_outside_the_card_cannot_be_listed(self):
        p = play(HKD)
        p.check_all()
        version = p.dossier().version
        with pytest.raises(InvalidPayload) as refused:
            p.do(
                "A",
                "desk_request_supplement",
                "TN",
                {"items": [{"component": 10**9, "reason": "Hợp đồng thuê nhà"}], "reason": "x"},
            )
        assert refused.value.message == (
            "Only papers listed on the procedure card may be requested; asking for others is "
            "prohibited."
        )
        assert refused.value.field == "items"
        assert p.dossier().version == version
        assert not Artefact.objects.filter(dossier=p.dossier(), kind="mau_02").exists()


# ---------------------------------------------------------------------------------------
# 2. Appointment across Tết
# ---------------------------------------------------------------------------------------


class TestAppointmentAcrossTet:
    SLIP, DUE, FEE, ROUTE, XFER = titles(TET)

    def solve(self, p: Player, *, date="2025-02-05"):
        p.check_all()
        p.do("A", "desk_accept", "TN", {"appointment_date": date, "fee_amount": 100000})

    def test_wednesday_5_february(self):
        p = play(TET)
        self.solve(p)
        p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})
        p.submit()
        assert_full_marks(p)
        assert p.dossier().due_date == datetime.date(2025, 2, 5)

    @pytest.mark.parametrize(
        "date",
        [
            pytest.param("2025-01-27", id="calendar-days"),
            pytest.param("2025-02-04", id="receipt-day-counted"),
            pytest.param("2025-02-06", id="extra-day"),
        ],
    )
    def test_wrong_appointment_loses_only_r_due(self, date):
        p = play(TET)
        self.solve(p, date=date)
        p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})
        attempt = p.submit()
        assert_lost(p, {self.DUE})
        assert p.result(self.DUE)["expected"] == "05/02/2025"
        assert attempt.passed is False

    def test_a_late_transfer_is_a_warning_without_loss(self):
        p = play(TET)
        self.solve(p)
        p.advance(working_days=1)  # Monday 03/02/2025, after Tết
        p.do("A", "transfer", "TN", {"to_unit": "tc-kh"})
        attempt = p.submit()
        assert set(p.lost()) == {self.XFER}
        xfer = p.result(self.XFER)
        assert xfer["warning"] and xfer["points"] == "0" and xfer["feedback"]
        assert attempt.score == 100 and attempt.passed is True


# ---------------------------------------------------------------------------------------
# 3. Same-day certification after 15:00 before a holiday
# ---------------------------------------------------------------------------------------


class TestCertificationAfterThreeBeforeHoliday:
    SLIP, DUE, FEE = titles(COPY)

    def accept(self, p: Player, *, date="2024-09-04", fee=5000):
        p.check_all()
        return p.do("A", "desk_accept", "TN", {"appointment_date": date, "fee_amount": fee})

    def test_wednesday_4_september_and_5000_dong(self):
        p = play(COPY)
        dossier = p.dossier()
        assert dossier.receiving_unit.code == "khuong-mai"
        assert (
            Dossier.objects.in_workspace(p.workspace)
            .queue(ActorRole.TN, unit=dossier.receiving_unit)
            .get()
            == dossier
        )
        event = self.accept(p)
        # The calendar agrees with the expected answer: 2 and 3/9/2024 are Quốc khánh.
        assert event.payload["calculated_due_date"] == "2024-09-04"
        assert event.payload["calculated_fee_amount"] == 5000
        p.submit()
        assert_full_marks(p)

    def test_no_slip_fails_on_r_slip(self):
        """The officer tells the applicant to come back without issuing Mẫu 01 (the sandbox
        has no on-the-spot return, so leaving the dossier unreceived is "no slip"). With no
        slip there is no written appointment either, so R-DUE goes too."""
        p = play(COPY)
        p.check_all()
        attempt = p.submit()
        assert_lost(p, {self.SLIP, self.DUE, self.FEE})
        assert p.result(self.FEE)["observed"] == "not charged"
        assert attempt.passed is False
        assert attempt.result["critical_failures"] == list(criterion_keys(p, {self.SLIP}))

    def test_monday_2_september_loses_only_r_due(self):
        p = play(COPY)
        self.accept(p, date="2024-09-02")
        attempt = p.submit()
        assert_lost(p, {self.DUE})
        assert p.result(self.DUE)["observed"] == "02/09/2024"
        assert attempt.passed is False

    def test_6000_dong_loses_only_r_fee(self):
        p = play(COPY)
        self.accept(p, fee=6000)
        p.submit()
        assert_lost(p, {self.FEE})
        assert p.result(self.FEE)["observed"] == "6,000 đ"
        assert p.result(self.FEE)["expected"] == "5,000 đ"


# ---------------------------------------------------------------------------------------
# 4. Wrong tier: a foreign-issued document at the ward (before 09/01/2025)
# ---------------------------------------------------------------------------------------


class TestWrongTier:
    NOT_AT_WARD, FORM_03, CITES = titles(WRONG_TIER)

    def refuse(self, p: Player, reason: str, legal_basis: str):
        p.do("A", "desk_refuse", "TN", {"reason": reason, "legal_basis": legal_basis})

    def test_refusal_citing_nd_23_2015(self):
        p = play(WRONG_TIER)
        dossier = p.dossier()
        # On 16/12/2024 the card version in force makes Phòng Tư pháp competent, and the
        # ward desk has taken the dossier in: it waits in the ward's TN queue.
        in_force = Procedure.objects.version_in_force("SANDBOX-09", datetime.date(2024, 12, 16))
        assert dossier.procedure == in_force
        assert in_force.tier == "district" and in_force.competent_unit.code == "tu-phap"
        assert dossier.receiving_unit.code == "nhan-chinh"
        assert (
            Dossier.objects.in_workspace(p.workspace)
            .queue(ActorRole.TN, unit=dossier.receiving_unit)
            .get()
            == dossier
        )
        self.refuse(
            p,
            "Yêu cầu chứng thực bản sao giấy tờ do cơ quan nước ngoài cấp không thuộc thẩm quyền "
            "của UBND phường. Đề nghị ông/bà liên hệ Phòng Tư pháp quận Thanh Xuân hoặc tổ "
            "chức hành nghề công chứng.",
            "Điều 5 Nghị định số 23/2015/NĐ-CP",
        )
        p.submit()
        assert_full_marks(p)
        assert p.dossier().status == "refused"

    def test_certifying_at_the_ward_fails_the_attempt(self):
        p = play(WRONG_TIER)
        p.check_all()
        p.do("A", "desk_accept", "TN")
        attempt = p.submit()
        assert_lost(p, {self.NOT_AT_WARD, self.FORM_03, self.CITES})
        assert attempt.passed is False
        assert attempt.result["critical_failures"] == list(criterion_keys(p, {self.NOT_AT_WARD}))

    def test_refusal_without_a_legal_ground_loses_r_ref(self):
        """The system requires a reason and a legal basis on Mẫu 03, so a refusal "with no
        reason" is modelled as a vague one."""
        p = play(WRONG_TIER)
        self.refuse(p, "Phường không tiếp nhận được hồ sơ này.", "Theo quy định hiện hành.")
        attempt = p.submit()
        assert_lost(p, {self.CITES})
        assert p.result(self.CITES)["observed"] == (
            "missing: thẩm quyền; 23/2015; Tư pháp / công chứng"
        )
        assert attempt.passed is False

    def test_refusing_orally_loses_both_r_ref_criteria(self):
        p = play(WRONG_TIER)
        p.do("A", "add_note", "TN", {"text": "Đã trả lời miệng: phường không làm."})
        attempt = p.submit()
        assert_lost(p, {self.FORM_03, self.CITES})
        assert attempt.passed is False


# ---------------------------------------------------------------------------------------
# 5. Routing a building permit
# ---------------------------------------------------------------------------------------


class TestRoutingBuildingPermit:
    COMP, SLIP, DUE, ROUTE, K05, XFER = titles(GPXD)

    def accept(self, p: Player, *, date="2025-04-01", truthful=True):
        p.check_all(truthful=truthful)
        return p.do("A", "desk_accept", "TN", {"appointment_date": date, "fee_amount": 75000})

    def test_qldt_next_morning(self):
        p = play(GPXD)
        assert p.dossier().receiving_unit.code == "vp"
        event = self.accept(p)
        assert event.payload["calculated_due_date"] == "2025-04-01"
        p.advance(hours=16)  # Wednesday 12/03/2025 08:10
        p.do("A", "transfer", "TN", {"to_unit": "qldt"})
        p.submit()
        assert_full_marks(p)

    def test_the_calendar_day_reading_is_accepted(self):
        p = play(GPXD)
        self.accept(p, date="2025-03-26")
        p.do("A", "transfer", "TN", {"to_unit": "qldt"})
        p.submit()
        assert_full_marks(p)

    def test_routed_to_tn_mt_loses_only_r_route(self):
        p = play(GPXD)
        self.accept(p)
        p.do("A", "transfer", "TN", {"to_unit": "tn-mt"})
        attempt = p.submit()
        assert_lost(p, {self.ROUTE})
        assert p.result(self.ROUTE)["expected"] == "Phòng Quản lý đô thị"
        assert attempt.passed is False

    def test_transferred_two_days_later_is_a_warning_only(self):
        p = play(GPXD)
        self.accept(p)
        p.advance(working_days=2)  # Thursday 13/03/2025
        p.do("A", "transfer", "TN", {"to_unit": "qldt"})
        attempt = p.submit()
        assert set(p.lost()) == {self.XFER}
        xfer = p.result(self.XFER)
        assert xfer["warning"] and xfer["points"] == "0"
        assert xfer["feedback"] and xfer["legal_basis"]
        assert attempt.score == 100 and attempt.passed is True

    def test_only_one_drawing_set_accepted_fails_on_r_comp(self):
        """The sandbox has no count of drawing sets: "only one set brought" is the drawings
        paper (card position 3) seeded as defective ("chỉ có 01 bộ bản vẽ"). Marking it
        present and accepting is the mistake."""
        variant = dict(
            definition(GPXD)["dossiers"][0],
            defective="3",
            defect_note="chỉ có 01 bộ bản vẽ thiết kế",
        )
        p = play(GPXD, dossiers=[variant])
        drawings = p.components()[2]
        assert "chỉ có 01 bộ bản vẽ" in drawings.note
        self.accept(p, truthful=False)
        p.do("A", "transfer", "TN", {"to_unit": "qldt"})
        attempt = p.submit()
        assert_lost(p, {self.COMP})
        assert attempt.passed is False
        assert attempt.result["critical_failures"] == list(criterion_keys(p, {self.COMP}))

    def test_not_transferring_loses_route_and_k05(self):
        p = play(GPXD)
        self.accept(p)
        attempt = p.submit()
        assert_lost(p, {self.ROUTE, self.K05, self.XFER})
        assert attempt.passed is False
