"""Demo scenarios in the department and for the head of the desk (`dossier-workflow.md` §6
nos. 6, 7 and 15, corrected by `verification.md`).

* Supplement during appraisal (GPXD, roles CV and LĐP): one written notice (Mẫu 02) within
  7 working days of receipt (Luật Xây dựng Đ.102, `verification.md` 5.6); the clock pauses
  and the due date moves on by the working days of the pause. A second notice is lawful only
  when the supplement did not satisfy the first; asking on day 12 for something visible on
  day 4 is not that case. The applicant is scripted: any request is answered 3 working days
  later, so the officer can always finish the dossier.
* Late dossier (marital status, roles CV and LĐK): received Mon 28/4/2025 (30/4–4/5/2025 off,
  Sat 26/4 worked instead of Fri 2/5), due Tue 6/5/2025; the apology (Mẫu 04) must be signed
  by Mon 5/5 by the head of the agency or a deputy on the head's behalf (`verification.md`
  2.4, correction 5), with a reason and one new date.
* Report reconciliation (the desk, TN: the head of the desk is not a playable role): report
  II.06a of Khương Mai ward for October 2024 from a generated history
  (`sandbox.scenarios.history`); the answers are typed on the submit form and compared with
  `sandbox.statistics.unit_report`.

SANDBOX-13 (GPXD) papers: 1 application, 2 land-use right paper, 3 design drawings (2 sets),
4 commitment on the safety of adjoining buildings (conditional: infill construction).
"""

from __future__ import annotations

from .demo_common import GPXD, MARITAL, criterion, step

LUAT_XD = "Luật Xây dựng 2014 Điều 102 khoản 1 (sửa đổi 2020): thông báo bằng văn bản một lần"
PAUSE_BASIS = "NĐ 61/2018/NĐ-CP (thời gian chờ bổ sung không tính vào thời hạn giải quyết)"
STAT_BASIS = "Biểu II.06a/VPCP/KSTT (báo cáo tình hình, kết quả giải quyết thủ tục hành chính)"

REPORT = {"unit": "khuong-mai", "period_start": "2024-10-01", "period_end": "2024-10-31"}


def _figure(title: str, field: str, feedback: str, *, weight=1) -> dict:
    return criterion(
        title,
        "R-STAT",
        "end_state",
        "report_figure",
        feedback,
        value=field,
        weight=weight,
        legal_basis=STAT_BASIS,
    )


PROCESSING_SCENARIOS: list[dict] = [
    # 6 -----------------------------------------------------------------------------
    {
        "slug": "bo-sung-trong-tham-dinh-gpxd",
        "title": "Yêu cầu bổ sung hồ sơ cấp phép xây dựng trong khi thẩm định",
        "briefing": (
            "<p>Thứ Sáu 07/3/2025, ngày làm việc thứ 4 kể từ khi Bộ phận Một cửa quận tiếp "
            "nhận hồ sơ đề nghị <b>cấp giấy phép xây dựng nhà ở riêng lẻ</b> (tiếp nhận thứ "
            "Hai 03/3/2025; thời hạn 15 ngày làm việc, hẹn trả 24/3/2025). Nhà xây chen giữa "
            "hai công trình hiện hữu. Bạn đóng vai <b>chuyên viên Phòng Quản lý đô thị (CV)</b> "
            "và <b>lãnh đạo phòng (LĐP)</b>.</p>"
            "<ol><li>Thẩm định lại từng thành phần hồ sơ theo thẻ thủ tục.</li>"
            "<li>Nếu hồ sơ còn thiếu, dự thảo yêu cầu bổ sung (Mẫu 02) nêu đủ giấy tờ cần "
            "bổ sung; lãnh đạo phòng duyệt và gửi qua Bộ phận Một cửa. Luật Xây dựng cho phép "
            "<b>thông báo bằng văn bản một lần</b>, trong <b>7 ngày làm việc</b> kể từ khi "
            "nhận hồ sơ.</li>"
            "<li>Khi chủ đầu tư bổ sung (mô phỏng), tiếp tục thẩm định, dự thảo giấy phép và "
            "trình lãnh đạo phòng.</li></ol>"
            "<p>Chuyển đồng hồ <b>từng ngày làm việc một</b> để theo dõi hồ sơ. Khi xong, "
            "bấm <b>Nộp bài để chấm</b>.</p>"
        ),
        "roles": ["CV", "LDP"],
        "clock_start": "2025-03-07T08:30:00+07:00",
        "time_limit_working_days": 15,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": False,
        "dossiers": [
            {
                "label": "A",
                "procedure": GPXD,
                "channel": "desk",
                "receiving_unit": "",
                "arrives_at": "2025-03-03T09:00:00+07:00",
                "status": "appraising",
                # The commitment on adjoining buildings was not brought, and the desk let it
                # through as "not applicable" (the seed marks it so).
                "missing": "4",
                "defective": "",
                "request": (
                    "Cấp giấy phép xây dựng nhà ở riêng lẻ 5 tầng, xây chen giữa hai nhà hiện "
                    "hữu, tại ngõ 58 Nguyễn Trãi."
                ),
            }
        ],
        "scripts": [
            # The investor answers a request 3 working days later; the second script answers
            # a second request, so the officer can finish either way.
            {
                "dossier": "A",
                "when_status": "supplement_requested",
                "after_working_days": 3,
                "action": "citizen_supplement",
                "role": "CD",
                "actor_name": "Chủ đầu tư",
                "text": "",
            },
            {
                "dossier": "A",
                "when_status": "supplement_requested",
                "after_working_days": 3,
                "action": "citizen_supplement",
                "role": "CD",
                "actor_name": "Chủ đầu tư",
                "text": "",
            },
        ],
        "expected_path": [
            step(
                "A",
                "CV",
                "check_component",
                "Bản cam kết an toàn công trình liền kề: thiếu (nhà xây chen).",
            ),
            step("A", "CV", "draft_supplement", "Một Mẫu 02 nêu bản cam kết còn thiếu."),
            step(
                "A",
                "LDP",
                "approve_supplement",
                "Duyệt trong 7 ngày làm việc kể từ khi nhận hồ sơ; đồng hồ tạm dừng.",
            ),
            step(
                "A",
                "CV",
                "draft_result",
                "Sau khi chủ đầu tư bổ sung (3 ngày làm việc sau): dự thảo giấy phép.",
            ),
            step("A", "LDP", "leader_approve", "Hạn mới: 27/3/2025 (lùi 3 ngày làm việc)."),
        ],
        "rubric": [
            criterion(
                "Yêu cầu bổ sung bằng văn bản (Mẫu 02)",
                "R-ONCE",
                "artefact",
                "artefact_exists",
                "Yêu cầu bổ sung hồ sơ cấp phép xây dựng phải bằng văn bản (Mẫu 02, lãnh đạo "
                "phòng duyệt, gửi qua Bộ phận Một cửa). Gọi điện cho chủ đầu tư không để lại "
                "căn cứ: đồng hồ không tạm dừng và hồ sơ sẽ bị tính quá hạn.",
                value="mau_02",
                weight=3,
                critical=True,
                legal_basis=LUAT_XD,
            ),
            criterion(
                "Mẫu 02 nêu bản cam kết bảo đảm an toàn công trình liền kề",
                "R-ONCE",
                "artefact",
                "supplement_lists_all",
                "Nhà xây chen phải có bản cam kết bảo đảm an toàn đối với công trình liền kề "
                "(thành phần 4 của thẻ thủ tục). Mẫu 02 phải nêu đúng và đủ giấy tờ còn thiếu.",
                legal_basis=LUAT_XD,
            ),
            criterion(
                "Thông báo bổ sung trong 7 ngày làm việc kể từ khi nhận hồ sơ",
                "R-ONCE",
                "deadline",
                "action_within",
                "Luật Xây dựng cho phép thông báo bổ sung một lần trong 7 ngày làm việc kể từ "
                "khi nhận hồ sơ (hồ sơ nhận 03/3/2025: chậm nhất 12/3/2025). Thiếu sót thấy "
                "được từ ngày thứ 4 thì phải thông báo ngay.",
                value="approve_supplement:7",
                weight=2,
                legal_basis=LUAT_XD,
            ),
            criterion(
                "Chỉ một lần yêu cầu bổ sung",
                "R-ONCE",
                "process",
                "action_count_at_most",
                "Chỉ được thông báo bổ sung lần hai khi hồ sơ bổ sung chưa đáp ứng thông báo "
                "lần đầu. Yêu cầu thêm một giấy tờ đã thấy được từ lần thẩm định đầu là yêu cầu "
                "bổ sung nhiều lần, kéo dài thời gian của người dân.",
                value="approve_supplement",
                limit=1,
                weight=2,
                legal_basis=LUAT_XD,
            ),
            criterion(
                "Hạn giải quyết lùi đúng 3 ngày làm việc tạm dừng",
                "R-DUE",
                "deadline",
                "due_date_shift",
                "Thời gian chờ bổ sung không tính vào thời hạn: hạn 24/3/2025 lùi đúng 3 ngày "
                "làm việc chủ đầu tư bổ sung, thành 27/3/2025. Không tính lại 15 ngày từ đầu; "
                "không tạm dừng (không có Mẫu 02) thì hồ sơ bị tính quá hạn; một yêu cầu bổ "
                "sung không cần thiết kéo dài thêm thời hạn.",
                value="3",
                weight=2,
                legal_basis=PAUSE_BASIS,
            ),
            criterion(
                "Dự thảo giấy phép sau khi hồ sơ được bổ sung",
                "R-DUE",
                "process",
                "action_done",
                "Sau khi chủ đầu tư bổ sung, thời hạn tiếp tục chạy: thẩm định tiếp và trình "
                "dự thảo giấy phép trong thời hạn còn lại.",
                value="draft_result:CV",
                legal_basis="Luật Xây dựng 2014 Điều 102 khoản 1 (thời hạn 15 ngày)",
            ),
        ],
    },
    # 7 -----------------------------------------------------------------------------
    {
        "slug": "xin-loi-ho-so-tre-han",
        "title": "Hồ sơ không kịp hạn: phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04)",
        "briefing": (
            "<p>Thứ Hai 05/5/2025, 08:30, UBND phường Nhân Chính. Hồ sơ <b>cấp Giấy xác nhận "
            "tình trạng hôn nhân</b> tiếp nhận thứ Hai 28/4/2025, thời hạn 03 ngày làm việc, "
            "hẹn trả <b>thứ Ba 06/5/2025</b> (nghỉ lễ từ 30/4 đến hết 04/5/2025). Người yêu "
            "cầu từng cư trú ở phường khác; việc xác minh chưa có kết quả nên hồ sơ không "
            "thể trả đúng hẹn. Bạn đóng vai <b>công chức tư pháp – hộ tịch (CV)</b> và "
            "<b>Chủ tịch UBND phường (LĐK)</b>.</p>"
            "<ol><li>Dự thảo Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): lý do chậm "
            "và ngày hẹn mới.</li>"
            "<li>Người đứng đầu cơ quan ký phiếu (cấp phó có thể ký thay, “KT.”).</li>"
            "<li>Ghi nhận vào Phiếu kiểm soát (Mẫu 05) và báo Bộ phận Một cửa.</li></ol>"
            "<p>Khi xong, bấm <b>Nộp bài để chấm</b>.</p>"
        ),
        "roles": ["CV", "LDK"],
        "clock_start": "2025-05-05T08:30:00+07:00",
        "time_limit_working_days": 3,
        "mode": "assessed",
        "pass_mark": 80,
        "manual_calculation": False,
        "dossiers": [
            {
                "label": "A",
                "procedure": MARITAL,
                "channel": "desk",
                "receiving_unit": "nhan-chinh",
                # Mon 28/4 09:00 + 3 working days = Tue 6/5/2025 (29/4, 5/5, 6/5).
                "arrives_at": "2025-04-28T09:00:00+07:00",
                "status": "appraising",
                "missing": "",
                "defective": "",
                "request": (
                    "Xác nhận tình trạng hôn nhân để đăng ký kết hôn; người yêu cầu từng thường "
                    "trú tại phường Thanh Xuân Bắc, cần xác minh."
                ),
            }
        ],
        "scripts": [],
        "expected_path": [
            step(
                "A",
                "CV",
                "draft_apology",
                "Lý do: chưa có kết quả xác minh; hẹn lại một ngày làm việc sau 06/5/2025.",
            ),
            step("A", "LDK", "sign_apology", "Ký ngay trong ngày 05/5/2025 (Chủ tịch, hoặc KT.)."),
            step("A", "CV", "add_note", "Ghi Phiếu kiểm soát (Mẫu 05), báo Bộ phận Một cửa."),
        ],
        "rubric": [
            criterion(
                "Phiếu xin lỗi ban hành chậm nhất ngày 05/5/2025",
                "R-APOL",
                "deadline",
                "apology_on_time",
                "Chậm nhất một ngày trước ngày hết hạn (06/5/2025) phải gửi văn bản xin lỗi: "
                "ngày làm việc trước đó là thứ Hai 05/5/2025 (30/4–04/5 là ngày nghỉ). Sau "
                "ngày này hệ thống không cho ban hành Mẫu 04 nữa, hồ sơ trễ hạn mà người dân "
                "không được báo trước.",
                weight=3,
            ),
            criterion(
                "Người đứng đầu cơ quan ký (hoặc cấp phó ký thay)",
                "R-APOL",
                "artefact",
                "apology_signer",
                "Mẫu 04 do người đứng đầu cơ quan có thẩm quyền ký (Chủ tịch UBND phường); cấp "
                "phó ký thay “KT. Chủ tịch” cũng được chấp nhận. Cán bộ một cửa không ký phiếu.",
            ),
            criterion(
                "Nêu lý do chậm và một ngày hẹn mới sau 06/5/2025",
                "R-APOL",
                "artefact",
                "apology_content",
                "Phiếu xin lỗi phải ghi rõ lý do quá hạn và thời gian hẹn trả kết quả lại, "
                "sau ngày hẹn cũ.",
                weight=2,
            ),
            criterion(
                "Chỉ một phiếu xin lỗi, hẹn lại một lần",
                "R-APOL",
                "artefact",
                "single_artefact",
                "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần: cần một và chỉ "
                "một Mẫu 04 trước hạn.",
                value="mau_04",
            ),
            criterion(
                "Ghi nhận vào Phiếu kiểm soát (Mẫu 05)",
                "R-K05",
                "process",
                "action_done",
                "Việc hẹn lại phải được ghi vào Phiếu kiểm soát quá trình giải quyết hồ sơ và "
                "báo cho Bộ phận Một cửa để trả lời người dân.",
                value="add_note",
            ),
        ],
    },
    # 15 ----------------------------------------------------------------------------
    {
        "slug": "doi-chieu-bao-cao-ii06a",
        "title": "Lập báo cáo tình hình giải quyết hồ sơ tháng 10/2024 (Biểu II.06a)",
        "briefing": (
            "<p>Ngày 01/11/2024. Bạn là cán bộ Bộ phận Một cửa <b>phường Khương Mai</b>, "
            "được giao tổng hợp số liệu <b>tháng 10/2024</b> (từ 01/10 đến hết 31/10/2024) "
            "theo Biểu II.06a cho các thủ tục do phường giải quyết.</p>"
            "<ol><li>Xem Sổ theo dõi hồ sơ (Mẫu 06) và danh sách hồ sơ của phường: ngày "
            "tiếp nhận, kênh nộp, hạn giải quyết, ngày trả kết quả về Bộ phận Một cửa, tình "
            "trạng tại ngày 31/10/2024.</li>"
            "<li>Đếm: hồ sơ kỳ trước chuyển sang, tiếp nhận mới trực tuyến và trực tiếp/bưu "
            "chính, tổng tiếp nhận; đã giải quyết trước hạn, đúng hạn, quá hạn; đang giải "
            "quyết trong hạn và quá hạn.</li>"
            "<li>Nhập các số liệu khi <b>Nộp bài để chấm</b>. Kiểm tra: tổng tiếp nhận = đã "
            "giải quyết + đang giải quyết.</li></ol>"
        ),
        "roles": ["TN"],
        "clock_start": "2024-11-01T08:00:00+07:00",
        "time_limit_working_days": None,
        "mode": "assessed",
        "pass_mark": 90,
        "manual_calculation": False,
        "report": REPORT,
        "history": [{**REPORT, "count": 200}],
        "dossiers": [],
        "scripts": [],
        "expected_path": [],
        "rubric": [
            _figure(
                "Hồ sơ kỳ trước chuyển sang",
                "carried_over",
                "Kỳ trước chuyển sang: hồ sơ tiếp nhận trước 01/10/2024 mà đầu kỳ chưa giải "
                "quyết xong (chưa trả về Bộ phận Một cửa, chưa rút). Hồ sơ đã giải quyết xong "
                "trong tháng 9 không tính; hồ sơ của đơn vị khác (tiếp nhận tại phường nhưng do "
                "phòng của quận giải quyết) không tính.",
            ),
            _figure(
                "Tiếp nhận mới trong kỳ: trực tuyến",
                "new_online",
                "Chỉ tính hồ sơ đã được tiếp nhận (có Mẫu 01) trong kỳ và nộp trực tuyến. Hồ sơ "
                "bị từ chối tiếp nhận (Mẫu 03) chưa bao giờ được tiếp nhận nên không tính.",
            ),
            _figure(
                "Tiếp nhận mới trong kỳ: trực tiếp và bưu chính",
                "new_direct",
                "Chỉ tính hồ sơ đã được tiếp nhận (có Mẫu 01) trong kỳ tại Bộ phận Một cửa hoặc "
                "qua bưu chính; hồ sơ bị từ chối tiếp nhận không tính.",
            ),
            _figure(
                "Tổng số hồ sơ tiếp nhận",
                "received_total",
                "Tổng tiếp nhận = kỳ trước chuyển sang + tiếp nhận mới trực tuyến + tiếp nhận "
                "mới trực tiếp/bưu chính (cột 3 = 4 + 5 + 6 của Biểu II.06a, §3.5). Chỉ lấy số "
                "tiếp nhận mới làm tổng là sai; kiểm tra: tổng tiếp nhận = đã giải quyết + "
                "đang giải quyết.",
                weight=3,
            ),
            _figure(
                "Đã giải quyết trước hạn",
                "resolved_early",
                "Trước hạn: ngày chuyển kết quả về Bộ phận Một cửa trước hạn giải quyết "
                "(§3.5). So với hạn theo quy định, không so với ngày hẹn lại của Mẫu 04.",
            ),
            _figure(
                "Đã giải quyết đúng hạn",
                "resolved_on_time",
                "Đúng hạn: kết quả về Bộ phận Một cửa đúng ngày hạn giải quyết. Hồ sơ đã phải "
                "gửi phiếu xin lỗi (Mẫu 04) là hồ sơ quá hạn so với hạn ban đầu, dù trả trước "
                "ngày hẹn lại: không tính vào đúng hạn (§3.5).",
                weight=2,
            ),
            _figure(
                "Đã giải quyết quá hạn",
                "resolved_late",
                "Quá hạn: kết quả về Bộ phận Một cửa sau hạn giải quyết theo quy định (chỉ lùi "
                "theo thời gian tạm dừng chờ bổ sung). Ngày hẹn lại ghi trên phiếu xin lỗi "
                "không làm hồ sơ thành đúng hạn: hồ sơ có Mẫu 04 được tính quá hạn (§3.5).",
                weight=2,
            ),
            _figure(
                "Đang giải quyết trong hạn",
                "in_progress_within",
                "Đang giải quyết trong hạn tại 31/10/2024: hạn giải quyết chưa qua, hoặc hồ sơ "
                "đang chờ người dân bổ sung (đồng hồ tạm dừng, hạn sẽ được lùi), hoặc người dân "
                "đã rút hồ sơ trong kỳ (§3.5: không tính quá hạn).",
                weight=2,
            ),
            _figure(
                "Đang giải quyết quá hạn",
                "in_progress_overdue",
                "Quá hạn chỉ khi hạn giải quyết trước ngày 31/10/2024 và hồ sơ vẫn đang xử lý "
                "(đồng hồ đang chạy). Hồ sơ chờ bổ sung không tính quá hạn, dù hạn ghi trên "
                "phiếu đã qua (§3.5).",
                weight=2,
            ),
        ],
    },
]
