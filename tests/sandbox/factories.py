"""`make_*` helpers for sandbox tests: workspaces, applicants, dossiers, and `walk_to`, which
brings a dossier to any status through the real services (so its history is valid)."""

from __future__ import annotations

import itertools
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from sandbox.calendar import VN_TZ, WorkingCalendar
from sandbox.models import ComponentState, Procedure
from sandbox.services import dossier_create, dossier_transition, workspace_create
from sandbox.workflow import Action, ActorRole, Status
from training.people.models import Unit

_counter = itertools.count(1)

# Monday 03/03/2025, inside Profile B and after the 09/01/2025 amendments.
MONDAY_9AM = datetime(2025, 3, 3, 9, 0, tzinfo=VN_TZ)
HKD = "SANDBOX-11"  # household business: district, 3 working days, level 4, 100,000 VND


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


def make_workspace(**kwargs):
    kwargs.setdefault("title", f"Không gian thử {next(_counter)}")
    kwargs.setdefault("now", MONDAY_9AM)
    return workspace_create(**kwargs)


def card(code: str, workspace) -> Procedure:
    return Procedure.objects.version_in_force(code, workspace.now.astimezone(VN_TZ).date())


def applicant(**kwargs) -> dict:
    n = next(_counter)
    kwargs.setdefault("name", f"Nguyễn Thị Thử {n}")
    kwargs.setdefault("id_number", f"000000{n:06d}")
    kwargs.setdefault("address", "Số 12 ngõ 34 Khương Trung, phường Khương Trung, quận Thanh Xuân")
    kwargs.setdefault("phone", "0000123456")
    kwargs.setdefault("email", f"cong-dan{n}@thu-nghiem.example")
    return kwargs


def make_dossier(
    workspace,
    *,
    code: str = HKD,
    channel: str = "online",
    present: bool = True,
    actor=None,
    **kwargs,
):
    """A new dossier of card `code`; with `present`, every component starts present."""
    procedure = card(code, workspace)
    role = ActorRole.CD if channel == "online" else ActorRole.TN
    kwargs.setdefault("applicant", applicant())
    if procedure.receiving_tier == "ward":
        kwargs.setdefault("receiving_unit", Unit.objects.get(code="khuong-trung"))
    if present:
        kwargs.setdefault(
            "component_states", {c.pk: ComponentState.PRESENT for c in procedure.components.all()}
        )
    return dossier_create(
        workspace=workspace,
        procedure=procedure,
        channel=channel,
        actor=actor,
        role=kwargs.pop("role", role),
        actor_name=kwargs.pop("actor_name", "Người thử"),
        **kwargs,
    )


def act(dossier, action: str, role: str, payload: dict | None = None, *, actor=None, **kwargs):
    """Perform `action` at the version the dossier instance holds."""
    return dossier_transition(
        dossier=dossier,
        action=action,
        actor=actor,
        role=role,
        payload=payload or {},
        expected_version=dossier.version,
        actor_name=kwargs.pop("actor_name", "Người thử"),
        **kwargs,
    )


def pdf_upload(name: str = "giấy chứng sinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")


def first_component(dossier) -> int:
    return dossier.components.order_by("position").values_list("pk", flat=True).first()


# The shortest valid path to each status, as (action, role, payload) steps after creation.
S, A, R = Status, Action, ActorRole
PATHS: dict[str, tuple[str, list[tuple[str, str, dict]]]] = {
    S.DRAFT: ("online", []),
    S.AT_DESK: ("desk", []),
    S.SUBMITTED: ("online", [(A.SUBMIT_ONLINE, R.CD, {})]),
}
PATHS[S.GUIDED_SUPPLEMENT] = (
    "online",
    PATHS[S.SUBMITTED][1]
    + [(A.DESK_REQUEST_SUPPLEMENT, R.TN, {"items": ["first"], "reason": "Bản chụp mờ"})],
)
PATHS[S.REFUSED] = (
    "online",
    PATHS[S.SUBMITTED][1]
    + [(A.DESK_REFUSE, R.TN, {"reason": "Không thuộc thẩm quyền", "legal_basis": "NĐ 01/2021"})],
)
PATHS[S.ACCEPTED] = ("online", PATHS[S.SUBMITTED][1] + [(A.DESK_ACCEPT, R.TN, {})])
PATHS[S.TRANSFERRED] = ("online", PATHS[S.ACCEPTED][1] + [(A.TRANSFER, R.TN, {})])
PATHS[S.ASSIGNED] = (
    "online",
    PATHS[S.TRANSFERRED][1] + [(A.ASSIGN, R.LDP, {"specialist": "Trần Văn Chuyên"})],
)
PATHS[S.APPRAISING] = ("online", PATHS[S.ASSIGNED][1] + [(A.START_APPRAISAL, R.CV, {})])
PATHS[S.CONSULTING] = (
    "online",
    PATHS[S.APPRAISING][1]
    + [(A.CONSULT_PARTNER, R.CV, {"partners": ["chi-cuc-thue"], "request": "Đề nghị cho ý kiến"})],
)
PATHS[S.SUPPLEMENT_DRAFTED] = (
    "online",
    PATHS[S.APPRAISING][1]
    + [(A.DRAFT_SUPPLEMENT, R.CV, {"items": ["first"], "reason": "Thiếu chữ ký"})],
)
PATHS[S.SUPPLEMENT_REQUESTED] = (
    "online",
    PATHS[S.SUPPLEMENT_DRAFTED][1] + [(A.APPROVE_SUPPLEMENT, R.LDP, {})],
)
PATHS[S.FINANCIAL_OBLIGATION] = (
    "online",
    PATHS[S.APPRAISING][1]
    + [(A.REQUEST_FINANCIAL_OBLIGATION, R.CV, {"obligation": "Nộp lệ phí môn bài"})],
)
PATHS[S.DRAFT_SUBMITTED] = (
    "online",
    PATHS[S.APPRAISING][1] + [(A.DRAFT_RESULT, R.CV, {"summary": "Đủ điều kiện"})],
)
PATHS[S.PENDING_SIGNATURE] = (
    "online",
    PATHS[S.DRAFT_SUBMITTED][1] + [(A.LEADER_APPROVE, R.LDP, {})],
)
PATHS[S.SIGNED] = ("online", PATHS[S.PENDING_SIGNATURE][1] + [(A.SIGN, R.LDK, {})])
PATHS[S.ISSUED] = ("online", PATHS[S.SIGNED][1] + [(A.REGISTRY_ISSUE, R.VT, {})])
PATHS[S.RESOLVED] = ("online", PATHS[S.ISSUED][1] + [(A.RETURN_TO_DESK, R.VT, {})])
PATHS[S.RETURNED] = (
    "online",
    PATHS[S.RESOLVED][1] + [(A.RETURN_RESULT, R.TN, {"id_checked": True, "collect_fee": True})],
)
PATHS[S.WITHDRAWN] = (
    "online",
    PATHS[S.SUBMITTED][1] + [(A.WITHDRAW, R.CD, {"reason": "Không còn nhu cầu"})],
)
PATHS[S.STOPPED] = (
    "online",
    PATHS[S.SUPPLEMENT_REQUESTED][1] + [(A.STOP_PROCESSING, R.LDP, {"reason": "Quá hạn bổ sung"})],
)
assert set(PATHS) == set(Status.values)


def resolve(dossier, payload: dict) -> dict:
    """Replace the "first" placeholder with the dossier's first component id."""
    resolved = dict(payload)
    if resolved.get("items") == ["first"]:
        resolved["items"] = [first_component(dossier)]
    return resolved


def walk_to(status: str, workspace, *, code: str = HKD, **kwargs):
    """A dossier of card `code` brought to `status` through the services."""
    channel, steps = PATHS[status]
    dossier = make_dossier(workspace, code=code, channel=channel, **kwargs)
    for action, role, payload in steps:
        act(dossier, action, role, resolve(dossier, payload))
    assert dossier.status == status, (dossier.status, status)
    return dossier


def calendar() -> WorkingCalendar:
    return WorkingCalendar.for_profile("B")
