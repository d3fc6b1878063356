"""Demo scenarios at the one-stop desk (`dossier-workflow.md` §6 nos. 1–5, corrected by
`verification.md`).

SANDBOX-11 household business: 1 application, 2 ID copies of the owner and members,
3 minutes of the household meeting (conditional), 4 authorisation (conditional).
"""

from __future__ import annotations

from .demo_common import COPY, FOREIGN_COPY, GPXD, HKD, criterion, step  # noqa: F401

DESK_SCENARIOS = [
    # 1 -----------------------------------------------------------------------------
    {
        "slug": "ho-kinh-doanh-thieu-giay-to",
        "title": "Hồ sơ hộ kinh doanh thiếu giấy tờ tại bộ phận một cửa",
        "briefing": (
            "<p>Ba anh chị em trong một hộ gia đình đến bộ phận một cửa quận để đăng ký "
            "<b>một hộ kinh doanh</b> (các thành viên hộ gia đình cùng đăng ký, NĐ 01/2021 "
            "Điều 79). Bạn là <b>cán bộ tiếp nhận (TN)</b>.</p>"
            "<ol><li>Kiểm tra từng thành phần hồ sơ theo thẻ thủ tục.</li>"
            "<li>Nếu hồ sơ chưa đầy đủ, hướng dẫn người nộp <b>một lần</b> bằng Mẫu 02.</li>"
            "<li>Không yêu cầu giấy tờ ngoài thẻ thủ tục.</li></ol>"
            "<p>Khi xong, bấm <b>Nộp bài để chấm</b>.</p>"
        ),
        "roles": ["TN"],
        "clock_start": "2025-03-04T09:00:00+07:00",
        "time_limit_working_days": 3,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": False,
        "dossiers": [
            {
                "label": "A",
                "procedure": HKD,
                "channel": "desk",
                "arrives_at": "2025-03-04T08:45:00+07:00",
                "status": "at_desk",
                # Variants by seed: the minutes and the ID copies, or the minutes and the
                # authorisation (both conditional papers apply: the members register together).
                "missing": "2,3|3,4",
                "defective": "",
                "request": "Đăng ký thành lập hộ kinh doanh tạp hóa do các thành viên hộ gia đình cùng đăng ký.",
            }
        ],
        "scripts": [],
        "expected_path": [
            step("A", "TN", "check_component", "Đánh dấu từng giấy tờ: có / thiếu."),
            step("A", "TN", "desk_request_supplement", "Một Mẫu 02 liệt kê đủ các giấy tờ thiếu."),
        ],
        "rubric": [
            criterion(
                "Không cấp Mẫu 01 cho hồ sơ thiếu giấy tờ",
                "R-COMP",
                "end_state",
                "artefact_absent",
                "Hồ sơ còn thiếu thành phần bắt buộc thì không được tiếp nhận và không cấp Giấy "
                "tiếp nhận (Mẫu 01); thời hạn giải quyết chưa bắt đầu.",
                value="mau_01",
                critical=True,
                weight=2,
            ),
            criterion(
                "Không ghi nhận giấy tờ thiếu là “đã có”",
                "R-COMP",
                "process",
                "components_truthful",
                "Một giấy tờ không có trong hồ sơ đã bị đánh dấu là có và hợp lệ.",
                critical=True,
            ),
            criterion(
                "Hướng dẫn bổ sung bằng Mẫu 02",
                "R-ONCE",
                "artefact",
                "artefact_exists",
                "Phải lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02), không hướng dẫn miệng.",
                value="mau_02",
                weight=2,
            ),
            criterion(
                "Một Mẫu 02 liệt kê đủ mọi giấy tờ thiếu",
                "R-ONCE",
                "artefact",
                "supplement_lists_all",
                "Mẫu 02 phải nêu đầy đủ tất cả giấy tờ còn thiếu trong một lần; yêu cầu lần lượt "
                "từng giấy tờ buộc người dân đi lại nhiều lần.",
                weight=3,
            ),
            criterion(
                "Chỉ một Mẫu 02",
                "R-ONCE",
                "artefact",
                "single_artefact",
                "Đã lập nhiều Mẫu 02 cho cùng một hồ sơ: mọi thiếu sót phải được nêu trong một lần.",
                value="mau_02",
            ),
            criterion(
                "Không yêu cầu giấy tờ ngoài thẻ thủ tục",
                "R-EXTRA",
                "artefact",
                "text_excludes",
                "Sổ hộ khẩu (đã bỏ từ 01/01/2023) và hợp đồng thuê nhà không có trong thẻ thủ tục; "
                "yêu cầu thêm giấy tờ ngoài quy định là hành vi bị nghiêm cấm.",
                value="sổ hộ khẩu; hộ khẩu; hợp đồng thuê",
                weight=2,
            ),
        ],
    },
    # 2 -----------------------------------------------------------------------------
    {
        "slug": "hen-tra-qua-tet",
        "title": "Ngày hẹn trả kết quả qua Tết Nguyên đán",
        "briefing": (
            "<p>Thứ Sáu 24/01/2025, 09:30: một hồ sơ đăng ký hộ kinh doanh <b>đầy đủ</b> được "
            "nộp tại bộ phận một cửa quận. Thời hạn giải quyết: <b>03 ngày làm việc</b>. Bạn là "
            "<b>cán bộ tiếp nhận (TN)</b>.</p>"
            "<ol><li>Kiểm tra các thành phần hồ sơ.</li>"
            "<li>Tiếp nhận và <b>tự tính ngày hẹn trả</b> ghi trên Mẫu 01, cùng lệ phí.</li>"
            "<li>Chuyển hồ sơ đến phòng chuyên môn có thẩm quyền.</li></ol>"
            "<p>Lưu ý lịch nghỉ Tết Ất Tỵ 2025 (từ 25/01 đến hết 02/02/2025).</p>"
        ),
        "roles": ["TN"],
        "clock_start": "2025-01-24T09:30:00+07:00",
        "time_limit_working_days": 2,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": True,
        "dossiers": [
            {
                "label": "A",
                "procedure": HKD,
                "channel": "desk",
                "arrives_at": "2025-01-24T09:30:00+07:00",
                "status": "at_desk",
                "missing": "",
                "defective": "",
                "request": "Đăng ký thành lập hộ kinh doanh dịch vụ ăn uống.",
            }
        ],
        "scripts": [],
        "expected_path": [
            step("A", "TN", "check_component", "Mọi giấy tờ đều có và hợp lệ."),
            step("A", "TN", "desk_accept", "Ngày hẹn trả: thứ Tư 05/02/2025."),
            step("A", "TN", "transfer", "Chuyển Phòng Tài chính – Kế hoạch."),
        ],
        "rubric": [
            criterion(
                "Có Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)",
                "R-SLIP",
                "artefact",
                "artefact_exists",
                "Hồ sơ đầy đủ phải được tiếp nhận và cấp Mẫu 01 ghi ngày hẹn trả.",
                value="mau_01",
                critical=True,
            ),
            criterion(
                "Ngày hẹn trả đúng: 05/02/2025",
                "R-DUE",
                "deadline",
                "due_date",
                "Không tính ngày nhận hồ sơ (BLDS Điều 147); bỏ qua thứ Bảy, Chủ nhật và 7 ngày "
                "nghỉ Tết (25/01–02/02/2025): 3 ngày làm việc là 03, 04 và 05/02/2025. 27/01 là "
                "tính theo ngày lịch; 04/02 là tính cả ngày nhận; 06/02 là cộng thừa một ngày.",
                weight=4,
            ),
            criterion(
                "Lệ phí đúng thẻ thủ tục",
                "R-FEE",
                "artefact",
                "fee",
                "Lệ phí ghi trên Mẫu 01 phải đúng mức trên thẻ thủ tục.",
            ),
            criterion(
                "Chuyển đúng Phòng Tài chính – Kế hoạch",
                "R-ROUTE",
                "process",
                "transferred_to",
                "Đăng ký hộ kinh doanh do cơ quan đăng ký kinh doanh cấp huyện (Phòng Tài chính – "
                "Kế hoạch) giải quyết.",
                value="tc-kh",
                weight=2,
            ),
            criterion(
                "Chuyển hồ sơ trong ngày",
                "R-XFER",
                "deadline",
                "transfer_timely",
                "Hồ sơ tiếp nhận trước 15:00 nên được chuyển ngay trong ngày.",
                warning=True,
            ),
        ],
    },
]
