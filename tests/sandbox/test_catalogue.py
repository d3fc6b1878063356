"""The seeded procedure catalogue (§5 as corrected), card versions, fees, appointments and
the catalogue's admin screens."""

from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from sandbox.calendar import VN_TZ, WorkingCalendar
from sandbox.fees import compute_fee, per_copy_page_fee, simulated_payment
from sandbox.models import Procedure, UnitDossierCode
from sandbox.procedures import CardRules, add_working_hours, compute_appointment
from sandbox.services import workspace_advance_clock
from tests.people.factories import make_officer
from training.people.roles import Role

from .factories import act, at, make_dossier, make_workspace, walk_to

pytestmark = pytest.mark.django_db

MARCH_2025 = date(2025, 3, 3)


def rules(code: str, on: date = MARCH_2025) -> CardRules:
    return CardRules.from_snapshot(Procedure.objects.version_in_force(code, on).snapshot())


def test_sixteen_procedures_are_in_force_in_profile_b():
    cards = Procedure.objects.in_force(MARCH_2025)
    assert cards.count() == 16
    for card in cards:
        assert card.rule_profile == "B"
        assert card.source_decision and card.effective_from
        assert card.components.exists(), card.code
        assert card.level in (2, 3, 4)


@pytest.mark.parametrize(
    ("code", "tier", "receiving", "unit"),
    [
        ("1.001193", "ward", "ward", None),
        ("SANDBOX-10", "district", "district", "tu-phap"),
        ("SANDBOX-11", "district", "district", "tc-kh"),
        ("SANDBOX-13", "district", "district", "qldt"),
        ("SANDBOX-14", "district", "ward", "ld-tbxh"),
        ("SANDBOX-15", "ward", "ward", None),
    ],
)
def test_competent_units(code, tier, receiving, unit):
    card = Procedure.objects.version_in_force(code, MARCH_2025)
    assert (card.tier, card.receiving_tier) == (tier, receiving)
    assert (card.competent_unit.code if card.competent_unit else None) == unit


def test_foreign_copies_move_to_the_ward_on_9_january_2025():
    before = Procedure.objects.version_in_force("SANDBOX-09", date(2025, 1, 8))
    after = Procedure.objects.version_in_force("SANDBOX-09", date(2025, 1, 9))
    assert (before.tier, before.competent_unit.code) == ("district", "tu-phap")
    assert (after.tier, after.competent_unit) == ("ward", None)
    assert "07/2025" in after.source_decision
    # Every NĐ 23/2015 / NĐ 123/2015 card is versioned on that date.
    for code in ("1.001193", "SANDBOX-02", "1.004873", "2.000815", "SANDBOX-08", "SANDBOX-10"):
        assert Procedure.objects.filter(code=code).count() == 2, code


def test_card_rules_from_the_sources():
    birth, marriage, copy, contract, permit = (
        rules(c) for c in ("1.001193", "SANDBOX-02", "2.000815", "SANDBOX-08", "SANDBOX-13")
    )
    assert birth.is_same_day and birth.same_day_cutoff_rule and birth.fee_kind == "free"
    assert marriage.extension_working_days == 5
    assert (copy.extension_working_days, copy.level) == (2, 2)
    assert (contract.time_limit_unit, contract.time_limit_value) == ("working_days", 2)
    assert "Điều 37" in contract.source_decision
    assert (permit.time_limit_value, permit.sets_count) == (15, 2)
    assert not permit.fee_verified
    linked = rules("SANDBOX-15")
    assert {p.code for p in linked.partners if p.required} == {"cong-an-phuong", "bhxh-quan"}


def test_household_business_components_follow_nd_01_2021():
    names = [c.name for c in rules("SANDBOX-11").components]
    assert any("biên bản họp thành viên hộ gia đình" in n for n in names)
    assert not any("nhóm cá nhân" in n for n in names)


# Fees ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "copies", "amount"),
    [
        (12, 3, 42_000),  # scenario 16: 2 × 2,000 + 10 × 1,000 = 14,000 per copy
        (3, 1, 5_000),  # scenario 3
        (1, 1, 2_000),
        (2, 2, 8_000),
        (500, 1, 200_000),  # the cap per copy
        (500, 2, 400_000),
    ],
)
def test_certified_copy_fee(pages, copies, amount):
    assert compute_fee(rules("2.000815"), pages=pages, copies=copies).amount == amount


def test_other_fee_formulas():
    assert compute_fee(rules("SANDBOX-05"), copies=2).amount == 16_000  # scenario 11
    assert compute_fee(rules("SANDBOX-07")).amount == 10_000
    assert compute_fee(rules("SANDBOX-08")).amount == 50_000
    assert compute_fee(rules("1.001193")).amount == 0
    assert per_copy_page_fee(12, first_pages=2, first_rate=2000, next_rate=1000, cap=0) == 14_000
    with pytest.raises(ValueError):
        compute_fee(rules("2.000815"), pages=0)


def test_practice_payment_is_labelled_and_deterministic():
    first = simulated_payment(amount=16_000, reference="X-1")
    assert first.approved and first.transaction_id.startswith("THU-NGHIEM-")
    assert simulated_payment(amount=16_000, reference="X-1") == first
    assert not simulated_payment(amount=16_000, reference="X-1", card_number="0" * 16).approved
    assert not simulated_payment(amount=0, reference="X-1").approved


# Appointments -------------------------------------------------------------------------


def test_appointments_follow_the_calendar():
    calendar = WorkingCalendar.for_profile("B")
    cases = [
        ("SANDBOX-11", "2025-01-24 09:30", 0, date(2025, 2, 5)),  # HKD before Tết 2025
        ("2.000815", "2025-08-29 15:20", 0, date(2025, 9, 3)),  # after 15:00 before 2/9
        ("2.000815", "2025-08-29 10:00", 2, date(2025, 9, 4)),  # +2 working days over 1–2/9
        ("SANDBOX-02", "2025-03-03 10:00", 5, date(2025, 3, 10)),  # verification ≤ 5 days
        ("1.004873", "2025-04-28 09:00", 0, date(2025, 5, 6)),  # over 30/4–1/5/2025
    ]
    for code, received, extension, due in cases:
        card = rules(code, at(received).date())
        appointment = compute_appointment(
            card, at(received), calendar, extension_working_days=extension
        )
        assert appointment.due_date == due, (code, received)
        assert appointment.appointment_at == datetime.combine(due, time(16, 30), tzinfo=VN_TZ)
    with pytest.raises(ValueError):
        compute_appointment(
            rules("SANDBOX-11"), at("2025-03-03 09:00"), calendar, extension_working_days=1
        )


def test_working_hours_are_counted_inside_office_sessions():
    calendar = WorkingCalendar.for_profile("B")
    # Friday 16:00 + 4 working hours: 1 hour on Friday, 3 on Monday morning.
    assert add_working_hours(calendar, at("2025-03-07 16:00"), 4) == at("2025-03-10 11:00")
    assert add_working_hours(calendar, at("2025-03-03 11:30"), 1) == at("2025-03-03 13:30")


def test_a_dossier_keeps_the_card_it_was_received_under():
    workspace = make_workspace()
    dossier = walk_to("accepted", workspace)
    card = dossier.procedure
    card.time_limit_value = 10
    card.save()
    dossier.refresh_from_db()
    assert dossier.card.time_limit_value == 3
    assert dossier.due_date == date(2025, 3, 6)


def test_card_validation():
    card = Procedure.objects.version_in_force("1.001193", MARCH_2025)
    card.time_limit_value = 3
    with pytest.raises(ValidationError):
        card.full_clean()
    district = Procedure.objects.version_in_force("SANDBOX-11", MARCH_2025)
    district.competent_unit = None
    with pytest.raises(ValidationError):
        district.full_clean()


def test_unit_codes_are_placeholders_marked_unverified():
    rows = UnitDossierCode.objects.all()
    assert rows.count() == 12
    assert not rows.filter(verified=True).exists()
    assert all(row.code.endswith(".H26") for row in rows)
    bad = UnitDossierCode(unit=rows[0].unit, code="H26", effective_from=date(2030, 1, 1))
    with pytest.raises(ValidationError):
        bad.full_clean()


# Admin --------------------------------------------------------------------------------


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
        data[f"{prefix}-{i}-ORDER"] = str(i + 1)
        data[f"{prefix}-{i}-id"] = ""
    return data


def _card_form(**changes) -> dict:
    data = {
        "code": "SANDBOX-99",
        "rule_profile": "B",
        "sort_order": "99",
        "name_vi": "Thủ tục thử",
        "name_en": "Test procedure",
        "field_vi": "Thử",
        "effective_from": "2025-01-01",
        "effective_to": "",
        "source_decision": "Quyết định thử",
        "tier": "ward",
        "receiving_tier": "ward",
        "competent_unit": "",
        "signer": "Chủ tịch UBND phường",
        "head_title": "CHỦ TỊCH",
        "deputy_title": "PHÓ CHỦ TỊCH",
        "result_name": "Giấy thử",
        "level": "3",
        "sets_count": "1",
        "time_limit_unit": "working_days",
        "time_limit_value": "3",
        "same_day_cutoff_rule": "on",
        "online_time_limit_value": "",
        "extension_working_days": "0",
        "extension_note": "",
        "supplement_pauses_clock": "on",
        "pause_note": "",
        "fee_kind": "free",
        "fee_amount": "0",
        "fee_first_pages": "0",
        "fee_first_page_rate": "0",
        "fee_next_page_rate": "0",
        "fee_cap_per_copy": "0",
        "fee_name": "",
        "fee_legal_basis": "",
        "note": "",
        **_inline(
            "components",
            [
                {
                    "name_vi": "Tờ khai",
                    "name_en": "Form",
                    "mandatory": "on",
                    "condition": "",
                    "form": "original",
                    "count": "1",
                }
            ],
        ),
        **_inline("partners", []),
    }
    data.update(changes)
    return data


def test_administrator_lists_and_adds_a_card_with_components(client):
    client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
    index = reverse("sandbox_procedures:index")
    response = client.get(index)
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in response.content.decode()
    response = client.post(reverse("sandbox_procedures:add"), _card_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    card = Procedure.objects.get(code="SANDBOX-99")
    assert list(card.components.values_list("name_vi", flat=True)) == ["Tờ khai"]


def test_a_district_card_without_a_department_is_refused_in_the_admin(client):
    client.force_login(make_officer(roles=(Role.ADMINISTRATOR,)).user)
    response = client.post(
        reverse("sandbox_procedures:add"),
        _card_form(tier="district", receiving_tier="district"),
    )
    assert response.status_code == 200
    assert not Procedure.objects.filter(code="SANDBOX-99").exists()


def test_trainer_with_the_recommended_permissions_edits_the_catalogue(client):
    trainers = Group.objects.get(name=Role.TRAINER)
    trainers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sandbox",
            codename__in=["view_procedure", "add_procedure", "change_procedure"],
        )
    )
    client.force_login(make_officer(roles=(Role.TRAINER,)).user)
    card = Procedure.objects.version_in_force("1.001193", MARCH_2025)
    assert client.get(reverse("sandbox_procedures:index")).status_code == 200
    response = client.get(reverse("sandbox_procedures:edit", args=[card.pk]))
    assert response.status_code == 200
    assert "Giấy chứng sinh" in response.content.decode()  # the components inline
    assert client.get(reverse("sandbox_procedures:inspect", args=[card.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.OFFICER, Role.HR])
def test_other_roles_cannot_reach_the_catalogue(client, role):
    client.force_login(make_officer(roles=(role,)).user)
    assert client.get(reverse("sandbox_procedures:index")).status_code in (302, 403)


def test_acceptance_takes_the_card_version_in_force_on_the_receipt_date():
    workspace = make_workspace(now=at("2025-01-08 16:00"))
    dossier = make_dossier(workspace, code="1.001193")
    act(dossier, "submit_online", "CD")
    old_version = dossier.procedure_id
    workspace_advance_clock(workspace=workspace, hours=17)  # Thursday 09/01/2025 09:00
    event = act(dossier, "desk_accept", "TN")
    current = Procedure.objects.version_in_force("1.001193", date(2025, 1, 9))
    assert dossier.procedure_id == current.pk != old_version
    assert dossier.rules["effective_from"] == "2025-01-09"
    assert event.payload["card_version_changed"] == current.pk
