"""Demo scenarios at the one-stop desk (`dossier-workflow.md` §6 nos. 1–5, corrected by
`verification.md`).

Card positions the scenarios refer to (1-based):

* SANDBOX-11 household business: 1 application, 2 ID copies of the owner and members,
  3 minutes of the household meeting (conditional), 4 authorisation (conditional).
* 2.000815 certified copy: 1 the original, 2 the copies to certify.
* SANDBOX-09 certified copy of a foreign-issued paper: 1 the original, 2 the copies. The
  card version before 09/01/2025 makes Phòng Tư pháp competent; NĐ 07/2025 gives the ward
  competence from that date (`verification.md` 5.14), so scenario 4 happens in December 2024.
* SANDBOX-13 building permit: 1 application, 2 land-use paper, 3 design drawings (02 sets),
  4 adjoining-building safety commitment (conditional).
"""

from __future__ import annotations

from .demo_common import COPY, FOREIGN_COPY, GPXD, HKD, criterion, step

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
                critical=True,
                legal_basis="NĐ 61/2018/NĐ-CP Điều 5 khoản 1 (hành vi bị nghiêm cấm)",
            ),
        ],
    },
    # 2 -----------------------------------------------------------------------------
    {
        "slug": "hen-tra-qua-tet",
        "title": "Ngày hẹn trả kết quả qua Tết Nguyên đán",
        "briefing": (
            "<p>Ngay trước kỳ nghỉ Tết, một hồ sơ đăng ký hộ kinh doanh <b>đầy đủ</b> được "
            "nộp tại bộ phận một cửa quận (ngày, giờ nộp: xem đồng hồ mô phỏng và hồ sơ). Thời "
            "hạn giải quyết: <b>03 ngày làm việc</b>. Bạn là <b>cán bộ tiếp nhận (TN)</b>.</p>"
            "<ol><li>Kiểm tra các thành phần hồ sơ.</li>"
            "<li>Tiếp nhận và <b>tự tính ngày hẹn trả</b> ghi trên Mẫu 01, cùng lệ phí.</li>"
            "<li>Chuyển hồ sơ đến phòng chuyên môn có thẩm quyền.</li></ol>"
            "<p>Lưu ý lịch nghỉ Tết Ất Tỵ 2025 (từ 25/01 đến hết 02/02/2025).</p>"
        ),
        "roles": ["TN"],
        "clock_start": "2025-01-24T09:30:00+07:00",
        # Each officer draws one of these starts (the dossier arrives then): three answers.
        "clock_variants": ["2025-01-23T10:15:00+07:00", "2025-01-22T14:00:00+07:00"],
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
            step(
                "A",
                "TN",
                "desk_accept",
                "Hẹn trả sau 03 ngày làm việc, bỏ qua các ngày nghỉ Tết (nhận 24/01 thì hẹn "
                "05/02/2025).",
            ),
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
                "Ngày hẹn trả đúng theo ngày làm việc",
                "R-DUE",
                "deadline",
                "due_date",
                "Không tính ngày nhận hồ sơ (BLDS Điều 147); chỉ đếm ngày làm việc, bỏ qua thứ "
                "Bảy, Chủ nhật và 7 ngày nghỉ Tết (25/01–02/02/2025). Ví dụ: nhận thứ Sáu "
                "24/01/2025 thì 3 ngày làm việc là 03, 04 và 05/02/2025; hẹn 27/01 là tính theo "
                "ngày lịch, 04/02 là tính cả ngày nhận, 06/02 là cộng thừa một ngày.",
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
    # 3 -----------------------------------------------------------------------------
    {
        "slug": "chung-thuc-sau-15-gio-truoc-le",
        "title": "Chứng thực bản sao nhận sau 15 giờ trước kỳ nghỉ lễ",
        "briefing": (
            "<p>Thứ Sáu 30/08/2024, 15:20: một công dân đến bộ phận một cửa <b>UBND phường "
            "Khương Mai</b> đề nghị chứng thực <b>01 bản sao</b> từ bản chính một <b>bảng "
            "điểm</b> do trường đại học cấp (số trang: xem nội dung yêu cầu trên hồ sơ). Bạn là "
            "<b>cán bộ tiếp nhận (TN)</b> của phường.</p>"
            "<ol><li>Kiểm tra bản chính và bản sao.</li>"
            "<li>Kết quả không trả được ngay: tiếp nhận và <b>tự tính ngày hẹn trả</b> ghi trên "
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).</li>"
            "<li><b>Tự tính phí chứng thực</b> phải thu.</li></ol>"
            "<p>Lưu ý lịch nghỉ lễ Quốc khánh 2024: từ thứ Bảy 31/08 đến hết thứ Ba "
            "03/09/2024.</p>"
        ),
        "roles": ["TN"],
        "clock_start": "2024-08-30T15:20:00+07:00",
        "time_limit_working_days": 2,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": True,
        "dossiers": [
            {
                "label": "A",
                "procedure": COPY,
                "channel": "desk",
                "receiving_unit": "khuong-mai",
                "arrives_at": "2024-08-30T15:20:00+07:00",
                "status": "at_desk",
                "missing": "",
                "defective": "",
                "copies": 1,
                "pages": 3,
                "page_variants": "4|5",
                "request": "Chứng thực 01 bản sao bảng điểm đại học (bản chính {pages} trang).",
            }
        ],
        "scripts": [],
        "expected_path": [
            step("A", "TN", "check_component", "Bản chính và bản sao đều có, đúng."),
            step(
                "A",
                "TN",
                "desk_accept",
                "Nhận sau 15 giờ: hẹn trả thứ Tư 04/09/2024; phí theo số trang của bản chính.",
            ),
        ],
        "rubric": [
            criterion(
                "Có Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)",
                "R-SLIP",
                "artefact",
                "artefact_exists",
                "Yêu cầu chứng thực nhận sau 15 giờ không trả được trong ngày, nên phải tiếp "
                "nhận và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) ghi rõ giờ, ngày "
                "hẹn trả; không hẹn miệng. Phiếu hẹn chỉ được miễn khi kết quả được trả ngay "
                "trong ngày.",
                value="mau_01",
                critical=True,
                legal_basis=(
                    "NĐ 23/2015/NĐ-CP Điều 7; TT 01/2020/TT-BTP Điều 2 (phiếu hẹn ghi rõ giờ, "
                    "ngày); NĐ 61/2018/NĐ-CP Điều 17; TT 01/2018/TT-VPCP Mẫu 01"
                ),
            ),
            criterion(
                "Ngày hẹn trả đúng (nhận sau 15 giờ, trước kỳ nghỉ lễ)",
                "R-DUE",
                "deadline",
                "due_date",
                "Yêu cầu chứng thực nhận sau 15 giờ được trả vào ngày làm việc tiếp theo. "
                "31/08 và 01/09/2024 là thứ Bảy, Chủ nhật; 02 và 03/09/2024 là ngày nghỉ lễ Quốc "
                "khánh, nên ngày làm việc tiếp theo là thứ Tư 04/09/2024. Hẹn 02/09 là hẹn "
                "vào ngày nghỉ lễ, người dân đến sẽ không nhận được kết quả.",
                weight=3,
                legal_basis="NĐ 23/2015/NĐ-CP Điều 7; Bộ luật Lao động 2019 Điều 111, 112",
            ),
            criterion(
                "Phí chứng thực đúng theo số trang",
                "R-FEE",
                "artefact",
                "fee",
                "Phí chứng thực bản sao từ bản chính: 2.000 đồng/trang; từ trang thứ ba thu "
                "1.000 đồng/trang, tối đa 200.000 đồng/bản; số trang tính theo bản chính. "
                "Ví dụ: 01 bản sao của bản chính 03 trang: 2.000 + 2.000 + 1.000 = 5.000 đồng, không "
                "phải 3 × 2.000 = 6.000 đồng.",
                weight=2,
                legal_basis="TT 226/2016/TT-BTC Điều 4",
            ),
        ],
    },
    # 4 -----------------------------------------------------------------------------
    {
        "slug": "sai-tham-quyen-giay-to-nuoc-ngoai",
        "title": "Sai thẩm quyền: chứng thực giấy tờ nước ngoài tại phường",
        "briefing": (
            "<p>Thứ Hai 16/12/2024, 09:30: một công dân đến bộ phận một cửa <b>UBND phường "
            "Nhân Chính</b> đề nghị chứng thực bản sao từ bản chính <b>bằng tốt nghiệp đại "
            "học do một trường đại học của Nhật Bản cấp</b> (đã hợp pháp hóa lãnh sự). Bạn là "
            "<b>cán bộ tiếp nhận (TN)</b> của phường.</p>"
            "<ol><li>Xác định phường có thẩm quyền chứng thực giấy tờ này hay không, theo quy "
            "định có hiệu lực vào ngày tiếp nhận.</li>"
            "<li>Nếu không thuộc thẩm quyền, từ chối bằng văn bản: nêu rõ lý do, căn cứ pháp "
            "lý và nơi người dân cần đến.</li></ol>"
        ),
        "roles": ["TN"],
        "clock_start": "2024-12-16T09:30:00+07:00",
        "time_limit_working_days": 1,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": False,
        "dossiers": [
            {
                "label": "A",
                "procedure": FOREIGN_COPY,
                "channel": "desk",
                "receiving_unit": "nhan-chinh",
                "arrives_at": "2024-12-16T09:30:00+07:00",
                "status": "at_desk",
                "missing": "",
                "defective": "",
                "copies": 1,
                "pages": 1,
                "request": (
                    "Chứng thực 01 bản sao bằng tốt nghiệp đại học do trường đại học của Nhật "
                    "Bản cấp, đã hợp pháp hóa lãnh sự."
                ),
            }
        ],
        "scripts": [],
        "expected_path": [
            step(
                "A",
                "TN",
                "desk_refuse",
                "Mẫu 03: không thuộc thẩm quyền của phường (NĐ 23/2015 Điều 5); hướng dẫn đến "
                "Phòng Tư pháp quận hoặc tổ chức hành nghề công chứng.",
            ),
        ],
        "rubric": [
            criterion(
                "Không chứng thực giấy tờ nước ngoài tại phường",
                "R-ROUTE",
                "end_state",
                "artefact_absent",
                "Trước 09/01/2025, UBND phường không có thẩm quyền chứng thực bản sao từ bản "
                "chính giấy tờ do cơ quan, tổ chức có thẩm quyền của nước ngoài cấp; thẩm quyền "
                "thuộc Phòng Tư pháp quận (hoặc tổ chức hành nghề công chứng). Tiếp nhận và "
                "chứng thực tại phường là làm sai thẩm quyền. Chỉ từ 09/01/2025 (NĐ 07/2025/"
                "NĐ-CP sửa đổi NĐ 23/2015) phường mới được chứng thực loại giấy tờ này.",
                value="mau_01",
                critical=True,
                weight=2,
                legal_basis=(
                    "NĐ 23/2015/NĐ-CP Điều 5 (trước khi được sửa đổi bởi NĐ 07/2025/NĐ-CP, "
                    "hiệu lực 09/01/2025)"
                ),
            ),
            criterion(
                "Từ chối bằng Phiếu từ chối tiếp nhận (Mẫu 03)",
                "R-REF",
                "artefact",
                "artefact_exists",
                "Hồ sơ không thuộc thẩm quyền phải được trả lời bằng văn bản: Phiếu từ chối "
                "tiếp nhận giải quyết hồ sơ (Mẫu 03), không từ chối miệng.",
                value="mau_03",
                weight=2,
                legal_basis="NĐ 61/2018/NĐ-CP Điều 17; TT 01/2018/TT-VPCP Mẫu 03",
            ),
            criterion(
                "Lý do từ chối nêu “không thuộc thẩm quyền”, NĐ 23/2015 và Phòng Tư pháp",
                "R-REF",
                "artefact",
                "refusal_cites",
                "Mẫu 03 phải nêu lý do cụ thể và căn cứ pháp lý: hồ sơ không thuộc thẩm quyền "
                "của UBND phường theo NĐ 23/2015/NĐ-CP Điều 5; người dân đề nghị chứng thực tại "
                "Phòng Tư pháp quận hoặc tổ chức hành nghề công chứng. Một lý do chung chung "
                "(“không tiếp nhận được”, “theo quy định”) không cho người dân biết phải đi "
                "đâu.",
                value="thẩm quyền; 23/2015; Tư pháp|công chứng",
                weight=3,
                legal_basis=(
                    "NĐ 61/2018/NĐ-CP Điều 17; TT 01/2018/TT-VPCP Mẫu 03; NĐ 23/2015/NĐ-CP Điều 5"
                ),
            ),
        ],
    },
    # 5 -----------------------------------------------------------------------------
    {
        "slug": "chuyen-ho-so-giay-phep-xay-dung",
        "title": "Chuyển hồ sơ cấp giấy phép xây dựng đúng phòng chuyên môn",
        "briefing": (
            "<p>Cuối buổi chiều (sau 15 giờ; xem đồng hồ mô phỏng), một hộ gia đình nộp tại bộ "
            "phận một cửa quận hồ sơ "
            "<b>cấp giấy phép xây dựng mới nhà ở riêng lẻ</b>, kèm <b>02 bộ bản vẽ thiết "
            "kế</b>. Bạn là <b>cán bộ tiếp nhận (TN)</b>.</p>"
            "<ol><li>Kiểm tra từng thành phần hồ sơ theo thẻ thủ tục.</li>"
            "<li>Tiếp nhận và <b>tự tính ngày hẹn trả</b> ghi trên Mẫu 01; lệ phí theo thẻ thủ "
            "tục là 75.000 đồng (mức thực hành).</li>"
            "<li>Chuyển hồ sơ, kèm Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05), đến "
            "<b>phòng chuyên môn có thẩm quyền</b>, đúng thời hạn chuyển.</li></ol>"
            "<p>Tua đồng hồ mô phỏng nếu bạn chuyển hồ sơ vào ngày hôm sau.</p>"
        ),
        "roles": ["TN"],
        "clock_start": "2025-03-11T16:10:00+07:00",
        "clock_variants": ["2025-03-12T16:05:00+07:00", "2025-03-13T15:50:00+07:00"],
        "time_limit_working_days": 3,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": True,
        "dossiers": [
            {
                "label": "A",
                "procedure": GPXD,
                "channel": "desk",
                "arrives_at": "2025-03-11T16:10:00+07:00",
                "status": "at_desk",
                "missing": "",
                "defective": "",
                "request": "Cấp giấy phép xây dựng nhà ở riêng lẻ 05 tầng tại phường Khương Trung.",
            }
        ],
        "scripts": [],
        "expected_path": [
            step("A", "TN", "check_component", "Đủ thành phần, có 02 bộ bản vẽ."),
            step(
                "A",
                "TN",
                "desk_accept",
                "Hẹn trả sau 15 ngày làm việc (nhận 11/03 thì 01/04/2025; cách tính theo ngày "
                "lịch cũng được chấp nhận).",
            ),
            step(
                "A",
                "TN",
                "transfer",
                "Chuyển Phòng Quản lý đô thị, chậm nhất đầu giờ sáng ngày làm việc tiếp theo.",
            ),
        ],
        "rubric": [
            criterion(
                "Không ghi nhận thành phần thiếu hoặc không hợp lệ là “đã có”",
                "R-COMP",
                "process",
                "components_truthful",
                "Hồ sơ cấp giấy phép xây dựng phải có 02 bộ bản vẽ thiết kế (chủ đầu tư nộp 02 "
                "bộ hồ sơ). Một thành phần thiếu hoặc không hợp lệ (ví dụ chỉ có 01 bộ bản vẽ) "
                "đã bị ghi nhận là có và hợp lệ: hồ sơ chưa đầy đủ thì phải hướng dẫn bổ sung "
                "bằng Mẫu 02, không được tiếp nhận.",
                critical=True,
                legal_basis=(
                    "NĐ 61/2018/NĐ-CP Điều 17; Luật Xây dựng 2014 Điều 102 khoản 1 (sửa đổi "
                    "2020); NĐ 15/2021/NĐ-CP"
                ),
            ),
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
                "Ngày hẹn trả đúng (15 ngày)",
                "R-DUE",
                "deadline",
                "due_date",
                "Thời hạn 15 ngày tính từ ngày nhận đủ hồ sơ hợp lệ, không tính ngày nhận "
                "(BLDS Điều 147). Theo thẻ thủ tục (15 ngày làm việc, bỏ qua thứ Bảy, Chủ "
                "nhật), nhận ngày 11/03/2025 thì hẹn thứ Ba 01/04/2025. Luật Xây dựng chỉ ghi "
                "“15 ngày”, nên cách hiểu theo ngày lịch (26/03/2025) cũng được chấp nhận cho đến khi thẻ thủ tục "
                "của Hà Nội được kiểm tra.",
                value="calendar_days_too",
                weight=3,
                legal_basis=(
                    "Luật Xây dựng 2014 Điều 102 khoản 1 (sửa đổi 2020); Bộ luật Dân sự 2015 "
                    "Điều 147, 148; Bộ luật Lao động 2019 Điều 111, 112"
                ),
            ),
            criterion(
                "Chuyển đúng Phòng Quản lý đô thị",
                "R-ROUTE",
                "process",
                "transferred_to",
                "Giấy phép xây dựng nhà ở riêng lẻ do UBND quận cấp, Phòng Quản lý đô thị thụ lý "
                "(thẻ thủ tục). Phòng Tài nguyên và Môi trường chỉ được hỏi ý kiến khi cần làm "
                "rõ nguồn gốc đất, không phải đơn vị giải quyết hồ sơ.",
                value="qldt",
                weight=3,
                legal_basis="NĐ 61/2018/NĐ-CP Điều 18; thẻ thủ tục hành chính (cơ quan thụ lý)",
            ),
            criterion(
                "Bàn giao hồ sơ được ghi trên Phiếu kiểm soát (Mẫu 05)",
                "R-K05",
                "process",
                "action_done",
                "Hồ sơ được chuyển đến phòng chuyên môn kèm Phiếu kiểm soát quá trình giải quyết "
                "hồ sơ (Mẫu 05); mỗi lần bàn giao là một dòng của Mẫu 05. Hồ sơ chưa được chuyển "
                "nên Mẫu 05 không có dòng bàn giao nào.",
                value="transfer:TN",
                legal_basis="TT 01/2018/TT-VPCP Mẫu 05; NĐ 61/2018/NĐ-CP Điều 18",
            ),
            criterion(
                "Chuyển hồ sơ chậm nhất đầu ngày làm việc tiếp theo",
                "R-XFER",
                "deadline",
                "transfer_timely",
                "Hồ sơ giấy nhận sau 15 giờ được chuyển vào đầu ngày làm việc tiếp theo (ở đây "
                "nhận 11/03 thì sáng 12/03/2025), kèm Mẫu 05. Mốc 15 giờ chưa được xác minh trên văn bản NĐ "
                "61/2018 Điều 18, nên tiêu chí này chỉ nhắc nhở, không trừ điểm.",
                warning=True,
            ),
        ],
    },
]
