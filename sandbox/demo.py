"""Demo sandbox for `manage.py load_demo`: one practice workspace with a dozen dossiers in
various states, written through the services (so every history, form and register is valid).

Owned by the demo trainee ("hocvien") when that account exists. Idempotent: the workspace is
looked up by title and left alone if it already exists. Returns no logins.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from training.people.models import Unit

from .calendar import VN_TZ
from .generators import ApplicantGenerator
from .models import ComponentState, Procedure, Workspace
from .services import (
    DEFAULT_CLOCK_START,
    dossier_create,
    dossier_transition,
    workspace_advance_clock,
    workspace_create,
    workspace_set_clock,
)
from .workflow import Action

TITLE = "Không gian thực hành mẫu – Thanh Xuân"
PEOPLE = {
    "CD": "Công dân (thực hành)",
    "TN": "Đặng Thị Mai (Bộ phận Một cửa)",
    "TBP": "Phó Chánh Văn phòng (Trưởng Bộ phận Một cửa)",
    "LDP": "Phạm Quốc Việt (Trưởng phòng)",
    "CV": "Hoàng Văn Nam (chuyên viên)",
    "LDK": "Phó Chủ tịch UBND (thực hành)",
    "VT": "Văn thư (thực hành)",
    "PH": "Cơ quan phối hợp (thực hành)",
}


class _Demo:
    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.people = ApplicantGenerator(seed=workspace.seed)

    def later(self, **kwargs):
        workspace_advance_clock(workspace=self.workspace, **kwargs)

    def new(self, code: str, channel: str, *, ward: str | None = None, present=True, **kwargs):
        procedure = Procedure.objects.version_in_force(
            code, self.workspace.now.date(), self.workspace.rule_profile
        )
        person = self.people.applicant(ward=ward)
        receiving = Unit.objects.get(code=ward or person.ward)
        states = {}
        if present:
            states = {c.pk: ComponentState.PRESENT for c in procedure.components.all()}
        role = "CD" if channel == "online" else "TN"
        return dossier_create(
            workspace=self.workspace,
            procedure=procedure,
            channel=channel,
            actor=None,
            role=role,
            actor_name=PEOPLE[role] if role != "CD" else person.name,
            applicant=person.as_applicant(),
            receiving_unit=receiving if procedure.receiving_tier == "ward" else None,
            component_states=states,
            **kwargs,
        )

    def do(self, dossier, action: str, role: str, **payload):
        upload = payload.pop("upload", None)
        dossier_transition(
            dossier=dossier,
            action=action,
            actor=None,
            role=role,
            payload=payload,
            expected_version=dossier.version,
            upload=upload,
            actor_name=dossier.applicant_name if role == "CD" else PEOPLE[role],
        )
        return dossier

    def through_processing(self, dossier, *, to: str = "appraising"):
        self.do(dossier, Action.DESK_ACCEPT, "TN")
        self.do(dossier, Action.TRANSFER, "TN")
        if to == "transferred":
            return dossier
        self.do(dossier, Action.ASSIGN, "LDP", specialist=PEOPLE["CV"])
        self.do(dossier, Action.START_APPRAISAL, "CV")
        return dossier


ARTICLE_TITLE = "Số liệu của quận đến 31/10/2019 (theo bài báo)"


@transaction.atomic
def load(stdout) -> list:
    """Create the demo workspace and the article's statistics workspace if missing."""
    from .article_dataset import article_workspace_create

    if not Workspace.objects.filter(title=ARTICLE_TITLE).exists():
        article_workspace_create(title=ARTICLE_TITLE)
        stdout.write(f"  sandbox: statistics workspace “{ARTICLE_TITLE}” (7,149 dossiers)")
    if Workspace.objects.filter(title=TITLE).exists():
        stdout.write("  sandbox: demo workspace already present")
        return []
    owner = get_user_model().objects.filter(username="hocvien").first()
    workspace = workspace_create(title=TITLE, owner=owner, now=DEFAULT_CLOCK_START, seed=2025)
    demo = _Demo(workspace)
    first_component = lambda d: d.components.order_by("position").first().pk  # noqa: E731

    # Monday 03/03/2025 08:00 — a household business taken in at the district desk, complete.
    hkd = demo.new("SANDBOX-11", "desk", fee_params={"cases": 1})
    demo.later(hours=1)
    demo.through_processing(hkd)
    demo.do(hkd, Action.PAY_AT_DESK, "TN")

    # An incomplete household business: Mẫu 02 listing both missing papers.
    incomplete = demo.new("SANDBOX-11", "desk", present=False)
    for component in incomplete.components.order_by("position")[:2]:
        demo.do(incomplete, Action.CHECK_COMPONENT, "TN", component=component.pk, state="present")
    demo.do(
        incomplete,
        Action.DESK_REQUEST_SUPPLEMENT,
        "TN",
        reason="Hộ kinh doanh do các thành viên hộ gia đình cùng đăng ký: thiếu biên bản họp và văn bản ủy quyền.",
    )

    # A building permit in appraisal, then a supplement request that pauses the clock.
    gpxd = demo.new("SANDBOX-13", "desk")
    demo.through_processing(gpxd)
    demo.later(days=1)
    demo.do(
        gpxd,
        Action.DRAFT_SUPPLEMENT,
        "CV",
        items=[
            {
                "component": gpxd.components.order_by("position").last().pk,
                "reason": "Công trình có nhà liền kề",
            }
        ],
        reason="Thiếu bản cam kết bảo đảm an toàn đối với công trình liền kề.",
    )
    demo.do(gpxd, Action.APPROVE_SUPPLEMENT, "LDP")

    # A birth registration submitted online, waiting for the desk's check.
    birth = demo.new("1.001193", "online", ward="khuong-mai")
    demo.do(birth, Action.UPLOAD_COMPONENT, "CD", component=first_component(birth), upload=_pdf())
    demo.do(birth, Action.SUBMIT_ONLINE, "CD")

    # A certified extract ordered online at level 4, paid online, delivered by post.
    extract = demo.new(
        "SANDBOX-05", "online", ward="txb", delivery="post", fee_params={"copies": 2}
    )
    demo.do(extract, Action.SUBMIT_ONLINE, "CD")
    demo.do(extract, Action.PAY_ONLINE, "CD")
    demo.through_processing(extract)
    demo.do(extract, Action.DRAFT_RESULT, "CV", summary="Cấp 02 bản sao trích lục khai sinh.")
    demo.do(extract, Action.LEADER_APPROVE, "LDP")
    demo.do(extract, Action.SIGN, "LDK")
    demo.do(extract, Action.REGISTRY_ISSUE, "VT")
    demo.do(extract, Action.RETURN_TO_DESK, "VT")
    demo.do(extract, Action.RETURN_RESULT, "TN", method="post", tracking_number="THUNGHIEM0001VN")

    # A marital-status certificate late because of a verification: apology (Mẫu 04).
    late = demo.new("1.004873", "desk", ward="khuong-trung")
    demo.through_processing(late)
    demo.do(
        late,
        Action.CONSULT_PARTNER,
        "CV",
        partners=["ubnd-phuong-khac"],
        request="Đề nghị xác minh tình trạng hôn nhân tại nơi cư trú trước đây.",
    )
    demo.do(
        late,
        Action.DRAFT_APOLOGY,
        "CV",
        reason="Đang chờ kết quả xác minh tình trạng hôn nhân tại nơi cư trú trước đây.",
        new_date=(workspace.now + timedelta(days=7)).date().isoformat(),
    )
    demo.do(late, Action.SIGN_APOLOGY, "LDK", signer_capacity="deputy")

    # A linked birth + residence + health-insurance dossier waiting for two agencies.
    linked = demo.new("SANDBOX-15", "online", ward="nhan-chinh")
    demo.do(linked, Action.SUBMIT_ONLINE, "CD")
    demo.through_processing(linked)
    demo.do(
        linked,
        Action.CONSULT_PARTNER,
        "CV",
        partners=["cong-an-phuong", "bhxh-quan"],
        request="Đề nghị đăng ký thường trú và cấp thẻ BHYT cho trẻ.",
    )
    demo.do(
        linked,
        Action.PARTNER_REPLY,
        "PH",
        consultation=linked.consultations.first().pk,
        reply="Đã đăng ký thường trú.",
    )

    # Refused at reception, and withdrawn by the applicant.
    refused = demo.new("SANDBOX-02", "desk", ward="kim-giang")
    demo.do(
        refused,
        Action.DESK_REFUSE,
        "TN",
        reason="Một bên chưa đủ tuổi kết hôn.",
        legal_basis="Luật Hôn nhân và gia đình 2014 Điều 8",
    )
    withdrawn = demo.new("SANDBOX-13", "desk")
    demo.do(withdrawn, Action.DESK_ACCEPT, "TN")
    demo.do(withdrawn, Action.WITHDRAW, "CD", reason="Gia đình thay đổi phương án xây dựng.")

    # Friday 07/03/2025 15:20 — a certified copy received after 15:00: due on Monday.
    workspace_set_clock(workspace=workspace, to=datetime(2025, 3, 7, 15, 20, tzinfo=VN_TZ))
    copy = demo.new("2.000815", "desk", ward="thuong-dinh", fee_params={"pages": 3, "copies": 1})
    demo.do(copy, Action.DESK_ACCEPT, "TN")
    demo.do(copy, Action.PAY_AT_DESK, "TN")

    stdout.write(f"  sandbox: demo workspace “{TITLE}” with {workspace.dossiers.count()} dossiers")
    return []


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "giay-chung-sinh.pdf", b"%PDF-1.4\n% Tai lieu thuc hanh DVC Academy\n%%EOF\n"
    )
