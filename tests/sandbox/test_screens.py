"""Role screens: each screen renders for its role, actions go through the one service, and
refusals (forbidden action, stale version, foreign workspace, anonymous) change nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sandbox.models import Dossier, Procedure
from sandbox.services import workspace_advance_clock
from sandbox.workflow import Status
from tests.people.factories import make_officer
from training.people.models import Ward

from .factories import card, make_workspace, pdf_upload, walk_to

pytestmark = pytest.mark.django_db

ENGLISH = {"django_language": "en"}


@pytest.fixture
def officer():
    return make_officer().user


@pytest.fixture
def client(officer):
    c = Client()
    c.cookies.load(ENGLISH)
    c.force_login(officer)
    return c


@pytest.fixture
def workspace(officer):
    return make_workspace(owner=officer)


def post_action(client, ws, role, dossier, action, version=None, **fields):
    data = {"action": action}
    data[f"{action}-expected_version"] = dossier.version if version is None else version
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    url = reverse("sandbox:dossier", args=[ws.pk, role, dossier.pk])
    return client.post(url, data, follow=True)


@pytest.mark.parametrize(
    "name,args",
    [
        ("sandbox:workspaces", []),
        ("sandbox:workspace", ["ws"]),
        ("sandbox:desk_intake", ["ws"]),
        ("sandbox:portal", ["ws"]),
        *[("sandbox:queue", ["ws", role]) for role in ("cd", "tn", "ldp", "cv", "ldk", "vt")],
    ],
)
def test_each_screen_renders_with_the_practice_banner(client, workspace, name, args):
    walk_to(Status.SUBMITTED, workspace)
    url = reverse(name, args=[workspace.pk if a == "ws" else a for a in args])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "Practice environment – simulated data" in response.content.decode()


@pytest.mark.parametrize(
    "status,role",
    [
        (Status.DRAFT, "cd"),
        (Status.SUBMITTED, "tn"),
        (Status.TRANSFERRED, "ldp"),
        (Status.ASSIGNED, "cv"),
        (Status.PENDING_SIGNATURE, "ldk"),
        (Status.SIGNED, "vt"),
    ],
)
def test_each_role_sees_its_dossier_in_its_queue_and_detail(client, workspace, status, role):
    dossier = walk_to(status, workspace)
    queue = client.get(reverse("sandbox:queue", args=[workspace.pk, role]))
    assert (
        reverse("sandbox:dossier", args=[workspace.pk, role, dossier.pk]) in queue.content.decode()
    )
    detail = client.get(reverse("sandbox:dossier", args=[workspace.pk, role, dossier.pk]))
    assert detail.status_code == 200
    assert "Actions available to you" in detail.content.decode()


def test_the_desk_accepts_an_online_dossier_and_the_event_is_written(client, workspace):
    dossier = walk_to(Status.SUBMITTED, workspace)
    response = post_action(client, workspace, "tn", dossier, "desk_accept")
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED
    assert dossier.events.last().action == "desk_accept"
    page = response.content.decode()
    assert "Mẫu 01" in page  # the receipt is listed among the documents


def test_a_supplement_request_lists_the_chosen_papers(client, workspace):
    dossier = walk_to(Status.SUBMITTED, workspace)
    first = dossier.components.first()
    post_action(
        client,
        workspace,
        "tn",
        dossier,
        "desk_request_supplement",
        items=[first.pk],
        reason="Bản chụp mờ",
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.GUIDED_SUPPLEMENT
    assert dossier.events.last().payload["reason"] == "Bản chụp mờ"


def test_a_forbidden_action_posted_by_hand_is_refused_and_nothing_changes(client, workspace):
    dossier = walk_to(Status.SUBMITTED, workspace)
    events = dossier.events.count()
    response = post_action(client, workspace, "tn", dossier, "sign")
    assert response.status_code == 400
    assert "cannot do" in response.content.decode() or "not possible" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count()) == (Status.SUBMITTED, events)


def test_a_stale_version_gets_the_changed_message(client, workspace):
    dossier = walk_to(Status.SUBMITTED, workspace)
    response = post_action(
        client, workspace, "tn", dossier, "desk_accept", version=dossier.version - 1
    )
    assert "has changed since you opened it" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_another_users_workspace_is_a_404(client):
    other = make_workspace(owner=make_officer().user)
    dossier = walk_to(Status.SUBMITTED, other)
    for url in (
        reverse("sandbox:workspace", args=[other.pk]),
        reverse("sandbox:queue", args=[other.pk, "tn"]),
        reverse("sandbox:dossier", args=[other.pk, "tn", dossier.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = post_action(client, other, "tn", dossier, "desk_accept")
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


def test_a_dossier_of_another_workspace_is_a_404_even_in_ones_own(client, workspace):
    other = make_workspace(owner=make_officer().user)
    dossier = walk_to(Status.SUBMITTED, other)
    url = reverse("sandbox:dossier", args=[workspace.pk, "tn", dossier.pk])
    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(workspace):
    response = Client().get(reverse("sandbox:workspace", args=[workspace.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "dang-nhap" in response["Location"]


def test_the_clock_buttons_move_the_simulated_time(client, workspace):
    before = workspace.now
    client.post(reverse("sandbox:advance_clock", args=[workspace.pk]), {"step": "hour"})
    workspace.refresh_from_db()
    assert (workspace.now - before).total_seconds() == 3600


def test_desk_intake_registers_a_paper_dossier(client, workspace):
    procedure = card("SANDBOX-11", workspace)
    response = client.post(
        reverse("sandbox:desk_intake", args=[workspace.pk]),
        {
            "procedure": procedure.pk,
            "name": "Lê Văn Thử",
            "id_number": "000000999999",
            "address": "Số 1 phố Thử, phường Hạ Đình",
            "delivery": "desk",
        },
    )
    dossier = Dossier.objects.get(applicant_name="Lê Văn Thử")
    assert response.status_code == 302
    assert dossier.status == Status.AT_DESK and dossier.code


def test_the_citizen_starts_a_draft_from_the_portal(client, workspace):
    procedure = card("SANDBOX-11", workspace)
    response = client.post(
        reverse("sandbox:portal_apply", args=[workspace.pk, procedure.pk]),
        {
            "name": "Phạm Thị Thử",
            "id_number": "000000888888",
            "address": "Số 2 phố Thử, phường Kim Giang",
            "delivery": "online",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant_name="Phạm Thị Thử")
    assert dossier.status == Status.DRAFT
    component = dossier.components.first()
    response = client.post(
        reverse("sandbox:dossier", args=[workspace.pk, "cd", dossier.pk]),
        {
            "action": "upload_component",
            "upload_component-expected_version": dossier.version,
            "upload_component-component": component.pk,
            "upload_component-upload": pdf_upload(),
        },
    )
    assert response.status_code == 302
    component.refresh_from_db()
    assert component.state == "present" and component.file
    dossier.refresh_from_db()
    post_action(client, workspace, "cd", dossier, "submit_online")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.code


@pytest.mark.parametrize("role", ["tn", "cd"])
def test_a_queue_uses_the_same_number_of_queries_whatever_its_size(client, workspace, role):
    url = reverse("sandbox:queue", args=[workspace.pk, role])
    walk_to(Status.SUBMITTED, workspace)

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(5):
        walk_to(Status.SUBMITTED, workspace)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_queue_filters_by_status_and_text_and_flags_overdue_dossiers(client, workspace):
    waiting = walk_to(Status.SUBMITTED, workspace)
    accepted = walk_to(Status.ACCEPTED, workspace)
    url = reverse("sandbox:queue", args=[workspace.pk, "tn"])
    only_accepted = client.get(url, {"status": Status.ACCEPTED}).content.decode()
    assert accepted.code in only_accepted and waiting.code not in only_accepted
    by_name = client.get(url, {"q": waiting.applicant_name}).content.decode()
    assert waiting.code in by_name and accepted.code not in by_name
    workspace_advance_clock(workspace=workspace, days=30)
    late = client.get(url, {"status": Status.ACCEPTED}).content.decode()
    assert "sb-row--overdue" in late


def test_a_ward_procedure_is_sent_to_the_ward_the_citizen_chooses(client, workspace):
    procedure = (
        Procedure.objects.in_force(workspace.now.date()).filter(receiving_tier="ward").first()
    )
    ward = Ward.objects.get(code="kim-giang")
    response = client.post(
        reverse("sandbox:portal_apply", args=[workspace.pk, procedure.pk]),
        {
            "name": "Vũ Văn Phường",
            "id_number": "000000777777",
            "address": "Số 3 phố Thử, phường Kim Giang",
            "delivery": "desk",
            "receiving_unit": ward.pk,
        },
    )
    assert response.status_code == 302
    assert Dossier.objects.get(applicant_name="Vũ Văn Phường").receiving_unit_id == ward.pk


def test_an_uploaded_paper_opens_for_the_desk_and_the_opening_is_an_event(client, workspace):
    from sandbox.services import dossier_transition

    dossier = walk_to(Status.DRAFT, workspace)
    component = dossier.components.order_by("position").first()
    dossier_transition(
        dossier=dossier,
        action="upload_component",
        actor=None,
        actor_name="Công dân thử",
        role="CD",
        payload={"component": component.pk},
        expected_version=None,
        upload=pdf_upload(),
    )
    detail = client.get(reverse("sandbox:dossier", args=[workspace.pk, "tn", dossier.pk]))
    url = reverse("sandbox:component_file", args=[workspace.pk, "tn", dossier.pk, component.pk])
    assert url in detail.content.decode()
    events_before = dossier.events.count()

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert dossier.events.count() == events_before + 1
    assert dossier.events.order_by("-pk").first().action == "open_attachment"

    stranger = Client()
    stranger.force_login(make_officer().user)
    assert stranger.get(url).status_code == 404
