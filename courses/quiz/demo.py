"""Demo question bank and quizzes for `manage.py load_demo` (after `courses.demo.load`).

A bank of Vietnamese questions on online-service levels, the one-stop mechanism, the
TT 01/2018 forms, deadlines and fees, written from `shared/domain/dossier-workflow.md`
(Profile B: NĐ 61/2018 as amended by NĐ 107/2021, TT 01/2018/TT-VPCP) and its
verification notes; a quiz at the end of each module of the demo course; and attempts
for the demo officers who have finished the lessons, made through the services so the
course completion is valid. Idempotent: the bank and the quizzes are created once.
"""

from decimal import Decimal

from django.db import transaction

from courses.demo import build_course
from courses.models import ModulePage
from training.people.models import Officer, Unit

from .models import Attempt, AttemptQuestion, Category, Question, QuizPage, QuizQuestionRule
from .services import attempt_start, attempt_submit, question_create, slot_mark

T = Question.Type
ROOT = "Dịch vụ công và một cửa"


def _c(text, fraction=0, feedback=""):
    return {"text": text, "fraction": fraction, "feedback": feedback}


def _tf(truth: bool):
    return [_c("Đúng", 100 if truth else 0), _c("Sai", 0 if truth else 100)]


def _pairs(*pairs):
    return [{"text": left, "match_text": right} for left, right in pairs]


def _items(*items):
    return [{"text": item} for item in items]


# (category key, type, stem, answers, extra fields)
BANK = {
    "levels": ("Mức độ dịch vụ công trực tuyến", None),
    "process": ("Quy trình một cửa", None),
    "forms": ("Biểu mẫu TT 01/2018/TT-VPCP", None),
    "deadlines": ("Thời hạn giải quyết", None),
    "fees": ("Phí, lệ phí và thủ tục cấp phường", "tu-phap"),
}

QUESTIONS = [
    # ---- Online-service levels (NĐ 43/2011, NĐ 42/2022) -------------------------------
    (
        "levels",
        T.SINGLE,
        "Theo NĐ 43/2011/NĐ-CP, với dịch vụ công trực tuyến <b>mức độ 3</b>, người dân nộp lệ phí và nhận kết quả ở đâu?",
        [
            _c(
                "Tại cơ quan giải quyết thủ tục",
                100,
                "Đúng: mức độ 3 chưa có thanh toán trực tuyến.",
            ),
            _c(
                "Trực tuyến trên Cổng dịch vụ công",
                0,
                "Thanh toán trực tuyến là đặc điểm của mức độ 4.",
            ),
            _c("Qua dịch vụ bưu chính công ích"),
            _c("Tại UBND phường nơi cư trú"),
        ],
        {
            "explanation": "NĐ 43/2011/NĐ-CP, Điều 3 khoản 4: ở mức độ 3 “việc thanh toán lệ phí (nếu có) và nhận kết quả được thực hiện trực tiếp tại cơ quan”.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.SINGLE,
        "Đặc điểm nào có ở mức độ 4 nhưng <b>không</b> có ở mức độ 3?",
        [
            _c("Thanh toán lệ phí trực tuyến", 100),
            _c("Điền và gửi biểu mẫu trực tuyến"),
            _c("Tải biểu mẫu về máy"),
            _c("Xem thông tin về thủ tục"),
        ],
        {
            "explanation": "Mức độ 4 = mức độ 3 + thanh toán trực tuyến; kết quả trả trực tuyến, trực tiếp hoặc qua bưu điện.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.TRUE_FALSE,
        "Ở mức độ 2, người dân có thể điền và gửi biểu mẫu trực tuyến.",
        _tf(False),
        {
            "explanation": "Mức độ 2 chỉ cho tải biểu mẫu; hồ sơ vẫn nộp trực tiếp hoặc qua bưu điện. Gửi trực tuyến bắt đầu từ mức độ 3.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.MULTIPLE,
        "Ở mức độ 4, kết quả giải quyết có thể được trả theo những cách nào? (Chọn tất cả cách đúng.)",
        [
            _c("Trả trực tuyến", 100),
            _c("Trả trực tiếp tại cơ quan", 100),
            _c("Gửi qua đường bưu điện", 100),
            _c(
                "Chỉ trả tại Bộ phận Một cửa nơi nộp",
                0,
                "Mức độ 4 không giới hạn nơi nhận kết quả.",
            ),
        ],
        {
            "explanation": "NĐ 43/2011: ở mức độ 4 “việc trả kết quả có thể được thực hiện trực tuyến, gửi trực tiếp hoặc qua đường bưu điện”.",
            "multiple_grading": Question.MultipleGrading.ALL_OR_NOTHING,
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.SINGLE,
        "Văn bản nào thay NĐ 43/2011/NĐ-CP và chia dịch vụ công trực tuyến thành “toàn trình” và “một phần”?",
        [
            _c("NĐ 42/2022/NĐ-CP", 100),
            _c("NĐ 61/2018/NĐ-CP"),
            _c("NĐ 107/2021/NĐ-CP"),
            _c("NĐ 118/2025/NĐ-CP"),
        ],
        {
            "explanation": "NĐ 42/2022/NĐ-CP (Điều 11 khoản 1), có hiệu lực từ 15/8/2022.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.NUMERIC,
        "NĐ 43/2011/NĐ-CP chia dịch vụ công trực tuyến thành bao nhiêu mức độ?",
        [{"text": "4", "fraction": 100}],
        {
            "explanation": "Bốn mức độ: 1 thông tin, 2 biểu mẫu, 3 nộp trực tuyến, 4 thanh toán và nhận kết quả trực tuyến.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.SHORT,
        "Dịch vụ công trực tuyến bảo đảm toàn bộ việc thực hiện, giải quyết thủ tục trên môi trường mạng, kết quả trả trực tuyến hoặc qua bưu chính công ích, được NĐ 42/2022 gọi là dịch vụ công trực tuyến gì? (Điền hai từ.)",
        [_c("toàn trình", 100), _c("dịch vụ công trực tuyến toàn trình", 100)],
        {
            "accent_insensitive": True,
            "explanation": "NĐ 42/2022/NĐ-CP, Điều 11 khoản 1: dịch vụ công trực tuyến toàn trình; các dịch vụ khác là “một phần”.",
            "tags": ["muc-do"],
        },
    ),
    (
        "levels",
        T.MATCHING,
        "Ghép mỗi mức độ dịch vụ công trực tuyến với điều mà mức độ đó thêm vào.",
        _pairs(
            ("Mức độ 1", "Thông tin về thủ tục và văn bản quy định"),
            ("Mức độ 2", "Biểu mẫu để tải về"),
            ("Mức độ 3", "Nộp hồ sơ trực tuyến"),
            ("Mức độ 4", "Thanh toán lệ phí trực tuyến"),
            ("", "Ký số hồ sơ bằng chữ ký của người dân"),
        ),
        {"points": Decimal("2"), "tags": ["muc-do"]},
    ),
    (
        "levels",
        T.SINGLE,
        "Hồ sơ mức độ 3 người dân vừa gửi trên cổng, cán bộ chưa kiểm tra, có trạng thái nào?",
        [_c("Mới đăng ký", 100), _c("Được tiếp nhận"), _c("Đang xử lý"), _c("Đã xử lý xong")],
        {
            "explanation": "Trạng thái 1 “Mới đăng ký”: chưa tính là đã tiếp nhận; đồng hồ chưa chạy.",
            "tags": ["muc-do", "trang-thai"],
        },
    ),
    (
        "levels",
        T.TRUE_FALSE,
        "NĐ 42/2022/NĐ-CP có hiệu lực từ ngày 15/8/2022.",
        _tf(True),
        {"tags": ["muc-do"]},
    ),
    (
        "levels",
        T.SINGLE,
        "Với hồ sơ mức độ 3, khi nào cán bộ thu lệ phí (nếu có)?",
        [
            _c("Khi người dân đến nhận kết quả tại cơ quan", 100),
            _c("Ngay khi hồ sơ được gửi trực tuyến"),
            _c("Khi chuyển hồ sơ cho phòng chuyên môn"),
            _c("Sau khi trả kết quả qua bưu điện"),
        ],
        {
            "explanation": "Ở mức độ 3, lệ phí và kết quả ở tại cơ quan: thu khi người dân đến nhận kết quả.",
            "tags": ["muc-do", "phi-le-phi"],
        },
    ),
    # ---- One-stop process (NĐ 61/2018, NĐ 107/2021) -----------------------------------
    (
        "process",
        T.ORDERING,
        "Sắp xếp năm bước của cơ chế một cửa theo đúng thứ tự (NĐ 61/2018, Điều 15–20).",
        _items(
            "Hướng dẫn kê khai, chuẩn bị hồ sơ",
            "Tiếp nhận hồ sơ",
            "Chuyển hồ sơ",
            "Giải quyết hồ sơ",
            "Trả kết quả",
        ),
        {
            "points": Decimal("2"),
            "explanation": "Hướng dẫn (Điều 15) → Tiếp nhận (Điều 17) → Chuyển (Điều 18) → Giải quyết (Điều 19) → Trả kết quả (Điều 20).",
            "tags": ["mot-cua"],
        },
    ),
    (
        "process",
        T.SINGLE,
        "Bộ phận Tiếp nhận và Trả kết quả cấp quận do ai thành lập và thuộc đơn vị nào?",
        [
            _c("UBND quận thành lập, thuộc Văn phòng HĐND và UBND quận", 100),
            _c("Sở Nội vụ thành lập, đặt tại Sở"),
            _c("Phòng Tư pháp thành lập, thuộc Phòng Tư pháp"),
            _c("Trung tâm Phục vụ hành chính công cấp quận"),
        ],
        {
            "explanation": "Cấp huyện không có Trung tâm Phục vụ hành chính công; Bộ phận Một cửa do một lãnh đạo Văn phòng phụ trách.",
            "tags": ["mot-cua"],
        },
    ),
    (
        "process",
        T.MULTIPLE,
        "Những hành vi nào bị nghiêm cấm đối với cán bộ làm việc tại Bộ phận Một cửa?",
        [
            _c("Yêu cầu bổ sung giấy tờ ngoài quy định", 34),
            _c("Cản trở người dân lựa chọn cách nộp hồ sơ, nhận kết quả", 33),
            _c("Đùn đẩy trách nhiệm, kéo dài thời gian giải quyết", 33),
            _c("Hướng dẫn người dân kê khai hồ sơ", -50, "Hướng dẫn là việc phải làm ở bước 1."),
            _c("Cấp giấy tiếp nhận và hẹn trả kết quả", -50, "Mẫu 01 là bắt buộc khi tiếp nhận."),
        ],
        {
            "multiple_grading": Question.MultipleGrading.PARTIAL,
            "tags": ["mot-cua"],
            "explanation": "NĐ 61/2018: nghiêm cấm cản trở việc lựa chọn hình thức nộp, nhận; từ chối, kéo dài; yêu cầu bổ sung ngoài quy định; đùn đẩy.",
        },
    ),
    (
        "process",
        T.TRUE_FALSE,
        "Được nhận hồ sơ mà không cấp phiếu hẹn nếu kết quả không trả ngay trong ngày.",
        _tf(False),
        {
            "explanation": "Nghiêm cấm nhận hồ sơ không có phiếu hẹn, trừ khi trả kết quả ngay.",
            "tags": ["mot-cua"],
        },
    ),
    (
        "process",
        T.SINGLE,
        "Hồ sơ chưa đầy đủ: cán bộ tiếp nhận hướng dẫn bổ sung như thế nào?",
        [
            _c("Một lần, bằng Mẫu 02, nêu đủ các thành phần còn thiếu và lý do", 100),
            _c("Mỗi lần báo thiếu một giấy tờ, đến khi đủ"),
            _c("Hướng dẫn miệng, không cần văn bản"),
            _c("Từ chối bằng Mẫu 03"),
        ],
        {
            "explanation": "Mọi thiếu sót ghi trong một Mẫu 02 “Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ” (hướng dẫn một lần).",
            "tags": ["mot-cua", "bieu-mau"],
        },
    ),
    (
        "process",
        T.SINGLE,
        "Hồ sơ không thuộc thẩm quyền của cơ quan mình: cán bộ tiếp nhận làm gì?",
        [
            _c("Hướng dẫn người dân đến cơ quan có thẩm quyền", 100),
            _c("Tiếp nhận rồi tự chuyển đi, không báo người dân"),
            _c("Từ chối, không cần nêu lý do"),
            _c("Tiếp nhận và giữ lại chờ chỉ đạo"),
        ],
        {"tags": ["mot-cua"]},
    ),
    (
        "process",
        T.MATCHING,
        "Ghép mỗi người với việc chính của họ trong quy trình giải quyết hồ sơ.",
        _pairs(
            ("Công chức tiếp nhận và trả kết quả", "Kiểm tra hồ sơ, cấp Mẫu 01"),
            ("Chuyên viên thụ lý", "Thẩm định, dự thảo kết quả"),
            ("Người có thẩm quyền", "Ký duyệt kết quả"),
            ("Văn thư", "Vào số, đóng dấu, phát hành"),
        ),
        {"points": Decimal("2"), "tags": ["mot-cua"]},
    ),
    (
        "process",
        T.SINGLE,
        "Thủ tục liên thông giữa nhiều cơ quan: người dân nhận kết quả ở đâu?",
        [
            _c("Tại nơi đã nộp hồ sơ", 100),
            _c("Tại cơ quan xử lý cuối cùng"),
            _c("Tại từng cơ quan tham gia"),
            _c("Chỉ qua bưu điện"),
        ],
        {
            "explanation": "Nơi tiếp nhận cấp một giấy tiếp nhận và trả một kết quả; hồ sơ đi giữa các cơ quan, mỗi lần giao nhận ghi vào Mẫu 05.",
            "tags": ["mot-cua", "lien-thong"],
        },
    ),
    (
        "process",
        T.TRUE_FALSE,
        "Khi cần bổ sung hồ sơ trong lúc giải quyết, thời gian đã giải quyết trước đó vẫn được tính (thời hạn tạm dừng, không tính lại từ đầu).",
        _tf(True),
        {
            "explanation": "“Thời gian mà cơ quan đã giải quyết lần đầu được tính trong thời gian giải quyết hồ sơ.”",
            "tags": ["mot-cua", "thoi-han"],
        },
    ),
    (
        "process",
        T.SINGLE,
        "Theo Điều 19 TT 01/2018/TT-VPCP, phần YYMMDD của mã hồ sơ là gì?",
        [
            _c("Ngày tiếp nhận hồ sơ", 100),
            _c("Ngày hẹn trả kết quả"),
            _c("Ngày sinh người nộp"),
            _c("Số thứ tự trong ngày"),
        ],
        {
            "explanation": "Mã hồ sơ: mã đơn vị – YYMMDD (ngày tiếp nhận) – XXXX (số thứ tự trong ngày, 4 chữ số).",
            "tags": ["ma-ho-so"],
        },
    ),
    (
        "process",
        T.NUMERIC,
        "Phần số thứ tự hồ sơ trong ngày (XXXX) của mã hồ sơ có bao nhiêu chữ số?",
        [{"text": "4", "fraction": 100}],
        {"tags": ["ma-ho-so"]},
    ),
    (
        "process",
        T.MULTIPLE,
        "Hồ sơ đầy đủ và được tiếp nhận: cán bộ tiếp nhận lập những gì? (Chọn tất cả.)",
        [
            _c("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả", 100),
            _c("Mẫu 05 – Phiếu kiểm soát quá trình giải quyết", 100),
            _c("Ghi vào Mẫu 06 – Sổ theo dõi hồ sơ", 100),
            _c("Mẫu 02 – Phiếu yêu cầu bổ sung"),
            _c("Mẫu 04 – Phiếu xin lỗi"),
        ],
        {
            "multiple_grading": Question.MultipleGrading.ALL_OR_NOTHING,
            "tags": ["mot-cua", "bieu-mau"],
        },
    ),
    # ---- Forms (TT 01/2018/TT-VPCP) ---------------------------------------------------
    (
        "forms",
        T.MATCHING,
        "Ghép mỗi biểu mẫu của TT 01/2018/TT-VPCP với tên của nó.",
        _pairs(
            ("Mẫu 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            ("Mẫu 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
            ("Mẫu 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
            ("Mẫu 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
            ("", "Biên lai thu phí, lệ phí"),
        ),
        {
            "points": Decimal("2"),
            "tags": ["bieu-mau"],
            "explanation": "Biên lai thu phí, lệ phí không phải là một biểu mẫu đánh số của TT 01/2018.",
        },
    ),
    (
        "forms",
        T.SINGLE,
        "Biểu mẫu nào là “Phiếu kiểm soát quá trình giải quyết hồ sơ”?",
        [_c("Mẫu 05", 100), _c("Mẫu 06"), _c("Mẫu 01"), _c("Mẫu 03")],
        {"tags": ["bieu-mau"]},
    ),
    (
        "forms",
        T.SHORT,
        "Tên của Mẫu 06 theo TT 01/2018/TT-VPCP là gì?",
        [_c("Sổ theo dõi hồ sơ", 100)],
        {"accent_insensitive": True, "tags": ["bieu-mau"]},
    ),
    (
        "forms",
        T.TRUE_FALSE,
        "Biên lai thu phí, lệ phí là một trong sáu biểu mẫu đánh số của TT 01/2018/TT-VPCP.",
        _tf(False),
        {"tags": ["bieu-mau", "phi-le-phi"]},
    ),
    (
        "forms",
        T.SINGLE,
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) do ai ký?",
        [
            _c("Người đứng đầu cơ quan giải quyết (cấp phó có thể ký thay)", 100),
            _c("Công chức tiếp nhận"),
            _c("Chuyên viên thụ lý"),
            _c("Trưởng Bộ phận Một cửa"),
        ],
        {
            "tags": ["bieu-mau"],
            "explanation": "Mẫu 04 có chữ ký và dấu của người đứng đầu cơ quan; “KT. … / PHÓ …” cũng được chấp nhận.",
        },
    ),
    (
        "forms",
        T.NUMERIC,
        "Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) được lập thành mấy liên?",
        [{"text": "2", "fraction": 100}],
        {
            "tags": ["bieu-mau"],
            "explanation": "Hai liên: một liên lưu cùng Mẫu 05 tại Bộ phận Một cửa, một liên giao người nộp.",
        },
    ),
    (
        "forms",
        T.SINGLE,
        "Phiếu nào mang hai chữ ký: người nộp hồ sơ và công chức tiếp nhận?",
        [
            _c("Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ", 100),
            _c("Mẫu 04 – Phiếu xin lỗi"),
            _c("Mẫu 06 – Sổ theo dõi hồ sơ"),
            _c("Mẫu 05 – Phiếu kiểm soát"),
        ],
        {"tags": ["bieu-mau"]},
    ),
    (
        "forms",
        T.SINGLE,
        "Mẫu 06 (Sổ theo dõi hồ sơ) được thiết kế cho khổ giấy nào?",
        [_c("A4", 100), _c("A5"), _c("A3"), _c("Letter")],
        {
            "tags": ["bieu-mau"],
            "explanation": "Mẫu 06 khổ A4; các mẫu còn lại khổ A5 hoặc dạng điện tử.",
        },
    ),
    (
        "forms",
        T.MULTIPLE,
        "Bảng của Mẫu 05 (Phiếu kiểm soát) có những cột nào?",
        [
            _c("Tên cơ quan (giao, nhận)", 34),
            _c("Thời gian giao, nhận hồ sơ", 33),
            _c("Kết quả giải quyết (trước hạn / đúng hạn / quá hạn)", 33),
            _c("Số tiền lệ phí đã thu", -50),
            _c("Ảnh chân dung người nộp", -50),
        ],
        {"multiple_grading": Question.MultipleGrading.PARTIAL, "tags": ["bieu-mau"]},
    ),
    # ---- Deadlines ----------------------------------------------------------------------
    (
        "deadlines",
        T.SINGLE,
        "Hồ sơ có thời hạn 3 ngày làm việc, tiếp nhận thứ Sáu 24/1/2025 lúc 9:30. Nghỉ Tết từ 27/1 đến 31/1/2025. Ngày hẹn trả là ngày nào?",
        [
            _c("Thứ Tư 5/2/2025", 100),
            _c("Thứ Hai 27/1/2025", 0, "Đó là tính theo ngày lịch và rơi vào Tết."),
            _c("Thứ Ba 4/2/2025", 0, "Không tính ngày tiếp nhận."),
            _c("Thứ Năm 6/2/2025"),
        ],
        {
            "points": Decimal("2"),
            "tags": ["thoi-han"],
            "explanation": "Không tính ngày tiếp nhận; bỏ cuối tuần và 27–31/1: ngày làm việc thứ 1, 2, 3 là 3/2, 4/2, 5/2.",
        },
    ),
    (
        "deadlines",
        T.TRUE_FALSE,
        "Khi tính thời hạn theo ngày làm việc, ngày tiếp nhận hồ sơ được tính là ngày thứ nhất.",
        _tf(False),
        {
            "tags": ["thoi-han"],
            "explanation": "BLDS 2015 Điều 147: thời hạn bắt đầu từ ngày tiếp theo.",
        },
    ),
    (
        "deadlines",
        T.SINGLE,
        "Yêu cầu chứng thực bản sao nhận lúc 15:20 thứ Sáu 29/8/2025 (1/9 và 2/9/2025 nghỉ Quốc khánh). Hẹn trả ngày nào?",
        [
            _c("Thứ Tư 3/9/2025", 100),
            _c("Thứ Hai 1/9/2025", 0, "1/9 là ngày nghỉ."),
            _c("Ngay trong ngày 29/8/2025", 0, "Sau 15 giờ thì trả trong ngày làm việc tiếp theo."),
            _c("Thứ Năm 4/9/2025"),
        ],
        {"points": Decimal("2"), "tags": ["thoi-han", "2.000815"]},
    ),
    (
        "deadlines",
        T.SINGLE,
        "Hồ sơ sẽ trễ hạn: Phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04) phải gửi chậm nhất khi nào?",
        [
            _c("Một ngày trước ngày hết hạn giải quyết", 100),
            _c("Ngay sau ngày hết hạn"),
            _c("Khi người dân đến nhận kết quả"),
            _c("Trong vòng 5 ngày sau khi hết hạn"),
        ],
        {"tags": ["thoi-han", "bieu-mau"]},
    ),
    (
        "deadlines",
        T.NUMERIC,
        "Việc hẹn lại ngày trả kết quả được thực hiện tối đa mấy lần?",
        [{"text": "1", "fraction": 100}],
        {
            "tags": ["thoi-han"],
            "explanation": "“Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần.”",
        },
    ),
    (
        "deadlines",
        T.TRUE_FALSE,
        "Trong thống kê, hồ sơ đã có Phiếu xin lỗi vẫn tính trễ hạn so với ngày hẹn ban đầu.",
        _tf(True),
        {"tags": ["thoi-han", "bao-cao"]},
    ),
    (
        "deadlines",
        T.SINGLE,
        "Hồ sơ đang chờ người dân bổ sung (trạng thái 5) được xếp vào nhóm nào khi báo cáo?",
        [
            _c("Đang giải quyết, trong hạn", 100),
            _c("Đang giải quyết, quá hạn"),
            _c("Đã giải quyết"),
            _c("Không được tiếp nhận"),
        ],
        {
            "tags": ["thoi-han", "bao-cao"],
            "explanation": "“Đúng hạn — bao gồm cả hồ sơ chờ bổ sung”: thời hạn đang tạm dừng.",
        },
    ),
    (
        "deadlines",
        T.NUMERIC,
        "Đăng ký kết hôn: nếu cần xác minh điều kiện kết hôn, thời hạn giải quyết tối đa là bao nhiêu ngày làm việc?",
        [{"text": "5", "fraction": 100}],
        {"tags": ["thoi-han", "ho-tich"]},
    ),
    (
        "deadlines",
        T.TRUE_FALSE,
        "Thứ Bảy 26/4/2025 là ngày làm bù nên được tính là ngày làm việc khi tính hạn.",
        _tf(True),
        {"tags": ["thoi-han"], "explanation": "Làm bù thứ Bảy 26/4/2025 để nghỉ thứ Sáu 2/5/2025."},
    ),
    # ---- Fees and ward procedures -----------------------------------------------------
    (
        "fees",
        T.NUMERIC,
        "Chứng thực bản sao từ bản chính: bản gốc 12 trang, cần 3 bản sao. Tổng phí là bao nhiêu đồng?",
        [{"text": "42000", "fraction": 100}],
        {
            "points": Decimal("2"),
            "tags": ["phi-le-phi", "2.000815"],
            "explanation": "Mỗi bản: 2 × 2.000 + 10 × 1.000 = 14.000 đồng (TT 226/2016/TT-BTC); 3 bản: 42.000 đồng.",
        },
    ),
    (
        "fees",
        T.NUMERIC,
        "Phí chứng thực một bản sao của bản gốc 3 trang là bao nhiêu đồng?",
        [{"text": "5000", "fraction": 100}],
        {"tags": ["phi-le-phi", "2.000815"], "explanation": "2.000 + 2.000 + 1.000 = 5.000 đồng."},
    ),
    (
        "fees",
        T.SINGLE,
        "Đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh) thì lệ phí là bao nhiêu?",
        [_c("Miễn lệ phí", 100), _c("8.000 đồng"), _c("50.000 đồng"), _c("100.000 đồng")],
        {"tags": ["phi-le-phi", "ho-tich", "1.001193"]},
    ),
    (
        "fees",
        T.SINGLE,
        "Hồ sơ tiếp nhận từ 09/01/2025: chứng thực bản sao văn bằng do cơ quan nước ngoài cấp thuộc thẩm quyền của ai?",
        [
            _c("UBND phường (và Phòng Tư pháp, tổ chức hành nghề công chứng)", 100),
            _c("Chỉ Phòng Tư pháp quận"),
            _c("Sở Ngoại vụ"),
            _c("Công an phường"),
        ],
        {
            "tags": ["ho-tich", "chung-thuc"],
            "explanation": "NĐ 07/2025 sửa NĐ 23/2015 Điều 5: từ 09/01/2025 cấp phường có thẩm quyền.",
        },
    ),
    (
        "fees",
        T.NUMERIC,
        "Phí cấp 2 bản sao trích lục hộ tịch (8.000 đồng/bản) là bao nhiêu đồng?",
        [{"text": "16000", "fraction": 100}],
        {"tags": ["phi-le-phi", "ho-tich"]},
    ),
    (
        "fees",
        T.SHORT,
        "Mã thủ tục hành chính của “Đăng ký khai sinh” trên Cổng dịch vụ công quốc gia là gì?",
        [_c("1.001193", 100)],
        {"tags": ["ho-tich", "1.001193"]},
    ),
    (
        "fees",
        T.ESSAY,
        "Ba anh chị em nộp hồ sơ đăng ký hộ kinh doanh tại Bộ phận Một cửa; hồ sơ thiếu biên bản họp thành viên hộ gia đình và bản sao giấy tờ tùy thân của một thành viên. Trình bày cách xử lý đúng quy định.",
        [],
        {
            "points": Decimal("3"),
            "tags": ["mot-cua", "ho-kinh-doanh"],
            "explanation": "Cần nêu: lập một Mẫu 02 ghi cả hai thành phần còn thiếu và lý do; chưa cấp Mẫu 01, thời hạn chưa bắt đầu; không yêu cầu giấy tờ ngoài danh mục (sổ hộ khẩu, hợp đồng thuê nhà); anh chị em đăng ký với tư cách thành viên hộ gia đình (NĐ 01/2021).",
        },
    ),
]


def _bank() -> dict[str, Category]:
    root, created = Category.objects.get_or_create(
        name=ROOT, parent=None, defaults={"unit": Unit.objects.filter(code="vp").first()}
    )
    categories = {}
    for key, (name, unit_code) in BANK.items():
        categories[key], _created = Category.objects.get_or_create(
            name=name,
            parent=root,
            defaults={"unit": Unit.objects.filter(code=unit_code).first() if unit_code else None},
        )
    if created or not Question.objects.filter(category__parent=root).exists():
        for key, kind, stem, answers, extra in QUESTIONS:
            extra = dict(extra)
            stem_html = stem if stem.startswith("<") else f"<p>{stem}</p>"
            explanation = extra.pop("explanation", "")
            question_create(
                category=categories[key],
                type=kind,
                stem=stem_html,
                answers=answers,
                explanation=f"<p>{explanation}</p>" if explanation else "",
                **extra,
            )
    return categories


def _quizzes(course, categories) -> list[QuizPage]:
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    existing = list(QuizPage.objects.descendant_of(course).order_by("path"))
    if existing or len(modules) < 3:
        return existing
    by_stem = {
        q.stem: q for q in Question.objects.current().filter(category__in=categories.values())
    }

    def fixed(stem_start):
        return next(q for s, q in by_stem.items() if stem_start in s)

    specs = [
        (
            modules[0],
            dict(
                title="Kiểm tra chương 1: Dịch vụ công trực tuyến",
                slug="kiem-tra-chuong-1",
                intro="<p>Sáu câu hỏi rút ngẫu nhiên về các mức độ dịch vụ công trực tuyến. Bạn có thể kiểm tra từng câu ngay khi trả lời.</p>",
                answers_at_end=False,
                layout=QuizPage.Layout.ALL,
                pass_mark=70,
                attempts_allowed=3,
                estimated_minutes=10,
            ),
            [QuizQuestionRule(category=categories["levels"], count=6)],
        ),
        (
            modules[1],
            dict(
                title="Kiểm tra chương 2: Cơ chế một cửa và biểu mẫu",
                slug="kiem-tra-chuong-2",
                intro="<p>Mười câu hỏi về quy trình một cửa và sáu biểu mẫu của Thông tư 01/2018/TT-VPCP, mỗi trang một câu, trong 15 phút.</p>",
                random_order=True,
                time_limit_minutes=15,
                pass_mark=70,
                attempts_allowed=3,
                estimated_minutes=15,
            ),
            [
                QuizQuestionRule(question=fixed("Sắp xếp năm bước")),
                QuizQuestionRule(question=fixed("Ghép mỗi biểu mẫu")),
                QuizQuestionRule(category=categories["process"], count=5),
                QuizQuestionRule(category=categories["forms"], count=3),
            ],
        ),
        (
            modules[2],
            dict(
                title="Bài kiểm tra cuối khóa",
                slug="bai-kiem-tra-cuoi-khoa",
                intro="<p>Mười lăm câu hỏi trên toàn bộ khóa học và một câu tự luận do giảng viên chấm. Thời gian làm bài 30 phút; điểm đạt 70%.</p>",
                time_limit_minutes=30,
                pass_mark=70,
                attempts_allowed=2,
                estimated_minutes=30,
                success_text="<p>Chúc mừng! Bạn đã hoàn thành bài kiểm tra cuối khóa.</p>",
                fail_text="<p>Bạn chưa đạt. Hãy xem lại chương 3 và làm lại bài.</p>",
            ),
            [
                QuizQuestionRule(category=categories["deadlines"], count=5),
                QuizQuestionRule(category=categories["fees"], count=4, tag="phi-le-phi"),
                QuizQuestionRule(category=categories["levels"], count=3),
                QuizQuestionRule(category=categories["process"], count=3),
                QuizQuestionRule(question=fixed("Ba anh chị em")),
            ],
        ),
    ]
    quizzes = []
    for module, fields, rules in specs:
        for order, rule in enumerate(rules):
            rule.sort_order = order
        quiz = QuizPage(question_rules=rules, **fields)
        module.add_child(instance=quiz)
        quiz.save_revision().publish()
        quizzes.append(quiz)
    return quizzes


def right_answers(attempt: Attempt) -> dict:
    """Form data that answers every question of an attempt correctly (demo and benchmark)."""
    data = {}
    for slot in (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__answers")
    ):
        q, name = slot.question, f"q{slot.position}"
        answers = {a.pk: a for a in q.answers.all()}
        ordered = q.ordered_answers()
        if q.type in (T.SINGLE, T.TRUE_FALSE):
            data[name] = str(
                next(
                    i for i, pk in enumerate(slot.layout["choices"]) if answers[pk].fraction >= 100
                )
            )
        elif q.type == T.MULTIPLE:
            data[name] = [
                str(i) for i, pk in enumerate(slot.layout["choices"]) if answers[pk].fraction > 0
            ]
        elif q.type in (T.SHORT, T.NUMERIC):
            data[name] = next(a.text for a in ordered if a.fraction >= 100)
        elif q.type == T.ESSAY:
            data[name] = "Lập một Mẫu 02 ghi đủ hai thành phần còn thiếu và lý do; chưa cấp Mẫu 01."
        elif q.type == T.MATCHING:
            targets = slot.layout["targets"]
            for row, pk in enumerate(slot.layout["rows"]):
                data[f"{name}-{row}"] = str(targets.index(answers[pk].match_text))
        elif q.type == T.ORDERING:
            position = {a.pk: i for i, a in enumerate(ordered)}
            for item, pk in enumerate(slot.layout["choices"]):
                data[f"{name}-{item}"] = str(position[pk])
    return data


def _take(quiz: QuizPage, user, marker) -> None:
    if Attempt.objects.filter(quiz=quiz, user=user).exists():
        return
    attempt = attempt_start(quiz=quiz, user=user)
    attempt, _graded = attempt_submit(attempt_id=attempt.pk, user=user, data=right_answers(attempt))
    if marker is not None:
        for slot in AttemptQuestion.objects.filter(attempt=attempt, needs_marking=True):
            slot_mark(
                slot_id=slot.pk,
                user=marker,
                score=slot.max_points - Decimal("0.5"),
                comment="Đúng hướng; cần nêu rõ căn cứ NĐ 01/2021 về thành viên hộ gia đình.",
            )


@transaction.atomic
def load(stdout):
    course = build_course()
    categories = _bank()
    quizzes = _quizzes(course, categories)
    trainer = Officer.objects.filter(employee_code="giangvien").select_related("user").first()
    marker = trainer.user if trainer else None
    # Officers who finished every lesson also passed the quizzes; one waits for marking.
    for code, marked in (("lanhdao", True), ("TX00101", True), ("TX00102", False)):
        officer = Officer.objects.filter(employee_code=code).select_related("user").first()
        if officer is None or not course.enrolments.filter(user=officer.user).exists():
            continue
        targets = quizzes if code != "TX00102" else quizzes[2:]
        for quiz in targets:
            _take(quiz, officer.user, marker if marked else None)
    total = Question.objects.current().filter(category__parent__name=ROOT).count()
    stdout.write(f"  quiz bank: {total} questions; {len(quizzes)} quizzes in the demo course")
    return []
