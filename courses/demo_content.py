"""The demo course "Dịch vụ công trực tuyến mức độ 3, 4 và cơ chế một cửa", written from
`shared/domain/dossier-workflow.md` (Profile B: NĐ 61/2018 as amended by NĐ 107/2021,
TT 01/2018/TT-VPCP) and its verification notes.

Lessons are lists of ("kind", data) items; `courses.demo` turns them into StreamField
blocks. Kinds: "text" (HTML), "heading", "callout" (kind, text, citation), "steps"
(list of (title, html)), "term" (term, definition), "check" (question, choices with the
correct index, explanation), "figure" (a generated diagram's key, caption).
"""

COURSE = {
    "title": "Dịch vụ công trực tuyến mức độ 3, 4 và cơ chế một cửa",
    "slug": "dich-vu-cong-truc-tuyen-muc-do-3-4",
    "summary": (
        "Khóa học bắt buộc cho cán bộ, công chức tiếp nhận và giải quyết thủ tục hành chính "
        "tại quận và 11 phường: các mức độ dịch vụ công trực tuyến, quy trình một cửa, các "
        "biểu mẫu theo Thông tư 01/2018/TT-VPCP, cách tính ngày hẹn trả kết quả và báo cáo "
        "tình hình giải quyết hồ sơ."
    ),
    "objectives": (
        "<ul><li>Phân biệt dịch vụ công trực tuyến mức độ 1, 2, 3, 4 và việc của người dân, "
        "của cán bộ ở từng mức.</li>"
        "<li>Thực hiện đúng năm bước của cơ chế một cửa và lập đúng Mẫu 01–06.</li>"
        "<li>Tính đúng ngày hẹn trả kết quả theo ngày làm việc, kể cả dịp Tết và ngày làm bù."
        "</li><li>Xử lý hồ sơ cần bổ sung, hồ sơ trễ hạn và lập báo cáo đúng cách.</li></ul>"
    ),
    "estimated_minutes": 150,
}

MODULES = [
    {
        "title": "Chương 1. Dịch vụ công trực tuyến",
        "slug": "chuong-1-dich-vu-cong-truc-tuyen",
        "intro": "<p>Bốn mức độ dịch vụ công trực tuyến và điều thay đổi từ năm 2022.</p>",
        "lessons": [
            {
                "title": "Bốn mức độ dịch vụ công trực tuyến",
                "slug": "bon-muc-do",
                "minutes": 10,
                "body": [
                    (
                        "text",
                        "<p>Nghị định 43/2011/NĐ-CP (Điều 3 khoản 4) chia dịch vụ công trực "
                        "tuyến thành bốn mức độ. Mỗi mức độ sau bao gồm mọi điều của mức độ "
                        "trước và thêm một bước được làm trên môi trường mạng.</p>",
                    ),
                    ("figure", "levels", "Bốn mức độ dịch vụ công trực tuyến (NĐ 43/2011)"),
                    (
                        "text",
                        "<ul><li><b>Mức độ 1</b>: cung cấp đầy đủ thông tin về thủ tục hành "
                        "chính và văn bản quy định.</li><li><b>Mức độ 2</b>: thêm biểu mẫu để "
                        "tải về; hồ sơ vẫn nộp trực tiếp hoặc qua bưu điện.</li><li><b>Mức độ "
                        "3</b>: người dân điền và gửi biểu mẫu trực tuyến; các giao dịch trong "
                        "quá trình xử lý thực hiện trên mạng; <b>lệ phí nộp và kết quả nhận tại "
                        "cơ quan</b>.</li><li><b>Mức độ 4</b>: thêm <b>thanh toán lệ phí trực "
                        "tuyến</b>; kết quả trả trực tuyến, trực tiếp hoặc qua bưu điện.</li>"
                        "</ul>",
                    ),
                    (
                        "callout",
                        "legal",
                        "Việc thanh toán lệ phí (nếu có) và nhận kết quả ở mức độ 3 được thực "
                        "hiện trực tiếp tại cơ quan.",
                        "NĐ 43/2011/NĐ-CP, Điều 3 khoản 4",
                    ),
                    (
                        "term",
                        "Dịch vụ công trực tuyến",
                        "Dịch vụ hành chính công và các dịch vụ khác của cơ quan nhà nước được "
                        "cung cấp cho tổ chức, cá nhân trên môi trường mạng.",
                    ),
                    (
                        "check",
                        "Ở mức độ 3, người dân nộp lệ phí ở đâu?",
                        [
                            "Trực tuyến trên cổng dịch vụ công",
                            "Tại cơ quan khi nhận kết quả",
                            "Qua bưu điện",
                        ],
                        1,
                        "Mức độ 3 cho phép nộp hồ sơ trực tuyến, nhưng lệ phí và kết quả vẫn "
                        "ở tại cơ quan. Thanh toán trực tuyến là đặc điểm của mức độ 4.",
                    ),
                ],
            },
            {
                "title": "Mức độ 3 và mức độ 4: người dân làm gì, cán bộ làm gì",
                "slug": "muc-do-3-va-4",
                "minutes": 12,
                "body": [
                    (
                        "text",
                        "<p>Với cán bộ một cửa, hồ sơ mức độ 3 và 4 đến hàng chờ với trạng "
                        "thái <i>Mới đăng ký</i>. Cán bộ kiểm tra các thành phần đã tải lên và "
                        "chọn một trong hai hướng: tiếp nhận (gửi Mẫu 01 điện tử) hoặc yêu cầu "
                        "bổ sung (gửi Mẫu 02 điện tử).</p>",
                    ),
                    (
                        "steps",
                        [
                            (
                                "Người dân nộp trực tuyến",
                                "<p>Điền tờ khai điện tử, tải lên thành phần hồ sơ.</p>",
                            ),
                            (
                                "Cán bộ một cửa kiểm tra",
                                "<p>Đối chiếu từng thành phần với thẻ thủ tục; không yêu cầu "
                                "giấy tờ ngoài quy định.</p>",
                            ),
                            (
                                "Tiếp nhận hoặc yêu cầu bổ sung",
                                "<p>Gửi Mẫu 01 với ngày hẹn trả, hoặc Mẫu 02 liệt kê <b>tất cả"
                                "</b> thành phần còn thiếu trong một lần.</p>",
                            ),
                            (
                                "Mức độ 4: thanh toán trực tuyến",
                                "<p>Người dân nộp phí, lệ phí trên cổng; hệ thống ghi biên lai "
                                "điện tử.</p>",
                            ),
                            (
                                "Trả kết quả",
                                "<p>Mức độ 3: tại bộ phận một cửa. Mức độ 4: trực tuyến, qua bưu "
                                "điện hoặc tại bộ phận một cửa, theo lựa chọn của người dân.</p>",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "Không được cản trở người dân lựa chọn cách thức nộp hồ sơ và nhận kết "
                        "quả. Đây là một trong những hành vi bị nghiêm cấm.",
                        "NĐ 61/2018/NĐ-CP, Điều 5",
                    ),
                ],
            },
            {
                "title": "Từ mức độ 3, 4 đến dịch vụ công toàn trình và một phần",
                "slug": "toan-trinh-va-mot-phan",
                "minutes": 8,
                "body": [
                    (
                        "text",
                        "<p>Từ ngày 15/8/2022, Nghị định 42/2022/NĐ-CP thay Nghị định "
                        "43/2011/NĐ-CP và phân loại lại dịch vụ công trực tuyến thành hai "
                        "loại:</p><ul><li><b>Toàn trình</b>: toàn bộ việc thực hiện và giải "
                        "quyết thủ tục diễn ra trên môi trường mạng; kết quả trả trực tuyến "
                        "hoặc qua dịch vụ bưu chính công ích.</li><li><b>Một phần</b>: mọi dịch "
                        "vụ công trực tuyến không đủ điều kiện toàn trình.</li></ul>",
                    ),
                    (
                        "callout",
                        "note",
                        "Môi trường thực hành của DVC Academy mô phỏng giai đoạn NĐ 61/2018 "
                        "(sửa đổi bởi NĐ 107/2021) với các mức độ 3, 4, như trong đợt tập huấn "
                        "của quận.",
                        "",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Chương 2. Cơ chế một cửa, một cửa liên thông",
        "slug": "chuong-2-co-che-mot-cua",
        "intro": "<p>Bộ phận một cửa, năm bước giải quyết hồ sơ và sáu biểu mẫu.</p>",
        "lessons": [
            {
                "title": "Bộ phận một cửa và các vai trò",
                "slug": "bo-phan-mot-cua",
                "minutes": 10,
                "body": [
                    (
                        "text",
                        "<p>Bộ phận Tiếp nhận và Trả kết quả cấp huyện do UBND quận thành lập, "
                        "đặt tại Văn phòng HĐND và UBND quận và do một lãnh đạo Văn phòng phụ "
                        "trách. Các phòng chuyên môn cử công chức đến làm việc tại bộ phận. Ở "
                        "phường, bộ phận một cửa thuộc UBND phường.</p>",
                    ),
                    (
                        "text",
                        "<h3>Ai làm gì</h3><ul><li><b>Công dân, tổ chức</b>: nộp, bổ sung, rút "
                        "hồ sơ, nộp phí, nhận kết quả.</li><li><b>Công chức một cửa</b>: hướng "
                        "dẫn, kiểm tra, lập Mẫu 01/02/03, mở Mẫu 05, ghi Mẫu 06, chuyển hồ sơ, "
                        "thu phí, trả kết quả.</li><li><b>Lãnh đạo phòng</b>: phân công, duyệt "
                        "dự thảo, trình ký.</li><li><b>Chuyên viên thụ lý</b>: thẩm định, xác "
                        "minh, lấy ý kiến cơ quan phối hợp, dự thảo kết quả.</li><li><b>Người "
                        "có thẩm quyền ký</b>: Chủ tịch, Phó Chủ tịch UBND quận hoặc phường.</li>"
                        "<li><b>Văn thư</b>: vào số, đóng dấu, phát hành.</li></ul>",
                    ),
                    (
                        "term",
                        "Liên thông",
                        "Một hồ sơ được nhiều cơ quan giải quyết; người dân chỉ nộp và nhận "
                        "kết quả tại một nơi.",
                    ),
                ],
            },
            {
                "title": "Năm bước giải quyết hồ sơ",
                "slug": "nam-buoc",
                "minutes": 15,
                "body": [
                    ("figure", "steps", "Năm bước của cơ chế một cửa (NĐ 61/2018, Điều 15–20)"),
                    (
                        "steps",
                        [
                            (
                                "Hướng dẫn",
                                "<p>Giải thích thành phần hồ sơ, quy trình, thời hạn, phí theo "
                                "đúng quyết định công bố thủ tục.</p>",
                            ),
                            (
                                "Tiếp nhận",
                                "<p>Kiểm tra tính đầy đủ, chính xác. Đủ: lập Mẫu 01. Thiếu: hướng "
                                "dẫn bằng Mẫu 02, nêu rõ lý do, <b>một lần</b>. Không đủ điều kiện: "
                                "Mẫu 03. Không thuộc thẩm quyền: hướng dẫn đến cơ quan có thẩm "
                                "quyền.</p>",
                            ),
                            (
                                "Chuyển hồ sơ",
                                "<p>Hồ sơ điện tử chuyển ngay; hồ sơ giấy chuyển kèm Mẫu 05. Mỗi "
                                "lần giao nhận là một dòng trên Mẫu 05.</p>",
                            ),
                            (
                                "Giải quyết",
                                "<p>Lãnh đạo phòng phân công, chuyên viên thẩm định và dự thảo, "
                                "lãnh đạo phòng duyệt, người có thẩm quyền ký, văn thư phát hành."
                                "</p>",
                            ),
                            (
                                "Trả kết quả",
                                "<p>Trả tại bộ phận một cửa theo Mẫu 01, qua bưu điện hoặc trực "
                                "tuyến; người nhận thay phải có giấy ủy quyền.</p>",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "legal",
                        "Trường hợp hồ sơ chưa đầy đủ, chưa chính xác theo quy định, cán bộ tiếp "
                        "nhận hồ sơ phải hướng dẫn đại diện tổ chức, cá nhân bổ sung, hoàn "
                        "thiện hồ sơ.",
                        "NĐ 61/2018/NĐ-CP, Điều 17 (sửa đổi bởi NĐ 107/2021/NĐ-CP)",
                    ),
                    (
                        "callout",
                        "warning",
                        "Nghiêm cấm nhận hồ sơ mà không có phiếu hẹn, trừ trường hợp trả kết quả "
                        "ngay.",
                        "Hướng dẫn nghiệp vụ một cửa",
                    ),
                    (
                        "check",
                        "Hồ sơ thiếu hai thành phần. Cán bộ một cửa nên làm gì?",
                        [
                            "Lập hai Mẫu 02, mỗi mẫu một thành phần",
                            "Lập một Mẫu 02 liệt kê cả hai thành phần và lý do",
                            "Tiếp nhận rồi yêu cầu bổ sung sau",
                        ],
                        1,
                        "Mọi thành phần còn thiếu được hướng dẫn trong một lần, trên một Mẫu 02 "
                        "có nêu lý do.",
                    ),
                ],
            },
            {
                "title": "Sáu biểu mẫu theo Thông tư 01/2018/TT-VPCP",
                "slug": "sau-bieu-mau",
                "minutes": 15,
                "body": [
                    (
                        "text",
                        "<p>Thông tư 01/2018/TT-VPCP ban hành sáu biểu mẫu. Mẫu 06 in trên khổ "
                        "A4; các mẫu khác in khổ A5 hoặc dùng bản điện tử.</p>"
                        "<ul><li><b>Mẫu 01</b> Giấy tiếp nhận hồ sơ và hẹn trả kết quả: lập "
                        "thành <b>2 liên</b>, một liên kèm Mẫu 05 lưu tại bộ phận một cửa, một "
                        "liên giao người nộp.</li><li><b>Mẫu 02</b> Phiếu yêu cầu bổ sung, hoàn "
                        "thiện hồ sơ: liệt kê thành phần cần bổ sung và lý do.</li><li><b>Mẫu "
                        "03</b> Phiếu từ chối tiếp nhận giải quyết hồ sơ: nêu lý do cụ thể; có "
                        "chữ ký của người nộp và người tiếp nhận.</li><li><b>Mẫu 04</b> Phiếu xin "
                        "lỗi và hẹn lại ngày trả kết quả.</li><li><b>Mẫu 05</b> Phiếu kiểm soát "
                        "quá trình giải quyết hồ sơ: mỗi lần giao nhận một dòng, có kết quả "
                        "trước hạn, đúng hạn hay quá hạn.</li><li><b>Mẫu 06</b> Sổ theo dõi hồ "
                        "sơ.</li></ul>",
                    ),
                    (
                        "callout",
                        "note",
                        "Biên lai thu phí, lệ phí không phải là một biểu mẫu đánh số của Thông "
                        "tư 01/2018; ở mức độ 4 đó là biên lai điện tử.",
                        "",
                    ),
                    (
                        "check",
                        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) được lập thành mấy liên?",
                        ["1 liên", "2 liên", "3 liên"],
                        1,
                        "Hai liên: một liên chuyển kèm Mẫu 05 và lưu tại bộ phận một cửa, một "
                        "liên giao cho người nộp hồ sơ.",
                    ),
                ],
            },
            {
                "title": "Mã hồ sơ, liên thông và những hành vi bị cấm",
                "slug": "ma-ho-so-lien-thong",
                "minutes": 10,
                "body": [
                    (
                        "text",
                        "<p>Mã hồ sơ theo Điều 19 Thông tư 01/2018/TT-VPCP có dạng "
                        "<code>V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX</code>: mã đơn vị, ngày tiếp "
                        "nhận (năm, tháng, ngày) và số thứ tự hồ sơ trong ngày gồm 4 chữ số. "
                        "Ví dụ thực tế: <code>000.00.64.H10-230515-0011</code>.</p>",
                    ),
                    (
                        "text",
                        "<h3>Hành vi bị nghiêm cấm</h3><ul><li>Cản trở người dân lựa chọn cách "
                        "nộp hồ sơ, nhận kết quả.</li><li>Từ chối hoặc kéo dài thời gian giải "
                        "quyết.</li><li><b>Yêu cầu bổ sung giấy tờ ngoài quy định.</b></li>"
                        "<li>Đùn đẩy trách nhiệm.</li></ul>",
                    ),
                    (
                        "callout",
                        "legal",
                        "Những hành vi không được làm trong giải quyết thủ tục hành chính theo "
                        "cơ chế một cửa, một cửa liên thông.",
                        "NĐ 61/2018/NĐ-CP, Điều 5",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Chương 3. Thời hạn giải quyết và báo cáo",
        "slug": "chuong-3-thoi-han-va-bao-cao",
        "intro": "<p>Ngày làm việc, ngày hẹn trả, hồ sơ trễ hạn và báo cáo thống kê.</p>",
        "lessons": [
            {
                "title": "Ngày làm việc, ngày lễ và cách tính ngày hẹn trả",
                "slug": "tinh-ngay-hen-tra",
                "minutes": 15,
                "body": [
                    (
                        "text",
                        "<p>Thời hạn ghi “N ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ”. "
                        "<b>Ngày tiếp nhận không được tính</b>; ngày hẹn trả là ngày làm việc "
                        "thứ N sau ngày tiếp nhận. Ngày làm việc là thứ Hai đến thứ Sáu, trừ "
                        "ngày nghỉ lễ, Tết và ngày nghỉ bù; <b>thứ Bảy làm bù là ngày làm việc"
                        "</b> (ví dụ 04/05/2024, 26/04/2025, 10/01/2026, 22/08/2026).</p>",
                    ),
                    (
                        "callout",
                        "legal",
                        "Ngày đầu tiên của thời hạn không được tính mà tính từ ngày tiếp theo "
                        "liền kề ngày được xác định.",
                        "Bộ luật Dân sự 2015, Điều 147 khoản 2",
                    ),
                    (
                        "text",
                        "<h3>Thủ tục giải quyết trong ngày</h3><p>Chứng thực và hộ tịch: trả "
                        "trong ngày, hoặc trong ngày làm việc tiếp theo nếu tiếp nhận <b>sau "
                        "15 giờ</b>; khi đó bắt buộc có phiếu hẹn ghi giờ và ngày.</p>"
                        "<h3>Ví dụ</h3><ul><li>Hộ kinh doanh (3 ngày), nhận thứ Sáu 24/01/2025: "
                        "hẹn trả thứ Tư <b>05/02/2025</b> (nghỉ Tết 27–31/01).</li><li>Giấy phép "
                        "xây dựng (15 ngày), nhận thứ Ba 10/02/2026: hẹn trả thứ Ba <b>10/03/"
                        "2026</b>.</li><li>Chứng thực, nhận 15 giờ 20 thứ Sáu 29/08/2025: hẹn "
                        "trả thứ Tư <b>03/09/2025</b> (nghỉ Quốc khánh 01–02/09).</li></ul>",
                    ),
                    ("figure", "calendar", "Tết Ất Tỵ 2025: những ngày không được tính"),
                    (
                        "check",
                        "Hồ sơ hộ kinh doanh (3 ngày làm việc) nhận lúc 9 giờ 30 thứ Sáu "
                        "24/01/2025. Ngày hẹn trả là ngày nào?",
                        ["Thứ Tư 29/01/2025", "Thứ Hai 03/02/2025", "Thứ Tư 05/02/2025"],
                        2,
                        "Ngày 24/01 không được tính; 27–31/01 nghỉ Tết; các ngày làm việc là "
                        "03, 04 và 05/02/2025.",
                    ),
                ],
            },
            {
                "title": "Bổ sung hồ sơ, hồ sơ trễ hạn và Phiếu xin lỗi",
                "slug": "bo-sung-va-tre-han",
                "minutes": 12,
                "body": [
                    (
                        "text",
                        "<p><b>Trước khi tiếp nhận</b> (Mẫu 02 tại bộ phận một cửa), thời hạn "
                        "chưa bắt đầu. <b>Sau khi tiếp nhận</b>, nếu cần bổ sung, thời hạn tạm "
                        "dừng trong thời gian người dân bổ sung và ngày hẹn trả lùi đúng số "
                        "ngày làm việc đã tạm dừng.</p>",
                    ),
                    (
                        "text",
                        "<h3>Khi hồ sơ sẽ bị trễ hạn</h3><p>Chậm nhất một ngày trước ngày hết "
                        "hạn, cơ quan có thẩm quyền phải thông báo bằng văn bản cho bộ phận một "
                        "cửa và gửi văn bản xin lỗi (Mẫu 04) cho người dân, ghi rõ lý do quá hạn "
                        "và thời gian hẹn trả lại. Việc hẹn lại chỉ được thực hiện <b>không quá "
                        "một lần</b>.</p>",
                    ),
                    (
                        "callout",
                        "legal",
                        "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần.",
                        "NĐ 61/2018/NĐ-CP (quy định về hồ sơ quá hạn)",
                    ),
                    (
                        "callout",
                        "note",
                        "Mẫu 04 do người đứng đầu cơ quan ký; cấp phó ký thay (KT.) cũng được "
                        "chấp nhận trong thực tế.",
                        "",
                    ),
                ],
            },
            {
                "title": "Báo cáo tình hình giải quyết thủ tục hành chính",
                "slug": "bao-cao-thong-ke",
                "minutes": 12,
                "body": [
                    (
                        "text",
                        "<p>Biểu II.06a/VPCP/KSTT báo cáo cho mỗi đơn vị: số hồ sơ tiếp nhận "
                        "(kỳ trước chuyển sang, mới tiếp nhận trực tuyến, trực tiếp hoặc bưu "
                        "chính), số đã giải quyết (trước hạn, đúng hạn, quá hạn) và số đang giải "
                        "quyết (trong hạn, quá hạn).</p>",
                    ),
                    (
                        "text",
                        "<h3>Đọc đúng số liệu của quận</h3><p>Đến hết 31/10, quận tiếp nhận "
                        "<b>7.149</b> hồ sơ, đã giải quyết <b>6.978</b>, đang giải quyết "
                        "<b>171</b> (chưa đến hạn). 6.978 + 171 = 7.149. Tỷ lệ 98% là <b>tỷ lệ "
                        "giải quyết</b> (6.978 ÷ 7.149 ≈ 97,6%), không phải tỷ lệ đúng hạn.</p>",
                    ),
                    (
                        "figure",
                        "report",
                        "Số liệu đến 31/10: tiếp nhận, đã giải quyết, đang giải quyết",
                    ),
                    (
                        "callout",
                        "warning",
                        "Hồ sơ đã phải gửi Phiếu xin lỗi được tính là quá hạn so với ngày hẹn "
                        "ban đầu.",
                        "Thực tiễn báo cáo; chưa có văn bản quy định",
                    ),
                    (
                        "check",
                        "Tỷ lệ đúng hạn được tính thế nào?",
                        [
                            "Đã giải quyết ÷ tiếp nhận",
                            "(Trước hạn + đúng hạn) ÷ đã giải quyết",
                            "Đang giải quyết ÷ tiếp nhận",
                        ],
                        1,
                        "Tỷ lệ đúng hạn tính trên số hồ sơ đã giải quyết; tỷ lệ giải quyết mới "
                        "tính trên số tiếp nhận.",
                    ),
                ],
            },
        ],
    },
]
