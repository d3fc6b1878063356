"""Seed the practice catalogue of `dossier-workflow.md` §5 (16 procedures, Profile B) as
corrected by `verification.md`, the liên thông partner agencies, and placeholder dossier-code
prefixes for the district desk and the 11 ward desks.

Evidence marks of the dossier are kept in each card's `note`: ✅ seen in a source, 📘 from
memory of a legal text, ❓ unverified. Where the national procedure code was not seen, the
card has a sandbox code ("SANDBOX-nn"). Hà Nội's own fees (HĐND resolutions) were not found:
such cards have `fee_verified` off and a practice placeholder (or no fee, said so in the note).

Correction 1 of the dossier: NĐ 07/2025/NĐ-CP amended NĐ 23/2015 (chứng thực) and NĐ 123/2015
(hộ tịch) from 09/01/2025, so every card based on them has two versions, split on that date;
for #9 (certified copies of foreign-issued papers) the competent tier changes from Phòng Tư
pháp to the ward.
"""

import datetime

from django.db import migrations

PROFILE_B_START = datetime.date(2018, 6, 21)
ND_07_2025 = datetime.date(2025, 1, 9)

PARTNERS = [
    ("cong-an-phuong", "Công an phường (đăng ký cư trú)", "Ward police (residence registration)",
     "Liên thông đăng ký thường trú / xóa đăng ký thường trú (NĐ 63/2024/NĐ-CP)."),
    ("bhxh-quan", "Bảo hiểm xã hội quận Thanh Xuân", "Thanh Xuân District Social Insurance",
     "Cấp thẻ BHYT cho trẻ dưới 6 tuổi; trợ cấp mai táng, tử tuất (NĐ 63/2024/NĐ-CP)."),
    ("chi-cuc-thue", "Chi cục Thuế quận Thanh Xuân", "Thanh Xuân District Tax Department",
     "Liên thông đăng ký kinh doanh – thuế (QĐ 1837/QĐ-UBND ngày 01/6/2022 của UBND TP Hà Nội). "
     "Tên cơ quan thuế theo từng thời kỳ chưa xác minh."),
    ("ubnd-phuong-khac", "UBND phường nơi đăng ký hộ tịch hoặc cư trú trước đây",
     "People's Committee of the ward holding the earlier record or residence",
     "Xác minh giữa các phường; thông báo cho nơi lưu sổ hộ tịch."),
    ("hd-xet-duyet-tgxh", "Hội đồng xét duyệt trợ giúp xã hội phường",
     "Ward social assistance review council",
     "Xét duyệt, niêm yết công khai tại phường trước khi trình quận (NĐ 20/2021/NĐ-CP Điều 8, "
     "thời hạn chưa xác minh)."),
    ("phong-tnmt", "Phòng Tài nguyên và Môi trường quận (ý kiến về đất đai)",
     "District Natural Resources and Environment Division (opinion on land)",
     "Lấy ý kiến khi cần làm rõ nguồn gốc đất."),
]

ID_SHOWN = ("Giấy tờ tùy thân của người yêu cầu (xuất trình)", "Identity paper of the requester (shown)", True, "", "shown", 1)
PROXY = ("Văn bản ủy quyền", "Written authorisation", False, "Nếu nộp hoặc nhận thay qua người được ủy quyền", "original", 1)

WARD_SIGNER = {
    "signer": "Chủ tịch hoặc Phó Chủ tịch UBND phường",
    "head_title": "CHỦ TỊCH",
    "deputy_title": "PHÓ CHỦ TỊCH",
}
DISTRICT_SIGNER = {
    "signer": "Chủ tịch hoặc Phó Chủ tịch UBND quận",
    "head_title": "CHỦ TỊCH",
    "deputy_title": "PHÓ CHỦ TỊCH",
}
WARD = {"tier": "ward", "receiving_tier": "ward", "competent_unit": None, **WARD_SIGNER}
SAME_DAY = {"time_limit_unit": "same_day", "time_limit_value": None, "same_day_cutoff_rule": True}
FREE = {"fee_kind": "free", "fee_verified": True}
COPY_FEE = {
    "fee_kind": "per_page",
    "fee_first_pages": 2,
    "fee_first_page_rate": 2000,
    "fee_next_page_rate": 1000,
    "fee_cap_per_copy": 200000,
    "fee_name": "Phí chứng thực bản sao từ bản chính",
    "fee_legal_basis": "TT 226/2016/TT-BTC Điều 4 (hiệu lực 01/01/2017)",
    "fee_verified": True,
}

# Each card: fields, components (name_vi, name_en, mandatory, condition, form, count),
# partners (code, purpose, required, sub-deadline), and `split_2025` for the NĐ 07/2025 split
# (a dict of fields that change from 09/01/2025, possibly empty).
CARDS = [
    {
        "code": "1.001193",
        "name_vi": "Đăng ký khai sinh",
        "name_en": "Birth registration",
        "field_vi": "Hộ tịch",
        **WARD,
        "result_name": "Giấy khai sinh",
        **SAME_DAY,
        **FREE,
        "fee_name": "Lệ phí đăng ký khai sinh",
        "fee_legal_basis": "Luật Hộ tịch 2014 Điều 11: miễn lệ phí khi đăng ký đúng hạn",
        "level": 3,
        "proxy_relatives_exempt": True,
        "source_decision": "Luật Hộ tịch 2014 Điều 11, 15, 16; NĐ 123/2015/NĐ-CP; thẻ TTHC 1.001193 (Cổng DVC quốc gia)",
        "note": "✅ Trong ngày, sau 15 giờ trả ngày làm việc tiếp theo (thẻ 1.001193, [S32]). Miễn lệ phí khi đăng ký trong 60 ngày (✅ Luật Hộ tịch Đ.11, Đ.15); đăng ký muộn: lệ phí HĐND ❓ chưa mô hình hóa. Mức độ 3 (bài báo: tư pháp phường mức độ 3).",
        "components": [
            ("Tờ khai đăng ký khai sinh (theo mẫu)", "Birth registration declaration (form)", True, "", "original", 1),
            ("Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh)", "Birth certificate from the hospital (or witness statement / commitment)", True, "", "original", 1),
            PROXY,
            ID_SHOWN,
            ("Giấy chứng nhận kết hôn của cha, mẹ (xuất trình)", "Parents' marriage certificate (shown)", False, "Nếu cha, mẹ đã đăng ký kết hôn", "shown", 1),
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-02",
        "name_vi": "Đăng ký kết hôn (công dân Việt Nam cư trú trong nước)",
        "name_en": "Marriage registration (Vietnamese citizens resident in Vietnam)",
        "field_vi": "Hộ tịch",
        **WARD,
        "result_name": "Giấy chứng nhận kết hôn",
        **SAME_DAY,
        "extension_working_days": 5,
        "extension_note": "Trường hợp cần xác minh điều kiện kết hôn: không quá 05 ngày làm việc (Luật Hộ tịch Đ.18).",
        **FREE,
        "fee_name": "Lệ phí đăng ký kết hôn",
        "fee_legal_basis": "Luật Hộ tịch 2014 Điều 11: miễn lệ phí cho công dân Việt Nam cư trú trong nước",
        "level": 3,
        "proxy_relatives_exempt": True,
        "source_decision": "Luật Hộ tịch 2014 Điều 11, 18; NĐ 123/2015/NĐ-CP",
        "note": "✅ Trong ngày, quy tắc 15 giờ; ≤ 5 ngày làm việc nếu cần xác minh ([S31], Luật Hộ tịch Đ.18). Hai bên có mặt. Mã TTHC quốc gia chưa xác minh.",
        "components": [
            ("Tờ khai đăng ký kết hôn (của hai bên)", "Marriage registration declaration (both parties)", True, "", "original", 1),
            ("Giấy xác nhận tình trạng hôn nhân", "Certificate of marital status", False, "Nếu đăng ký kết hôn tại phường không phải nơi thường trú", "original", 1),
            ("Giấy tờ tùy thân của hai bên (xuất trình)", "Identity papers of both parties (shown)", True, "", "shown", 2),
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-03",
        "name_vi": "Đăng ký khai tử",
        "name_en": "Death registration",
        "field_vi": "Hộ tịch",
        **WARD,
        "result_name": "Trích lục khai tử",
        **SAME_DAY,
        **FREE,
        "fee_name": "Lệ phí đăng ký khai tử",
        "fee_legal_basis": "Luật Hộ tịch 2014 Điều 11: miễn lệ phí khi đăng ký đúng hạn",
        "level": 3,
        "proxy_relatives_exempt": True,
        "source_decision": "Luật Hộ tịch 2014 Điều 11, 33, 34; NĐ 123/2015/NĐ-CP",
        "note": "✅ Trong ngày, quy tắc 15 giờ ([S31]); thời hạn đăng ký 15 ngày kể từ ngày chết (Đ.33). Khai tử cấp phường không có quy định 'xác minh ≤ 3 ngày làm việc' (verification.md 5.15). Mã TTHC quốc gia chưa xác minh.",
        "components": [
            ("Tờ khai đăng ký khai tử (theo mẫu)", "Death registration declaration (form)", True, "", "original", 1),
            ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", "Death notice or a substitute paper", True, "", "original", 1),
            ID_SHOWN,
            PROXY,
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "1.004873",
        "name_vi": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "name_en": "Certificate of marital status",
        "field_vi": "Hộ tịch",
        **WARD,
        "result_name": "Giấy xác nhận tình trạng hôn nhân",
        "time_limit_unit": "working_days",
        "time_limit_value": 3,
        "fee_kind": "free",
        "fee_verified": False,
        "fee_name": "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân",
        "fee_legal_basis": "Nghị quyết HĐND TP Hà Nội (số hiệu và mức thu chưa xác minh)",
        "level": 3,
        "proxy_relatives_exempt": True,
        "source_decision": "NĐ 123/2015/NĐ-CP Điều 22 (📘); thẻ TTHC 1.004873",
        "note": "✅ 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (thẻ 1.004873; một thẻ khác ghi 'ngay sau khi nhận đủ hồ sơ'). Lệ phí HĐND Hà Nội ❓: sandbox tạm không thu.",
        "components": [
            ("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)", "Application for a certificate of marital status (form)", True, "", "original", 1),
            ("Bản án, quyết định ly hôn hoặc trích lục khai tử của vợ/chồng", "Divorce judgment or the spouse's death extract", False, "Nếu đã ly hôn hoặc vợ/chồng đã chết", "certified_copy", 1),
            ID_SHOWN,
            PROXY,
        ],
        "partners": [("ubnd-phuong-khac", "Xác minh tình trạng hôn nhân tại nơi cư trú trước đây", False, 3)],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-05",
        "name_vi": "Cấp bản sao trích lục hộ tịch",
        "name_en": "Certified extract of a civil-status record",
        "field_vi": "Hộ tịch",
        **WARD,
        "result_name": "Bản sao trích lục hộ tịch",
        **SAME_DAY,
        "fee_kind": "per_copy",
        "fee_amount": 8000,
        "fee_name": "Phí khai thác, sử dụng thông tin trong cơ sở dữ liệu hộ tịch",
        "fee_legal_basis": "TT 281/2016/TT-BTC Điều 4: 8.000 đồng/bản sao trích lục/sự kiện hộ tịch",
        "fee_verified": True,
        "level": 4,
        "proxy_relatives_exempt": True,
        "source_decision": "Luật Hộ tịch 2014 Điều 64; TT 281/2016/TT-BTC",
        "note": "✅ Phí 8.000 đồng/bản (verification.md 5.10). Thời hạn: 'ngay sau khi nhận được yêu cầu' (Đ.64 k2); quy tắc 15 giờ 📘. Mức độ 4 (thanh toán trực tuyến, nhận kết quả qua bưu điện) là đề xuất ❓.",
        "components": [
            ("Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)", "Request for a certified extract (form)", True, "", "original", 1),
            ID_SHOWN,
            PROXY,
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "2.000815",
        "name_vi": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        "name_en": "Certified copy from the original (papers issued by Vietnamese authorities)",
        "field_vi": "Chứng thực",
        **WARD,
        "result_name": "Bản sao được chứng thực từ bản chính",
        **SAME_DAY,
        "extension_working_days": 2,
        "extension_note": "Kéo dài không quá 02 ngày làm việc với yêu cầu nhiều trang, số lượng lớn hoặc nội dung phức tạp (NĐ 23/2015 Đ.21); lâu hơn nếu thỏa thuận bằng văn bản.",
        **COPY_FEE,
        "level": 2,
        "source_decision": "NĐ 23/2015/NĐ-CP Điều 5, 7, 21; TT 226/2016/TT-BTC; thẻ TTHC 2.000815",
        "note": "✅ Trong ngày / sau 15 giờ ngày làm việc tiếp theo / +≤ 2 ngày làm việc ([S29]); phí ✅ TT 226/2016 (verification.md 5.12). Mức độ 2: phải xuất trình bản chính ❓.",
        "components": [
            ("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", "The original paper", True, "", "original", 1),
            ("Bản sao cần chứng thực (hoặc cơ quan chụp từ bản chính)", "The copies to certify (or copied by the office)", True, "", "photocopy", 1),
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-07",
        "name_vi": "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "name_en": "Signature certification",
        "field_vi": "Chứng thực",
        **WARD,
        "result_name": "Giấy tờ, văn bản được chứng thực chữ ký",
        **SAME_DAY,
        "extension_working_days": 2,
        "extension_note": "Như chứng thực bản sao (NĐ 23/2015 Đ.7).",
        "fee_kind": "fixed",
        "fee_amount": 10000,
        "fee_name": "Phí chứng thực chữ ký",
        "fee_legal_basis": "TT 226/2016/TT-BTC Điều 4: 10.000 đồng/trường hợp",
        "fee_verified": True,
        "level": 2,
        "source_decision": "NĐ 23/2015/NĐ-CP Điều 5, 7; TT 226/2016/TT-BTC",
        "note": "✅ Phí 10.000 đồng/trường hợp (một hoặc nhiều chữ ký trong cùng một giấy tờ). Người ký phải ký trước mặt người thực hiện chứng thực.",
        "components": [
            ("Giấy tờ, văn bản cần chứng thực chữ ký", "The paper to be signed", True, "", "original", 1),
            ID_SHOWN,
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-08",
        "name_vi": "Chứng thực hợp đồng, giao dịch",
        "name_en": "Certification of a contract or transaction",
        "field_vi": "Chứng thực",
        **WARD,
        "result_name": "Hợp đồng, giao dịch được chứng thực",
        "time_limit_unit": "working_days",
        "time_limit_value": 2,
        "extension_note": "Có thể kéo dài hơn theo thỏa thuận bằng văn bản (NĐ 23/2015 Đ.37).",
        "fee_kind": "fixed",
        "fee_amount": 50000,
        "fee_name": "Phí chứng thực hợp đồng, giao dịch",
        "fee_legal_basis": "TT 226/2016/TT-BTC Điều 4: 50.000 đồng/hợp đồng, giao dịch",
        "fee_verified": True,
        "level": 2,
        "source_decision": "NĐ 23/2015/NĐ-CP Điều 37; TT 226/2016/TT-BTC",
        "note": "✅ Không quá 02 ngày làm việc (NĐ 23/2015 Điều 37, không phải Điều 7: verification.md 5.13). Sửa đổi, bổ sung 30.000; sửa lỗi 25.000 (không mô hình hóa).",
        "components": [
            ("Dự thảo hợp đồng, giao dịch", "Draft contract or transaction", True, "", "original", 1),
            ("Bản sao giấy tờ tùy thân của người yêu cầu chứng thực", "Copies of the parties' identity papers", True, "", "photocopy", 1),
            ("Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng", "Copy of the ownership or land-use certificate", False, "Nếu hợp đồng liên quan đến tài sản phải đăng ký quyền", "photocopy", 1),
        ],
        "partners": [],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-09",
        "name_vi": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của nước ngoài cấp",
        "name_en": "Certified copy of a foreign-issued document",
        "field_vi": "Chứng thực",
        "tier": "district",
        "receiving_tier": "district",
        "competent_unit": "tu-phap",
        "signer": "Trưởng phòng hoặc Phó Trưởng phòng Tư pháp",
        "head_title": "TRƯỞNG PHÒNG",
        "deputy_title": "PHÓ TRƯỞNG PHÒNG",
        "result_name": "Bản sao được chứng thực từ bản chính",
        **SAME_DAY,
        "extension_working_days": 2,
        "extension_note": "Như chứng thực bản sao (NĐ 23/2015 Đ.21).",
        **COPY_FEE,
        "level": 2,
        "source_decision": "NĐ 23/2015/NĐ-CP Điều 5 khoản 1 (trước sửa đổi)",
        "note": "📘 Trước 09/01/2025: Phòng Tư pháp quận (hoặc tổ chức hành nghề công chứng) có thẩm quyền; phường không có thẩm quyền (kịch bản 4). Văn bản trước sửa đổi chưa đọc (suy luận, verification.md 5.14).",
        "components": [
            ("Bản chính giấy tờ do cơ quan nước ngoài cấp (đã hợp pháp hóa lãnh sự nếu phải)", "The foreign-issued original (legalised where required)", True, "", "original", 1),
            ("Bản sao cần chứng thực", "The copies to certify", True, "", "photocopy", 1),
        ],
        "partners": [],
        "split_2025": {
            "tier": "ward",
            "receiving_tier": "ward",
            "competent_unit": None,
            **WARD_SIGNER,
            "source_decision": "NĐ 23/2015/NĐ-CP Điều 5 khoản 2 điểm a, sửa đổi bởi NĐ 07/2025/NĐ-CP (hiệu lực 09/01/2025)",
            "note": "✅ Từ 09/01/2025 UBND cấp xã được chứng thực bản sao giấy tờ do cơ quan nước ngoài cấp (NĐ 07/2025; verification.md 5.14). Kịch bản 4 chỉ đúng với hồ sơ nhận trước ngày này.",
        },
    },
    {
        "code": "SANDBOX-10",
        "name_vi": "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc (người từ đủ 14 tuổi)",
        "name_en": "Change or correction of civil-status details (people aged 14 or more)",
        "field_vi": "Hộ tịch",
        "tier": "district",
        "receiving_tier": "district",
        "competent_unit": "tu-phap",
        **DISTRICT_SIGNER,
        "result_name": "Trích lục thay đổi, cải chính hộ tịch",
        "time_limit_unit": "working_days",
        "time_limit_value": 3,
        "extension_working_days": 3,
        "extension_note": "Trường hợp cần xác minh: kéo dài thêm không quá 03 ngày làm việc (Luật Hộ tịch Đ.28, Đ.47).",
        "fee_kind": "free",
        "fee_verified": False,
        "fee_name": "Lệ phí thay đổi, cải chính hộ tịch",
        "fee_legal_basis": "Nghị quyết HĐND TP Hà Nội (số hiệu và mức thu chưa xác minh)",
        "level": 3,
        "proxy_relatives_exempt": True,
        "source_decision": "Luật Hộ tịch 2014 Điều 28, 46, 47; NĐ 123/2015/NĐ-CP",
        "note": "✅ 03 ngày làm việc, ≤ 06 nếu cần xác minh ([S36]; verification.md 5.15). Lệ phí HĐND ❓: sandbox tạm không thu. Thông báo cho phường nơi lưu sổ hộ tịch.",
        "components": [
            ("Tờ khai đăng ký thay đổi, cải chính, bổ sung hộ tịch (theo mẫu)", "Declaration (form)", True, "", "original", 1),
            ("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", "Papers proving the grounds", True, "", "certified_copy", 1),
            ID_SHOWN,
            PROXY,
        ],
        "partners": [("ubnd-phuong-khac", "Thông báo cho UBND phường nơi lưu sổ hộ tịch để ghi vào sổ", False, None)],
        "split_2025": {},
    },
    {
        "code": "SANDBOX-11",
        "name_vi": "Đăng ký thành lập hộ kinh doanh",
        "name_en": "Household business registration",
        "field_vi": "Thành lập và hoạt động của hộ kinh doanh",
        "tier": "district",
        "receiving_tier": "district",
        "competent_unit": "tc-kh",
        "signer": "Trưởng phòng hoặc Phó Trưởng phòng Tài chính – Kế hoạch (cơ quan đăng ký kinh doanh cấp huyện)",
        "head_title": "TRƯỞNG PHÒNG",
        "deputy_title": "PHÓ TRƯỞNG PHÒNG",
        "result_name": "Giấy chứng nhận đăng ký hộ kinh doanh",
        "time_limit_unit": "working_days",
        "time_limit_value": 3,
        "fee_kind": "fixed",
        "fee_amount": 100000,
        "fee_name": "Lệ phí đăng ký hộ kinh doanh",
        "fee_legal_basis": "Nghị quyết HĐND TP Hà Nội (chưa xác minh; 100.000 đồng là mức giữ chỗ để thực hành)",
        "fee_verified": False,
        "level": 4,
        "source_decision": "NĐ 01/2021/NĐ-CP Điều 79, 85, 87 (hiệu lực 04/01/2021 📘); thẻ TTHC QĐ 2353/QĐ-BTC (3 ngày làm việc)",
        "effective_from": datetime.date(2021, 1, 4),
        "note": "✅ 03 ngày làm việc (verification.md 5.1). Hộ kinh doanh do một cá nhân hoặc các thành viên hộ gia đình đăng ký, không phải 'nhóm cá nhân' (NĐ 01/2021 Đ.79, verification.md 5.2). Lệ phí Hà Nội ❓ (100.000 đồng chỉ thấy trên thẻ cũ của Kon Tum). Mức độ 4 là đề xuất ❓.",
        "components": [
            ("Giấy đề nghị đăng ký hộ kinh doanh", "Household business registration application", True, "", "original", 1),
            ("Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ và các thành viên hộ gia đình đăng ký hộ kinh doanh", "Copies of the ID papers of the owner and the household members", True, "", "photocopy", 1),
            ("Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", "Copy of the minutes of the household members' meeting", False, "Nếu các thành viên hộ gia đình cùng đăng ký", "photocopy", 1),
            ("Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh", "Copy of the household members' authorisation naming the owner", False, "Nếu các thành viên hộ gia đình cùng đăng ký", "photocopy", 1),
        ],
        "partners": [("chi-cuc-thue", "Chuyển thông tin đăng ký cho cơ quan thuế", False, None)],
        "split_2025": None,
    },
    {
        "code": "SANDBOX-12",
        "name_vi": "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "name_en": "Amendment of a household business registration",
        "field_vi": "Thành lập và hoạt động của hộ kinh doanh",
        "tier": "district",
        "receiving_tier": "district",
        "competent_unit": "tc-kh",
        "signer": "Trưởng phòng hoặc Phó Trưởng phòng Tài chính – Kế hoạch (cơ quan đăng ký kinh doanh cấp huyện)",
        "head_title": "TRƯỞNG PHÒNG",
        "deputy_title": "PHÓ TRƯỞNG PHÒNG",
        "result_name": "Giấy chứng nhận đăng ký hộ kinh doanh (thay đổi)",
        "time_limit_unit": "working_days",
        "time_limit_value": 3,
        "fee_kind": "fixed",
        "fee_amount": 100000,
        "fee_name": "Lệ phí đăng ký thay đổi hộ kinh doanh",
        "fee_legal_basis": "Nghị quyết HĐND TP Hà Nội (chưa xác minh; mức giữ chỗ để thực hành)",
        "fee_verified": False,
        "level": 4,
        "source_decision": "NĐ 01/2021/NĐ-CP (📘)",
        "effective_from": datetime.date(2021, 1, 4),
        "note": "📘 03 ngày làm việc. Lệ phí ❓.",
        "components": [
            ("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", "Notice of change", True, "", "original", 1),
            ("Bản gốc Giấy chứng nhận đăng ký hộ kinh doanh", "The original registration certificate", True, "", "original", 1),
            ("Giấy tờ liên quan đến nội dung thay đổi", "Papers supporting the change", False, "Tùy nội dung thay đổi", "photocopy", 1),
        ],
        "partners": [("chi-cuc-thue", "Chuyển thông tin thay đổi cho cơ quan thuế", False, None)],
        "split_2025": None,
    },
    {
        "code": "SANDBOX-13",
        "name_vi": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ (đô thị)",
        "name_en": "New building permit for an individual house (urban)",
        "field_vi": "Hoạt động xây dựng",
        "tier": "district",
        "receiving_tier": "district",
        "competent_unit": "qldt",
        "signer": "Chủ tịch hoặc Phó Chủ tịch UBND quận (hoặc theo ủy quyền ❓)",
        "head_title": "CHỦ TỊCH",
        "deputy_title": "PHÓ CHỦ TỊCH",
        "result_name": "Giấy phép xây dựng",
        "sets_count": 2,
        "time_limit_unit": "working_days",
        "time_limit_value": 15,
        "pause_note": "Trong 7 ngày làm việc kể từ khi nhận hồ sơ, thông báo bằng văn bản một lần để bổ sung; nếu bổ sung chưa đạt: thông báo lần hai trong 05 ngày làm việc, rồi thông báo lý do không cấp trong 03 ngày làm việc (Luật Xây dựng Đ.102, sửa đổi 2020). Không trừ điểm lần thông báo thứ hai, cũng không trừ điểm việc tính lại thời hạn sau khi bổ sung.",
        "fee_kind": "fixed",
        "fee_amount": 75000,
        "fee_name": "Lệ phí cấp giấy phép xây dựng",
        "fee_legal_basis": "Nghị quyết HĐND TP Hà Nội (chưa xác minh; 75.000 đồng là mức giữ chỗ để thực hành)",
        "fee_verified": False,
        "level": 3,
        "source_decision": "Luật Xây dựng 2014 Điều 102 (sửa đổi 2020); NĐ 15/2021/NĐ-CP Mẫu số 01 Phụ lục II",
        "effective_from": datetime.date(2021, 3, 3),
        "note": "✅ Luật ghi '15 ngày' từ ngày nhận đủ hồ sơ hợp lệ; ngày làm việc hay ngày lịch chưa rõ (verification.md 5.4): thẻ dùng ngày làm việc, chấp nhận cả hai cách hiểu khi chấm. ✅ Nộp 02 bộ hồ sơ (5.5). Lệ phí Hà Nội ❓.",
        "components": [
            ("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II NĐ 15/2021/NĐ-CP)", "Application for a building permit (NĐ 15/2021 form 01, annex II)", True, "", "original", 1),
            ("Bản sao giấy tờ chứng minh quyền sử dụng đất", "Copy of the land-use right paper", True, "", "certified_copy", 1),
            ("Bản vẽ thiết kế xây dựng: mặt bằng vị trí, mặt bằng các tầng, mặt đứng, mặt cắt chính, mặt bằng và mặt cắt móng, sơ đồ đấu nối hạ tầng", "Design drawings: site plan, floor plans, elevations, main section, foundation plan and section, utility connections", True, "", "original", 2),
            ("Bản cam kết bảo đảm an toàn đối với công trình liền kề", "Commitment on the safety of adjoining buildings", False, "Nếu công trình xây chen có công trình liền kề", "original", 1),
        ],
        "partners": [("phong-tnmt", "Lấy ý kiến về nguồn gốc đất (khi cần)", False, 5)],
        "split_2025": None,
    },
    {
        "code": "SANDBOX-14",
        "name_vi": "Trợ cấp xã hội hằng tháng",
        "name_en": "Monthly social assistance",
        "field_vi": "Bảo trợ xã hội",
        "tier": "district",
        "receiving_tier": "ward",
        "competent_unit": "ld-tbxh",
        **DISTRICT_SIGNER,
        "signer": "Chủ tịch UBND quận",
        "result_name": "Quyết định trợ cấp xã hội hằng tháng",
        "time_limit_unit": "working_days",
        "time_limit_value": 20,
        **FREE,
        "fee_name": "",
        "fee_legal_basis": "Không thu phí",
        "level": 3,
        "source_decision": "NĐ 20/2021/NĐ-CP Điều 8 (📘 hiệu lực 01/07/2021)",
        "effective_from": datetime.date(2021, 7, 1),
        "note": "❓ Thời hạn: khoảng 10 ngày làm việc tại phường (xét duyệt, niêm yết 02 ngày) + khoảng 7 tại Phòng LĐ-TB&XH + 3 để ra quyết định; 20 ngày làm việc là mức giữ chỗ. Nộp tại phường, phường chuyển Phòng LĐ-TB&XH thẩm định, Chủ tịch UBND quận quyết định.",
        "components": [
            ("Tờ khai đề nghị trợ giúp xã hội (mẫu NĐ 20/2021/NĐ-CP)", "Social assistance declaration (NĐ 20/2021 form)", True, "", "original", 1),
            ("Giấy tờ chứng minh thuộc đối tượng (giấy xác nhận khuyết tật…)", "Papers proving eligibility (disability certificate…)", True, "", "certified_copy", 1),
            PROXY,
        ],
        "partners": [("hd-xet-duyet-tgxh", "Xét duyệt, niêm yết công khai tại phường", True, 10)],
        "split_2025": None,
    },
    {
        "code": "SANDBOX-15",
        "name_vi": "Liên thông: đăng ký khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi",
        "name_en": "Linked birth registration, permanent residence and health-insurance card (under 6)",
        "field_vi": "Hộ tịch – Cư trú – Bảo hiểm y tế",
        **WARD,
        "result_name": "Giấy khai sinh; xác nhận đăng ký thường trú; thẻ BHYT",
        "time_limit_unit": "working_days",
        "time_limit_value": 5,
        **FREE,
        "fee_name": "",
        "fee_legal_basis": "Miễn lệ phí khai sinh đúng hạn (Luật Hộ tịch Đ.11)",
        "level": 4,
        "proxy_relatives_exempt": True,
        "source_decision": "NĐ 63/2024/NĐ-CP ngày 10/6/2024 (nhóm TTHC liên thông); TTLT 05/2015/TTLT-BTP-BCA-BYT (📘)",
        "effective_from": datetime.date(2024, 7, 1),
        "note": "✅ Ba cơ quan, một lần nộp, một kết quả ([S42]). ❓ Thời hạn từng cơ quan theo NĐ 63/2024 chưa xác minh: 5 ngày làm việc tổng, 2 ngày mỗi cơ quan phối hợp là mức giữ chỗ; ngày hiệu lực 01/07/2024 chưa xác minh. 'Toàn trình' ≈ mức độ 4.",
        "components": [
            ("Tờ khai điện tử liên thông (khai sinh, thường trú, BHYT)", "Linked e-form (birth, residence, health insurance)", True, "", "electronic", 1),
            ("Giấy chứng sinh", "Birth certificate from the hospital", True, "", "electronic", 1),
            PROXY,
        ],
        "partners": [
            ("cong-an-phuong", "Đăng ký thường trú cho trẻ", True, 2),
            ("bhxh-quan", "Cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi", True, 2),
        ],
        "split_2025": None,
    },
    {
        "code": "SANDBOX-16",
        "name_vi": "Liên thông: đăng ký khai tử – xóa đăng ký thường trú – trợ cấp mai táng, tử tuất",
        "name_en": "Linked death registration, deregistration of residence and funeral allowance",
        "field_vi": "Hộ tịch – Cư trú – Chính sách",
        **WARD,
        "result_name": "Trích lục khai tử; xác nhận xóa đăng ký thường trú; quyết định trợ cấp mai táng",
        "time_limit_unit": "working_days",
        "time_limit_value": 5,
        **FREE,
        "fee_name": "",
        "fee_legal_basis": "Miễn lệ phí khai tử đúng hạn (Luật Hộ tịch Đ.11)",
        "level": 4,
        "proxy_relatives_exempt": True,
        "source_decision": "NĐ 63/2024/NĐ-CP ngày 10/6/2024 (nhóm TTHC liên thông)",
        "effective_from": datetime.date(2024, 7, 1),
        "note": "✅ Ba cơ quan ([S42]). ❓ Thời hạn và cơ quan chi trả (BHXH hay LĐ-TB&XH) tùy đối tượng; các thời hạn là mức giữ chỗ.",
        "components": [
            ("Tờ khai điện tử liên thông (khai tử, xóa thường trú, mai táng phí)", "Linked e-form (death, deregistration, funeral allowance)", True, "", "electronic", 1),
            ("Giấy báo tử hoặc giấy tờ thay thế", "Death notice or a substitute paper", True, "", "electronic", 1),
            ("Giấy tờ chứng minh thuộc diện hưởng trợ cấp mai táng, tử tuất", "Papers proving entitlement to the funeral allowance", False, "Nếu đề nghị trợ cấp mai táng, tử tuất", "electronic", 1),
            PROXY,
        ],
        "partners": [
            ("cong-an-phuong", "Xóa đăng ký thường trú", True, 2),
            ("bhxh-quan", "Giải quyết trợ cấp mai táng, tử tuất", True, 3),
        ],
        "split_2025": None,
    },
]

# Placeholders: the real TT 10/2016 codes of UBND quận Thanh Xuân and its wards, and the Hà Nội
# letter code H26, were not verified (dossier-workflow.md §2.4).
DESKS = ["vp", "ha-dinh", "khuong-dinh", "khuong-mai", "khuong-trung", "kim-giang", "nhan-chinh",
         "phuong-liet", "txb", "txn", "txt", "thuong-dinh"]
CODE_NOTE = (
    "Mã giữ chỗ để thực hành: mã đơn vị thật (TT 10/2016/TT-BTTTT) của quận Thanh Xuân và các "
    "phường, và mã tỉnh H26 của Hà Nội, chưa được xác minh."
)


def seed(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    PartnerAgency = apps.get_model("sandbox", "PartnerAgency")
    Procedure = apps.get_model("sandbox", "Procedure")
    ProcedureComponent = apps.get_model("sandbox", "ProcedureComponent")
    ProcedurePartner = apps.get_model("sandbox", "ProcedurePartner")
    UnitDossierCode = apps.get_model("sandbox", "UnitDossierCode")

    partners = {}
    for code, name_vi, name_en, note in PARTNERS:
        partners[code], _ = PartnerAgency.objects.update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "note": note}
        )
    units = {u.code: u for u in Unit.objects.all()}

    def create(card, *, order, effective_from, effective_to):
        fields = {
            k: v
            for k, v in card.items()
            if k not in {"components", "partners", "split_2025", "competent_unit", "effective_from"}
        }
        competent = card.get("competent_unit")
        procedure = Procedure.objects.create(
            rule_profile="B",
            competent_unit=units[competent] if competent else None,
            effective_from=effective_from,
            effective_to=effective_to,
            sort_order=order,
            **fields,
        )
        for position, (name_vi, name_en, mandatory, condition, form, count) in enumerate(card["components"]):
            ProcedureComponent.objects.create(
                procedure=procedure, sort_order=position, name_vi=name_vi, name_en=name_en,
                mandatory=mandatory, condition=condition, form=form, count=count,
            )
        for position, (code, purpose, required, limit) in enumerate(card["partners"]):
            ProcedurePartner.objects.create(
                procedure=procedure, sort_order=position, partner=partners[code],
                purpose=purpose, required=required, time_limit_working_days=limit,
            )

    for order, card in enumerate(CARDS, start=1):
        start = card.get("effective_from", PROFILE_B_START)
        split = card.get("split_2025")
        if split is None:
            create(card, order=order, effective_from=start, effective_to=None)
            continue
        create(card, order=order, effective_from=start, effective_to=ND_07_2025 - datetime.timedelta(days=1))
        amended = {**card, **split}
        if "source_decision" not in split:
            amended["source_decision"] = card["source_decision"] + "; sửa đổi bởi NĐ 07/2025/NĐ-CP (hiệu lực 09/01/2025)"
        create(amended, order=order, effective_from=ND_07_2025, effective_to=None)

    for position, code in enumerate(DESKS):
        UnitDossierCode.objects.update_or_create(
            unit=units[code],
            rule_profile="B",
            effective_from=datetime.date(2019, 1, 6),
            defaults={"code": f"000.{position:02d}.99.H26", "verified": False, "note": CODE_NOTE},
        )


def unseed(apps, schema_editor):
    apps.get_model("sandbox", "Procedure").objects.filter(rule_profile="B").delete()
    apps.get_model("sandbox", "UnitDossierCode").objects.all().delete()
    apps.get_model("sandbox", "PartnerAgency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox", "0003_catalogue_workspaces_dossiers"),
        ("people", "0002_seed_units_and_roles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
