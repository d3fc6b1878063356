"""The whole level-4 flow in Chromium through the role screens: a citizen submits online
and pays, the desk accepts and transfers, the department processes, the leader signs, the
registry issues, and the citizen finds the result online."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sandbox.models import Dossier
from sandbox.services import workspace_create
from sandbox.workflow import Status
from tests.people.factories import make_officer
from tests.sandbox.factories import HKD, MONDAY_9AM, card

pytestmark = pytest.mark.browser


def do(page, url, action, fields=None, checks=(), selects=None):
    """Open the dossier as a role, unfold the action's form, fill it and send it."""
    page.goto(url)
    form = page.locator(f"form:has(input[name=action][value={action}])")
    page.locator(f"details:has(input[name=action][value={action}]) > summary").click()
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"[name='{action}-{name}']").select_option(value)
    for name in checks:
        form.locator(f"[name='{action}-{name}']").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".message--error")).to_have_count(0)


def test_a_level_4_dossier_goes_from_the_citizen_to_the_result(
    page, live_url, log_in, screenshot, tmp_path
):
    user = make_officer().user
    workspace = workspace_create(title="Thực hành của tôi", owner=user, now=MONDAY_9AM)
    procedure = card(HKD, workspace)
    log_in(user.username)

    page.goto(live_url(reverse("sandbox:workspace", args=[workspace.pk])))
    expect(page.locator(".sb-roles li")).to_have_count(6)
    screenshot("workspace-home")

    # Citizen: browse, fill the e-form, upload, submit, pay.
    page.goto(live_url(reverse("sandbox:portal", args=[workspace.pk])))
    expect(page.locator(".sb-banner")).to_be_visible()
    screenshot("portal")
    page.goto(live_url(reverse("sandbox:portal_apply", args=[workspace.pk, procedure.pk])))
    page.locator("[name=name]").fill("Đỗ Thị Thực Hành")
    page.locator("[name=id_number]").fill("000000123123")
    page.locator("[name=address]").fill("Số 5 ngõ 6 Khương Mai, phường Khương Mai")
    page.locator("[name=delivery]").select_option("online")
    with page.expect_navigation():
        page.locator("form.sb-form button[type=submit]").click()
    dossier = Dossier.objects.get(applicant_name="Đỗ Thị Thực Hành")
    cd = live_url(reverse("sandbox:dossier", args=[workspace.pk, "cd", dossier.pk]))
    pdf = tmp_path / "giay-de-nghi.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")
    page.goto(cd)
    page.locator("details:has(input[value=upload_component]) > summary").click()
    page.locator("[name='upload_component-upload']").set_input_files(str(pdf))
    with page.expect_navigation():
        page.locator("form:has(input[value=upload_component]) button[type=submit]").click()
    screenshot("citizen-draft")
    do(page, cd, "submit_online")
    do(page, cd, "pay_online", {"card_number": "9704000000000018"})
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.fee_status == "paid"

    # Desk: the dossier is in the queue; accept and transfer.
    page.goto(live_url(reverse("sandbox:queue", args=[workspace.pk, "tn"])))
    expect(page.get_by_text(dossier.code)).to_be_visible()
    screenshot("desk-queue")
    tn = live_url(reverse("sandbox:dossier", args=[workspace.pk, "tn", dossier.pk]))
    # The desk checks each paper against the card: the citizen uploaded only the form, the
    # ID copy is shown at the desk and the household papers do not apply (a single owner).
    first, id_copy, *household = dossier.components.order_by("position")
    do(page, tn, "check_component", selects={"component": str(id_copy.pk), "state": "present"})
    for component in household:
        do(
            page,
            tn,
            "check_component",
            selects={"component": str(component.pk), "state": "not_applicable"},
        )
    do(page, tn, "desk_accept")
    screenshot("desk-accepted")
    do(page, tn, "transfer")

    # Department, signer, registry.
    url = lambda role: live_url(reverse("sandbox:dossier", args=[workspace.pk, role, dossier.pk]))  # noqa: E731
    do(page, url("ldp"), "assign", {"specialist": "Trần Văn Chuyên"})
    do(page, url("cv"), "start_appraisal")
    do(page, url("cv"), "draft_result", {"summary": "Đủ điều kiện cấp giấy chứng nhận"})
    do(page, url("ldp"), "leader_approve")
    do(page, url("ldk"), "sign", {"signer_name": "Nguyễn Văn Ký", "signer_title": "Phó Chủ tịch"})
    do(page, url("vt"), "registry_issue")
    do(page, url("vt"), "return_to_desk")
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED

    # Citizen: the result is there online.
    page.goto(cd)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", Status.RESOLVED)
    result = page.locator(".sb-card a", has_text=re.compile("Result|Kết quả", re.I))
    expect(result.first).to_be_visible()
    # Already paid: the payment form is no longer offered.
    expect(page.locator("input[name=action][value=pay_online]")).to_have_count(0)
    screenshot("citizen-result")
