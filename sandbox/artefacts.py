"""The forms of TT 01/2018/TT-VPCP (Phụ lục) as data, their print rendering, and the two
registers that are projections of the event log.

* Mẫu 01–04, the fee receipt, the result and online notices are issued by
  `sandbox.services.dossier_transition` as `Artefact` rows: their content is built here as
  plain JSON at the moment of issue and never changes.
* Mẫu 05 (control sheet) and Mẫu 06 (tracking book) are not stored: `control_sheet()` and
  `tracking_book()` rebuild them from `DossierEvent` rows, so they always match what was
  done (`dossier-workflow.md` §6, "rebuilt from events rather than typed by hand").

Form fields follow `dossier-workflow.md` §2.3 as corrected by `verification.md` 2.2–2.5:
Mẫu 01 is made in two copies (liên); Mẫu 03 carries the applicant's and the officer's
signatures; Mẫu 04 may be signed "KT." by a deputy. Mẫu 06's official columns were not seen;
the columns used are the recalled ones of §2.3 and are marked unverified on the page.

The printed forms are reproductions of Vietnamese legal templates and are always printed in
Vietnamese (the legal wording is what trainees must learn), whatever the interface language;
the interface around them is translated as usual.
"""

from __future__ import annotations

from datetime import date, datetime

from django.template.loader import render_to_string

from .calendar import VN_TZ
from .procedures import ComponentForm
from .workflow import Action, ActorRole

FORM_TITLES = {
    "mau_01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "mau_02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "mau_03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "mau_04": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    "mau_05": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "mau_06": "SỔ THEO DÕI HỒ SƠ",
    "receipt": "BIÊN LAI THU PHÍ, LỆ PHÍ",
    "result": "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "notice": "THÔNG BÁO",
}

FORM_LABELS_VI = {
    ComponentForm.ORIGINAL: "Bản chính",
    ComponentForm.CERTIFIED_COPY: "Bản sao chứng thực",
    ComponentForm.PHOTOCOPY: "Bản chụp kèm bản chính",
    ComponentForm.ELECTRONIC: "Bản điện tử",
    ComponentForm.SHOWN: "Xuất trình",
}

DELIVERY_VI = {
    "desk": "Nhận trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả",
    "post": "Nhận qua dịch vụ bưu chính công ích",
    "online": "Nhận trực tuyến",
}

DESK_NAME = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
DESK_VI = "Bộ phận Tiếp nhận và Trả kết quả"
DISTRICT_AGENCY = "ỦY BAN NHÂN DÂN QUẬN THANH XUÂN"

RESULT_CLASS_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


def vn_time(value: datetime | None) -> str:
    """ "HH giờ mm phút, ngày dd/MM/yyyy", the time format of Mẫu 01 ([S18])."""
    if value is None:
        return ""
    local = value.astimezone(VN_TZ)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date()
    return f"{value:%d/%m/%Y}"


def vn_dateline(value: datetime, place: str = "Hà Nội") -> str:
    local = value.astimezone(VN_TZ)
    return f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def agency_of(unit) -> str:
    """The People's Committee a desk or department belongs to, as a form header prints it."""
    if unit is not None and unit.kind == "ward":
        return f"ỦY BAN NHÂN DÂN {unit.name_vi.upper()}"
    return DISTRICT_AGENCY


def agency_name(unit) -> str:
    """The People's Committee in running text: "Ủy ban nhân dân phường Khương Trung"."""
    if unit is not None and unit.kind == "ward":
        name = unit.name_vi
        return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return "Ủy ban nhân dân quận Thanh Xuân"


def applicant_block(dossier) -> dict:
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "proxy": (
            {
                "name": dossier.proxy_name,
                "id_number": dossier.proxy_id_number,
                "relationship": dossier.proxy_relationship,
                "authorisation": dossier.authorisation,
            }
            if dossier.is_proxy
            else None
        ),
    }


def request_text(dossier) -> str:
    name = dossier.card.name
    return f"{name}: {dossier.request_summary}" if dossier.request_summary else name


def _base(dossier, kind: str, number: str, at: datetime, unit) -> dict:
    return {
        "kind": kind,
        "title": FORM_TITLES[kind],
        "agency": agency_of(unit),
        "agency_name": agency_name(unit),
        "desk": DESK_NAME,
        "desk_name": DESK_VI,
        "number": number,
        "dateline": vn_dateline(at),
        "issued_at": at.isoformat(),
        "dossier_code": dossier.code,
        "procedure": {"code": dossier.card.code, "name": dossier.card.name},
        "rule_profile": dossier.card.rule_profile,
        "practice": True,
    }


def build_mau_01(
    dossier, *, number: str, officer: str, book_year: int, received_components
) -> dict:
    """Mẫu 01: receipt and appointment, in 2 liên (`verification.md` 2.2)."""
    content = _base(dossier, "mau_01", number, dossier.received_at, dossier.receiving_unit)
    content.update(
        {
            "applicant": applicant_block(dossier),
            "request": request_text(dossier),
            "components": [
                {
                    "name": c.name,
                    "form": FORM_LABELS_VI.get(c.form, c.form),
                    "count": c.count,
                }
                for c in received_components
            ],
            "sets_count": dossier.sets_count,
            "time_limit": dossier.card.time_limit_label(online=dossier.channel == "online"),
            "received_at": vn_time(dossier.received_at),
            "received_at_iso": dossier.received_at.isoformat(),
            "appointment_at": vn_time(dossier.appointment_at),
            "appointment_at_iso": dossier.appointment_at.isoformat(),
            "due_date": dossier.due_date.isoformat(),
            "delivery": DELIVERY_VI.get(dossier.delivery, dossier.delivery),
            "book": {"volume": str(book_year), "entry": dossier.book_number},
            "signatures": {
                "submitter": dossier.proxy_name if dossier.is_proxy else dossier.applicant_name,
                "receiver": officer,
            },
            "copies": [
                "Liên 1: chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ, lưu tại Bộ phận "
                "Tiếp nhận và Trả kết quả",
                "Liên 2: giao cho cá nhân, tổ chức nộp hồ sơ",
            ],
            "note": "Khi đến nhận kết quả, người nộp mang theo Giấy này.",
        }
    )
    return content


def build_mau_02(
    dossier, *, number: str, at: datetime, officer: str, items: list[dict], reason: str, stage: str
) -> dict:
    """Mẫu 02: every item to supplement or complete, with the reason (all in one notice)."""
    content = _base(dossier, "mau_02", number, at, dossier.receiving_unit)
    content.update(
        {
            "stage": stage,
            "stage_label": (
                "Trong quá trình giải quyết" if stage == "processing" else "Khi tiếp nhận hồ sơ"
            ),
            "applicant": applicant_block(dossier),
            "request": request_text(dossier),
            "items": items,
            "reason": reason,
            "contact": f"{DESK_VI} – {dossier.receiving_unit.name_vi}",
            "guide": officer,
        }
    )
    return content


def build_mau_03(
    dossier, *, number: str, at: datetime, officer: str, reason: str, legal_basis: str
) -> dict:
    """Mẫu 03: refusal to accept, with the concrete reason and two signatures."""
    content = _base(dossier, "mau_03", number, at, dossier.receiving_unit)
    content.update(
        {
            "applicant": applicant_block(dossier),
            "request": request_text(dossier),
            "reason": reason,
            "legal_basis": legal_basis,
            "signatures": {
                "submitter": dossier.proxy_name if dossier.is_proxy else dossier.applicant_name,
                "receiver": officer,
            },
        }
    )
    return content


def signature_block(card, capacity: str) -> list[str]:
    """ "CHỦ TỊCH", or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" for a deputy signing on behalf."""
    if capacity == "deputy":
        return [f"KT. {card.head_title}", card.deputy_title]
    return [card.head_title]


def build_mau_04(
    dossier,
    *,
    number: str,
    at: datetime,
    reason: str,
    new_date: date,
    signer_name: str,
    capacity: str,
    receipt_number: str,
    unit,
) -> dict:
    """Mẫu 04: apology and new appointment, signed by the head of the agency or a deputy
    on their behalf (`verification.md` 2.4)."""
    card = dossier.card
    content = _base(dossier, "mau_04", number, at, unit)
    content.update(
        {
            "to": dossier.applicant_name,
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "received_on": vn_date(dossier.received_at),
            "receipt_number": receipt_number,
            "original_appointment": vn_date(dossier.due_date),
            "request": request_text(dossier),
            "reason": reason,
            "new_date": vn_date(new_date),
            "new_date_iso": new_date.isoformat(),
            "signer": {
                "capacity": capacity,
                "block": signature_block(card, capacity),
                "name": signer_name,
            },
            "recipients": ["Như trên;", "Bộ phận Tiếp nhận và Trả kết quả;", "Lưu: VT."],
        }
    )
    return content


def build_receipt(
    dossier, *, number: str, at: datetime, method: str, transaction_id: str, officer: str
) -> dict:
    content = _base(dossier, "receipt", number, at, dossier.receiving_unit)
    content.update(
        {
            "payer": dossier.applicant_name,
            "address": dossier.applicant_address,
            "lines": dossier.fee_lines,
            "amount": dossier.fee_amount,
            "method": method,
            "method_label": (
                "Thanh toán trực tuyến (mô phỏng)"
                if method == "online"
                else "Nộp tại Bộ phận Một cửa"
            ),
            "transaction_id": transaction_id,
            "collector": officer,
        }
    )
    return content


def build_result(dossier, *, number: str, at: datetime, draft: dict, unit) -> dict:
    content = _base(dossier, "result", number, at, unit)
    content.update(
        {
            "result_type": draft.get("kind"),
            "document": (
                dossier.card.result_name
                if draft.get("kind") == "grant"
                else "Văn bản trả lời (từ chối giải quyết)"
            ),
            "summary": draft.get("summary", ""),
            "reason": draft.get("reason", ""),
            "legal_basis": draft.get("legal_basis", ""),
            "applicant": applicant_block(dossier),
            "signer": draft.get("signed_by", ""),
            "signer_title": draft.get("signer_title", ""),
            "signed_at": draft.get("signed_at", ""),
        }
    )
    return content


def build_notice(dossier, *, at: datetime, title: str, text: str, number: str = "") -> dict:
    content = _base(dossier, "notice", number, at, dossier.receiving_unit)
    content.update({"title": title, "text": text, "applicant": applicant_block(dossier)})
    return content


def render_artefact(artefact) -> str:
    """The print-styled HTML of an issued document (`templates/sandbox/forms/`)."""
    template = {
        "mau_01": "sandbox/forms/mau_01.html",
        "mau_02": "sandbox/forms/mau_02.html",
        "mau_03": "sandbox/forms/mau_03.html",
        "mau_04": "sandbox/forms/mau_04.html",
        "receipt": "sandbox/forms/bien_lai.html",
        "result": "sandbox/forms/ket_qua.html",
        "notice": "sandbox/forms/thong_bao.html",
    }[artefact.kind]
    return render_to_string(template, {"form": artefact.content, "artefact": artefact})


# ---------------------------------------------------------------------------------------
# Mẫu 05 and Mẫu 06: projections of the event log
# ---------------------------------------------------------------------------------------

ROLE_VI = {
    ActorRole.CD: "Người nộp hồ sơ",
    ActorRole.TN: "Bộ phận Tiếp nhận và Trả kết quả",
    ActorRole.TBP: "Bộ phận Tiếp nhận và Trả kết quả",
    ActorRole.LDP: "Lãnh đạo phòng",
    ActorRole.CV: "Chuyên viên thụ lý",
    ActorRole.LDK: "Người có thẩm quyền ký",
    ActorRole.VT: "Văn thư",
    ActorRole.PH: "Cơ quan phối hợp",
    ActorRole.SYS: "Hệ thống",
}


def _handover(event, unit_names: dict[str, str]) -> tuple[str, str, str] | None:
    """(giver, receiver, note) of a hand-over event, or None if the event is no hand-over."""
    p = event.payload
    unit = unit_names.get(p.get("to_unit") or p.get("handling_unit") or "", "phòng chuyên môn")
    action = event.action
    if action == Action.TRANSFER:
        return DESK_VI, unit_names.get(p.get("to_unit", ""), p.get("to_unit", "")), ""
    if action == Action.REJECT_TRANSFER:
        return unit, DESK_VI, f"Trả lại do không đúng thẩm quyền: {p.get('reason', '')}"
    if action == Action.ASSIGN:
        return "Lãnh đạo phòng", f"Chuyên viên {p.get('specialist', '')}".strip(), ""
    if action == Action.CONSULT_PARTNER:
        return unit, ", ".join(p.get("partner_names", [])), "Lấy ý kiến liên thông"
    if action == Action.PARTNER_REPLY:
        return p.get("partner_name", "Cơ quan phối hợp"), unit, "Trả lời liên thông"
    if action in (Action.DRAFT_RESULT, Action.DRAFT_REFUSAL, Action.DRAFT_SUPPLEMENT):
        return "Chuyên viên thụ lý", "Lãnh đạo phòng", "Trình dự thảo"
    if action == Action.LEADER_RETURN:
        return "Lãnh đạo phòng", "Chuyên viên thụ lý", f"Trả lại: {p.get('reason', '')}"
    if action == Action.LEADER_APPROVE:
        return "Lãnh đạo phòng", "Người có thẩm quyền ký", "Trình ký"
    if action == Action.SIGNER_REJECT:
        return "Người có thẩm quyền ký", "Lãnh đạo phòng", f"Không ký: {p.get('reason', '')}"
    if action == Action.SIGN:
        return "Người có thẩm quyền ký", "Văn thư", "Đã ký"
    if action == Action.APPROVE_SUPPLEMENT:
        return unit, "Người nộp hồ sơ (qua Bộ phận Một cửa)", "Yêu cầu bổ sung (Mẫu 02)"
    if action == Action.CITIZEN_SUPPLEMENT:
        return "Người nộp hồ sơ", unit, "Đã bổ sung hồ sơ"
    if action == Action.RETURN_TO_DESK:
        return unit, DESK_VI, ""
    if action == Action.RETURN_RESULT:
        return DESK_VI, "Người nộp hồ sơ", p.get("method_label", "")
    return None


def control_sheet(dossier, events=None) -> dict:
    """Mẫu 05 for one dossier: the header and one row per hand-over, from its events.

    The result column (trước hạn / đúng hạn / quá hạn) is filled where a step has a
    deadline: the transfer (same working day, or the next one if received after 15:00:
    R-XFER, unverified, `verification.md` 1.6) and the return to the desk (the due date).
    """
    from training.people.models import Unit

    if events is None:
        events = list(dossier.events.order_by("version"))
    codes = {e.payload.get("to_unit") for e in events} | {
        e.payload.get("handling_unit") for e in events
    }
    codes.discard(None)
    unit_names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name_vi"))
    rows = []
    for event in events:
        handover = _handover(event, unit_names)
        if handover is None:
            continue
        giver, receiver, note = handover
        rows.append(
            {
                "version": event.version,
                "action": event.action,
                "giver": giver,
                "receiver": receiver,
                "at": vn_time(event.sim_at),
                "at_iso": event.sim_at.isoformat(),
                "actor": event.actor_name,
                "role": event.role,
                "result": event.payload.get("step_result", ""),
                "result_label": RESULT_CLASS_VI.get(event.payload.get("step_result", ""), ""),
                "note": note,
            }
        )
    return {
        "title": FORM_TITLES["mau_05"],
        "agency": agency_of(dossier.receiving_unit),
        "desk": DESK_NAME,
        "dossier_code": dossier.code,
        "applicant": dossier.applicant_name,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "procedure": dossier.card.name,
        "received_at": vn_time(dossier.received_at),
        "appointment_at": vn_time(dossier.appointment_at),
        "lead_agency": unit_names.get(
            dossier.handling_unit.code if dossier.handling_unit_id else "", ""
        ),
        "partners": [p.name for p in dossier.card.partners],
        "rows": rows,
        "practice": True,
    }


BOOK_ACTIONS = (
    Action.DESK_ACCEPT,
    Action.TRANSFER,
    Action.RETURN_TO_DESK,
    Action.RETURN_RESULT,
    Action.SIGN_APOLOGY,
    Action.WITHDRAW,
    Action.STOP_PROCESSING,
)


def tracking_book(workspace, unit, *, year: int | None = None) -> dict:
    """Mẫu 06 of one receiving desk: one row per dossier accepted there (in the year, if
    given), ordered by entry number, filled from the events. One query whatever the size.

    Columns as recalled in §2.3 (not verified against the official template): TT, code,
    procedure, sets, applicant, address and phone, lead agency, received, appointment,
    transferred, result received from the agency, returned, who collected, note.
    """
    from .models import DossierEvent

    events = (
        DossierEvent.objects.filter(
            workspace=workspace, dossier__receiving_unit=unit, action__in=BOOK_ACTIONS
        )
        .select_related("dossier", "dossier__handling_unit")
        .order_by("dossier_id", "version")
    )
    rows: dict[int, dict] = {}
    for event in events:
        p = event.payload
        if event.action == Action.DESK_ACCEPT:
            if year is not None and event.sim_at.astimezone(VN_TZ).year != year:
                continue
            dossier = event.dossier
            rows[dossier.pk] = {
                "entry": p.get("book_number"),
                "code": dossier.code,
                "procedure": dossier.card.name,
                "sets": dossier.sets_count,
                "applicant": dossier.applicant_name,
                "address_phone": ", ".join(
                    part for part in (dossier.applicant_address, dossier.applicant_phone) if part
                ),
                "lead_agency": "",
                "received_at": vn_time(event.sim_at),
                "appointment_at": vn_time(datetime.fromisoformat(p["appointment_at"])),
                "transferred_at": "",
                "resolved_at": "",
                "returned_at": "",
                "collected_by": "",
                "note": "",
            }
            continue
        row = rows.get(event.dossier_id)
        if row is None:
            continue
        if event.action == Action.TRANSFER:
            row["transferred_at"] = vn_time(event.sim_at)
            row["lead_agency"] = p.get("to_unit_name", "")
        elif event.action == Action.RETURN_TO_DESK:
            row["resolved_at"] = vn_time(event.sim_at)
        elif event.action == Action.RETURN_RESULT:
            row["returned_at"] = vn_time(event.sim_at)
            row["collected_by"] = p.get("collected_by", "")
        elif event.action == Action.SIGN_APOLOGY:
            row["note"] = f"Xin lỗi, hẹn lại ngày {vn_date(date.fromisoformat(p['new_date']))}"
        elif event.action == Action.WITHDRAW:
            row["note"] = "Công dân rút hồ sơ"
        elif event.action == Action.STOP_PROCESSING:
            row["note"] = "Dừng xử lý"
    ordered = sorted(rows.values(), key=lambda r: r["entry"] or 0)
    return {
        "title": FORM_TITLES["mau_06"],
        "agency": agency_of(unit),
        "desk": DESK_NAME,
        "year": year,
        "rows": ordered,
        "columns_unverified": True,
        "practice": True,
    }


def render_control_sheet(dossier) -> str:
    return render_to_string("sandbox/forms/mau_05.html", {"form": control_sheet(dossier)})


def render_tracking_book(workspace, unit, *, year: int | None = None) -> str:
    return render_to_string(
        "sandbox/forms/mau_06.html", {"form": tracking_book(workspace, unit, year=year)}
    )
