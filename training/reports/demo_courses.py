"""Two short courses beside the demo course, so the compliance matrix has columns to compare:
a mandatory information-security course for every officer and a course on public-service
conduct for the wards' one-stop desks. Lessons only (no quiz): their scores come from the
demo course's quizzes. Built once, looked up by slug afterwards.
"""

from wagtail.rich_text import RichText

from courses.demo import build_course
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from training.people.models import Unit

SECURITY = "an-toan-thong-tin-ho-so-dien-tu"
CONDUCT = "van-hoa-cong-vu-mot-cua"

COURSES = [
    {
        "slug": SECURITY,
        "title": "An toàn thông tin khi xử lý hồ sơ điện tử",
        "summary": (
            "Những thói quen giúp cán bộ, công chức giữ an toàn tài khoản, thư điện tử và dữ "
            "liệu cá nhân của người dân khi tiếp nhận và giải quyết hồ sơ trên hệ thống."
        ),
        "minutes": 45,
        "modules": [
            {
                "slug": "tai-khoan-va-thu-dien-tu",
                "title": "Tài khoản và thư điện tử",
                "lessons": [
                    (
                        "mat-khau-va-xac-thuc",
                        "Mật khẩu và xác thực hai lớp",
                        10,
                        [
                            "<p>Tài khoản trên hệ thống một cửa điện tử gắn với chữ ký và trách "
                            "nhiệm của từng công chức. Mỗi người dùng một tài khoản riêng, không "
                            "cho mượn, không dùng chung mật khẩu với tài khoản cá nhân khác.</p>",
                            "<ul><li>Mật khẩu dài (từ 12 ký tự), dễ nhớ với mình, khó đoán với "
                            "người khác; không ghi trên giấy dán cạnh màn hình.</li>"
                            "<li>Bật xác thực hai lớp khi hệ thống hỗ trợ.</li>"
                            "<li>Khóa màn hình mỗi khi rời bàn làm việc tại Bộ phận Một cửa.</li>"
                            "</ul>",
                        ],
                    ),
                    (
                        "thu-dien-tu-gia-mao",
                        "Nhận diện thư điện tử giả mạo",
                        10,
                        [
                            "<p>Thư giả mạo thường giục giã (“tài khoản sẽ bị khóa trong 24 giờ”), "
                            "dùng địa chỉ gửi gần giống địa chỉ thật, và dẫn tới trang đăng nhập "
                            "giả.</p>",
                            "<p>Khi nghi ngờ: không bấm vào liên kết, không mở tệp đính kèm; "
                            "kiểm tra lại với người gửi qua điện thoại và báo cho bộ phận công "
                            "nghệ thông tin.</p>",
                        ],
                    ),
                ],
            },
            {
                "slug": "du-lieu-ca-nhan",
                "title": "Bảo vệ dữ liệu cá nhân của người dân",
                "lessons": [
                    (
                        "du-lieu-ca-nhan-trong-ho-so",
                        "Dữ liệu cá nhân trong hồ sơ thủ tục hành chính",
                        15,
                        [
                            "<p>Hồ sơ thủ tục hành chính chứa số định danh, địa chỉ, thông tin "
                            "gia đình, có khi cả thông tin sức khỏe của người dân. Chỉ dùng "
                            "những dữ liệu này để giải quyết đúng thủ tục người dân đã nộp.</p>",
                            "<p>Không chụp, sao chép hay gửi hồ sơ qua ứng dụng nhắn tin cá nhân; "
                            "trao đổi hồ sơ giữa các bộ phận qua hệ thống của cơ quan.</p>",
                        ],
                    ),
                    (
                        "luu-tru-va-chia-se",
                        "Lưu trữ và chia sẻ hồ sơ đúng quy định",
                        10,
                        [
                            "<p>Hồ sơ giấy để trong tủ có khóa khi hết giờ làm việc; hồ sơ điện "
                            "tử lưu trên hệ thống, không lưu về máy cá nhân hay thiết bị nhớ "
                            "ngoài.</p>",
                            "<p>Khi một cơ quan phối hợp cần thông tin, chỉ chuyển phần hồ sơ "
                            "cần cho việc phối hợp đó.</p>",
                        ],
                    ),
                ],
            },
        ],
        "callout": (
            "legal_basis",
            "Nghị định quy định về bảo vệ dữ liệu cá nhân, áp dụng với cả cơ quan nhà nước "
            "khi xử lý dữ liệu cá nhân của người dân.",
            "NĐ 13/2023/NĐ-CP",
        ),
    },
    {
        "slug": CONDUCT,
        "title": "Văn hóa công vụ tại Bộ phận Một cửa",
        "summary": (
            "Thái độ phục vụ, những hành vi không được làm khi giải quyết thủ tục hành chính "
            "và cách xử lý khi hồ sơ có nguy cơ trễ hẹn."
        ),
        "minutes": 40,
        "modules": [
            {
                "slug": "thai-do-phuc-vu",
                "title": "Thái độ phục vụ người dân",
                "lessons": [
                    (
                        "tiep-don-va-huong-dan",
                        "Tiếp đón và hướng dẫn người dân",
                        10,
                        [
                            "<p>Chào hỏi, hỏi rõ nhu cầu, hướng dẫn đầy đủ và một lần tất cả "
                            "giấy tờ còn thiếu: người dân không phải đi lại nhiều lần cho cùng "
                            "một hồ sơ.</p>",
                            "<p>Khi hồ sơ chưa đủ, ghi rõ lý do và giấy tờ cần bổ sung trên "
                            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).</p>",
                        ],
                    ),
                    (
                        "hanh-vi-khong-duoc-lam",
                        "Những hành vi không được làm",
                        15,
                        [
                            "<p>Khi giải quyết thủ tục hành chính theo cơ chế một cửa, cán bộ, "
                            "công chức không được:</p>",
                            "<ul><li>cản trở người dân lựa chọn cách nộp hồ sơ và nhận kết quả;"
                            "</li><li>từ chối hoặc kéo dài thời gian giải quyết;</li>"
                            "<li>yêu cầu bổ sung giấy tờ ngoài quy định;</li>"
                            "<li>đùn đẩy trách nhiệm.</li></ul>",
                        ],
                    ),
                ],
            },
            {
                "slug": "khi-ho-so-tre-hen",
                "title": "Khi hồ sơ có nguy cơ trễ hẹn",
                "lessons": [
                    (
                        "phieu-xin-loi",
                        "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                        15,
                        [
                            "<p>Hồ sơ không giải quyết kịp thời hạn thì cơ quan gửi người dân "
                            "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), nêu rõ lý do "
                            "chậm và ngày hẹn mới.</p>",
                            "<p>Việc xin lỗi không thay cho việc giải quyết: theo dõi hồ sơ trên "
                            "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05) để trả đúng "
                            "ngày đã hẹn lại.</p>",
                        ],
                    ),
                ],
            },
        ],
        "callout": (
            "legal_basis",
            "Những hành vi không được làm trong giải quyết thủ tục hành chính theo cơ chế một "
            "cửa, một cửa liên thông.",
            "NĐ 61/2018/NĐ-CP, Điều 5",
        ),
    },
]


def _body(paragraphs: list[str], callout=None) -> list:
    body = [("paragraph", RichText(html)) for html in paragraphs]
    if callout is not None:
        kind, text, citation = callout
        body.append(
            ("callout", {"kind": kind, "text": RichText(f"<p>{text}</p>"), "citation": citation})
        )
    return body


def build_extra_course(spec: dict) -> CoursePage:
    """Create and publish one of `COURSES` if it is missing; return it."""
    course = CoursePage.objects.filter(slug=spec["slug"]).first()
    if course is not None:
        return course
    index = CourseIndexPage.objects.first()
    course = CoursePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        estimated_minutes=spec["minutes"],
        open_enrolment=True,
    )
    index.add_child(instance=course)
    course.audience_units.set(Unit.objects.all())
    course.save_revision().publish()
    last_module = len(spec["modules"]) - 1
    for number, module_spec in enumerate(spec["modules"]):
        module = ModulePage(title=module_spec["title"], slug=module_spec["slug"])
        course.add_child(instance=module)
        module.save_revision().publish()
        for slug, title, minutes, paragraphs in module_spec["lessons"]:
            # The legal basis closes the course's last lesson.
            is_last = number == last_module and slug == module_spec["lessons"][-1][0]
            lesson = LessonPage(
                title=title,
                slug=slug,
                estimated_minutes=minutes,
                body=_body(paragraphs, spec["callout"] if is_last else None),
            )
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
    course.refresh_from_db()
    return course


def demo_courses() -> dict[str, CoursePage]:
    """The demo course (built by `courses.demo` if missing) and the two short courses."""
    courses = {"dvc": build_course()}
    courses["security"] = build_extra_course(COURSES[0])
    courses["conduct"] = build_extra_course(COURSES[1])
    return courses
