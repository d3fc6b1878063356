"""Seed the Profile B calendar overrides and office hours confirmed in
`shared/domain/verification.md` "Priority 3" (rows 3.1, 3.6, 3.8, 3.10, 3.11).

Where the domain files give no document number or issue date, the source says so and
`effective_from` is 1 January of the year concerned, so that an "as of" replay keeps the
entry for every dossier of that year.
"""

import datetime

from django.db import migrations

UNKNOWN_DATE_NOTE = "Ngày ban hành văn bản chưa xác minh: effective_from để ngày 01/01 của năm."

OVERRIDES = [
    {
        "date": datetime.date(2024, 5, 4),
        "kind": "makeup_workday",
        "name": "Làm bù cho thứ Hai 29/04/2024 (nghỉ lễ 30/4 – 1/5/2024)",
        "source_document": (
            "Lịch nghỉ lễ 30/4 – 1/5/2024 của cán bộ, công chức, viên chức (số hiệu văn bản "
            "không có trong nguồn đã đọc; gói holidays dẫn Công văn 2450/VPCP-KGVX, chưa đọc)"
        ),
        "effective_from": datetime.date(2024, 1, 1),
        "note": (
            "“nghỉ 05 ngày liên tục từ thứ Bảy ngày 27/4/2024 đến hết thứ Tư ngày 01/5/2024. "
            "Đồng thời sẽ làm bù vào ngày thứ Bảy 04/5/2024” — "
            "https://brotherhoodcharters.com/30/4-1/5-nghỉ-mấy-ngày-21 (verification.md 3.6). "
            + UNKNOWN_DATE_NOTE
        ),
    },
    {
        "date": datetime.date(2025, 4, 26),
        "kind": "makeup_workday",
        "name": "Làm bù cho thứ Sáu 02/05/2025 (nghỉ lễ 30/4 – 1/5/2025)",
        "source_document": (
            "Hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025 (số hiệu văn bản "
            "không có trong nguồn đã đọc; tin VietnamPlus)"
        ),
        "effective_from": datetime.date(2025, 1, 1),
        "note": (
            "“hoán đổi ngày làm việc từ thứ Sáu ngày 2/5/2025 sang thứ Bảy ngày 26/4/2025 … "
            "nghỉ 5 ngày liên tục từ thứ Tư ngày 30/4/2025 đến hết Chủ nhật ngày 4/5/2025” — "
            "https://tracuuquyhoach.com/tin-tuc/cong-chuc-vien-chuc-duoc-nghi-the-nao-trong-dip-"
            "le-30-4-1-5-2025-51994339 (verification.md 3.8). " + UNKNOWN_DATE_NOTE
        ),
    },
    {
        "date": datetime.date(2026, 1, 2),
        "kind": "extra_day_off",
        "name": "Nghỉ Tết Dương lịch 2026 (hoán đổi sang thứ Bảy 10/01/2026)",
        "source_document": "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
        "effective_from": datetime.date(2025, 12, 25),
        "note": (
            "“hoán đổi từ ngày làm việc thứ sáu (ngày 2/1/2026) sang ngày nghỉ hằng tuần thứ bảy "
            "(ngày 10/1/2026)” — https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-"
            "nghi-tet-duong-lich-4-ngay-c46a1724830.html (verification.md 3.10)."
        ),
    },
    {
        "date": datetime.date(2026, 1, 10),
        "kind": "makeup_workday",
        "name": "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026)",
        "source_document": "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
        "effective_from": datetime.date(2025, 12, 25),
        "note": "Cùng văn bản với ngày nghỉ 02/01/2026 (verification.md 3.10).",
    },
    {
        "date": datetime.date(2026, 8, 22),
        "kind": "makeup_workday",
        "name": "Làm bù cho thứ Hai 31/08/2026 (nghỉ Quốc khánh 2026)",
        "source_document": (
            "Phương án nghỉ Tết Bính Ngọ và Quốc khánh 2026 cho cán bộ, công chức, viên chức "
            "(số hiệu văn bản không có trong nguồn đã đọc; tin Kiến Thức, Thanh Niên)"
        ),
        "effective_from": datetime.date(2026, 1, 1),
        "note": (
            "“1 ngày được hoán đổi từ lịch làm việc cụ thể thứ Hai ngày 31/8 sẽ chuyển sang thứ "
            "Bảy ngày 22/8” — https://kienthuc.net.vn/chot-phuong-an-nghi-tet-am-lich-binh-ngo-"
            "va-quoc-khanh-nam-2026-post1576857.html (verification.md 3.11). " + UNKNOWN_DATE_NOTE
        ),
    },
]

OFFICE_HOURS = {
    # Profile B begins on 21/06/2018; no earlier Hà Nội desk-hours text was found, so the
    # 2020 hours stand for the whole profile.
    "effective_from": datetime.date(2018, 6, 21),
    "office_morning_start": datetime.time(8, 0),
    "office_morning_end": datetime.time(12, 0),
    "office_afternoon_start": datetime.time(13, 0),
    "office_afternoon_end": datetime.time(17, 0),
    "desk_morning_start": datetime.time(8, 0),
    "desk_morning_end": datetime.time(11, 0),
    "desk_afternoon_start": datetime.time(13, 30),
    "desk_afternoon_end": datetime.time(16, 30),
    "same_day_cutoff": datetime.time(15, 0),
    "after_hours_next_working_day": True,
    "source_document": (
        "QĐ 18/2020/QĐ-UBND Hà Nội Điều 9 (tiếp nhận, trả kết quả 8h–11h và 13h30–16h30); "
        "QĐ 315/QĐ-UBND năm 2012 (làm việc 8h–17h)"
    ),
    "note": (
        "Nghỉ trưa 12:00–13:00 là giả định, chưa thấy nguồn. QĐ 27/2023/QĐ-UBND sửa đổi "
        "QĐ 18/2020, nội dung chưa xem. Mốc 15 giờ: thẻ TTHC chứng thực, hộ tịch (“nếu tiếp "
        "nhận yêu cầu sau 15 giờ”). Hồ sơ nhận sau giờ làm việc tính từ giờ mở cửa ngày làm "
        "việc kế tiếp: thực tiễn cổng dịch vụ công, chưa có văn bản (verification.md 3.1)."
    ),
}


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("sandbox", "CalendarOverride")
    OfficeHours = apps.get_model("sandbox", "OfficeHours")
    for row in OVERRIDES:
        CalendarOverride.objects.update_or_create(
            rule_profile="B",
            date=row["date"],
            defaults={key: value for key, value in row.items() if key != "date"},
        )
    OfficeHours.objects.update_or_create(
        rule_profile="B",
        effective_from=OFFICE_HOURS["effective_from"],
        defaults={key: value for key, value in OFFICE_HOURS.items() if key != "effective_from"},
    )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("sandbox", "CalendarOverride")
    OfficeHours = apps.get_model("sandbox", "OfficeHours")
    CalendarOverride.objects.filter(
        rule_profile="B", date__in=[row["date"] for row in OVERRIDES]
    ).delete()
    OfficeHours.objects.filter(
        rule_profile="B", effective_from=OFFICE_HOURS["effective_from"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sandbox", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
