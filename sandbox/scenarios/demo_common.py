"""Shared pieces of the demo scenarios: card codes and the criterion/step builders.

Card positions (1-based) refer to the procedure cards of `sandbox/migrations/0004`.
"""

from __future__ import annotations

HKD = "SANDBOX-11"  # Đăng ký thành lập hộ kinh doanh (district, Phòng TC-KH, 3 working days)
GPXD = "SANDBOX-13"  # Giấy phép xây dựng nhà ở riêng lẻ (district, Phòng QLĐT, 15 days)
COPY = "2.000815"  # Chứng thực bản sao từ bản chính (ward, same day, 15:00 rule)
FOREIGN_COPY = "SANDBOX-09"  # Chứng thực bản sao giấy tờ nước ngoài (district until 09/01/2025)
MARITAL = "1.004873"  # Xác nhận tình trạng hôn nhân (ward, 3 working days)


def criterion(title, rule, kind, check, feedback, *, weight=1, **extra):
    return {
        "title": title,
        "rule": rule,
        "kind": kind,
        "check": check,
        "feedback": feedback,
        "weight": weight,
        "legal_basis": extra.pop("legal_basis", ""),
        "dossier": extra.pop("dossier", ""),
        "value": extra.pop("value", ""),
        "date": extra.pop("date", None),
        "limit": extra.pop("limit", None),
        "critical": extra.pop("critical", False),
        "warning": extra.pop("warning", False),
    }


def step(dossier, role, action, note=""):
    return {"dossier": dossier, "role": role, "action": action, "note": note}
