"""Demo course for `manage.py load_demo`: the real course of `demo_content.py`, its
diagrams (drawn with Pillow and the shipped DejaVu font), an HR assignment, and officers
at different stages of progress. Writes go through the services, so histories are valid.

Idempotent: the course is looked up by slug and left alone if it already exists.
"""

import io
from datetime import date, timedelta
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from training.home.models import HomePage
from training.people.models import Officer, Unit

from .demo_content import COURSE, MODULES
from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .services import activity_record_result, assignment_create, enrolment_self_enrol

FONT_DIR = Path(__file__).resolve().parent / "fonts"
NAVY, RED, GREY, LIGHT = (22, 45, 84), (176, 32, 38), (90, 98, 110), (236, 240, 246)


def _font(size: int, bold: bool = False):
    candidates = ["DejaVuSans-Bold.ttf", "DejaVuSerif-Bold.ttf"] if bold else []
    candidates += ["DejaVuSans.ttf", "DejaVuSerif.ttf"]
    for name in candidates:
        if (FONT_DIR / name).exists():
            return ImageFont.truetype(str(FONT_DIR / name), size)
    return ImageFont.load_default(size)


def _canvas(height: int = 420):
    image = PILImage.new("RGB", (960, height), "white")
    return image, ImageDraw.Draw(image)


def _figure_levels():
    image, draw = _canvas(440)
    rows = [
        ("Mức độ 1", "Thông tin về thủ tục"),
        ("Mức độ 2", "+ Tải biểu mẫu"),
        ("Mức độ 3", "+ Nộp hồ sơ trực tuyến; phí và kết quả tại cơ quan"),
        ("Mức độ 4", "+ Thanh toán trực tuyến; nhận kết quả trực tuyến, bưu điện"),
    ]
    for i, (level, text) in enumerate(rows):
        top = 30 + i * 100
        width = 420 + i * 150
        colour = RED if i >= 2 else NAVY
        draw.rounded_rectangle((30, top, 30 + width, top + 80), 12, fill=colour)
        draw.text((50, top + 12), level, font=_font(26, bold=True), fill="white")
        draw.text((50, top + 48), text, font=_font(18), fill="white")
    return image


def _figure_steps():
    image, draw = _canvas(300)
    steps = ["Hướng dẫn", "Tiếp nhận", "Chuyển", "Giải quyết", "Trả kết quả"]
    for i, step in enumerate(steps):
        left = 20 + i * 188
        draw.rounded_rectangle((left, 90, left + 160, 190), 14, fill=NAVY if i != 1 else RED)
        draw.text((left + 14, 100), str(i + 1), font=_font(30, bold=True), fill="white")
        draw.text((left + 14, 145), step, font=_font(19, bold=True), fill="white")
        if i < len(steps) - 1:
            draw.polygon([(left + 164, 130), (left + 184, 140), (left + 164, 150)], fill=GREY)
    draw.text((20, 30), "Cơ chế một cửa: 5 bước", font=_font(26, bold=True), fill=NAVY)
    draw.text((20, 220), "Mẫu 01 / 02 / 03 ở bước 2 · Mẫu 05 theo hồ sơ", font=_font(18), fill=GREY)
    return image


def _figure_calendar():
    image, draw = _canvas(400)
    draw.text((20, 20), "Tháng 1–2/2025: Tết Ất Tỵ", font=_font(26, bold=True), fill=NAVY)
    days = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    for i, name in enumerate(days):
        draw.text((40 + i * 125, 75), name, font=_font(20, bold=True), fill=GREY)
    # Week of 20/1 to 9/2/2025; Tết days off 27–31/1, weekend shaded grey.
    start = date(2025, 1, 20)
    off = {date(2025, 1, d) for d in range(27, 32)}
    received = date(2025, 1, 24)
    due = date(2025, 2, 5)
    for week in range(3):
        for i in range(7):
            day = start + timedelta(days=week * 7 + i)
            left, top = 30 + i * 125, 110 + week * 90
            if day in off:
                fill = RED
            elif i >= 5:
                fill = LIGHT
            elif day in (received, due):
                fill = NAVY
            else:
                fill = "white"
            draw.rounded_rectangle((left, top, left + 110, top + 75), 8, fill=fill, outline=GREY)
            colour = "white" if fill in (RED, NAVY) else NAVY
            draw.text((left + 10, top + 8), day.strftime("%d/%m"), font=_font(20), fill=colour)
            label = {received: "nhận", due: "hẹn trả"}.get(day, "Tết" if day in off else "")
            draw.text((left + 10, top + 42), label, font=_font(16), fill=colour)
    return image


def _figure_report():
    image, draw = _canvas(380)
    draw.text((20, 20), "Đến hết ngày 31/10", font=_font(26, bold=True), fill=NAVY)
    bars = [("Tiếp nhận", 7149, NAVY), ("Đã giải quyết", 6978, RED), ("Đang giải quyết", 171, GREY)]
    for i, (label, value, colour) in enumerate(bars):
        top = 80 + i * 95
        draw.text((20, top + 18), label, font=_font(20), fill=NAVY)
        width = int(620 * value / 7149)
        draw.rectangle((220, top, 220 + max(width, 4), top + 60), fill=colour)
        text = f"{value:,}".replace(",", ".")
        draw.text((230 + max(width, 4), top + 16), text, font=_font(22, bold=True), fill=NAVY)
    return image


FIGURES = {
    "levels": _figure_levels,
    "steps": _figure_steps,
    "calendar": _figure_calendar,
    "report": _figure_report,
}


def _image(key: str, title: str):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    FIGURES[key]().save(buffer, format="PNG")
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"demo-{key}.png")
    image.save()
    return image


def _blocks(items) -> list[tuple[str, object]]:
    """Turn demo_content's compact items into LessonStreamBlock values."""
    body = []
    for kind, *data in items:
        if kind == "text":
            body.append(("paragraph", RichText(data[0])))
        elif kind == "figure":
            key, caption = data
            body.append(
                ("image", {"image": _image(key, caption), "alt_text": caption, "caption": caption})
            )
        elif kind == "callout":
            callout_kind, text, citation = data
            kind_value = "legal_basis" if callout_kind == "legal" else callout_kind
            body.append(
                (
                    "callout",
                    {"kind": kind_value, "text": RichText(f"<p>{text}</p>"), "citation": citation},
                )
            )
        elif kind == "steps":
            steps = [{"title": title, "body": RichText(html)} for title, html in data[0]]
            body.append(("procedure", {"title": "", "steps": steps}))
        elif kind == "term":
            body.append(("glossary_term", {"term": data[0], "definition": data[1]}))
        elif kind == "check":
            question, choices, correct, explanation = data
            body.append(
                (
                    "knowledge_check",
                    {
                        "question": question,
                        "choices": [
                            {"text": text, "correct": i == correct}
                            for i, text in enumerate(choices)
                        ],
                        "explanation": RichText(f"<p>{explanation}</p>"),
                    },
                )
            )
        else:  # pragma: no cover - a typo in demo_content
            raise ValueError(f"Unknown demo block kind {kind!r}")
    return body


def _course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = CourseIndexPage(
            title="Khóa học",
            slug="khoa-hoc",
            intro="<p>Các khóa học của DVC Academy dành cho cán bộ quận và phường.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def build_course() -> CoursePage:
    """Create and publish the demo course (3 modules, 10 lessons) if it is missing."""
    course = CoursePage.objects.filter(slug=COURSE["slug"]).first()
    if course is not None:
        return course
    course = CoursePage(
        title=COURSE["title"],
        slug=COURSE["slug"],
        summary=COURSE["summary"],
        objectives=COURSE["objectives"],
        estimated_minutes=COURSE["estimated_minutes"],
        open_enrolment=True,
        cover_image=_image("steps", "Năm bước của cơ chế một cửa (NĐ 61/2018, Điều 15–20)"),
    )
    _course_index().add_child(instance=course)
    course.audience_units.set(Unit.objects.all())
    course.save_revision().publish()
    for module_data in MODULES:
        module = ModulePage(
            title=module_data["title"], slug=module_data["slug"], intro=module_data["intro"]
        )
        course.add_child(instance=module)
        module.save_revision().publish()
        for lesson_data in module_data["lessons"]:
            lesson = LessonPage(
                title=lesson_data["title"],
                slug=lesson_data["slug"],
                estimated_minutes=lesson_data["minutes"],
                body=_blocks(lesson_data["body"]),
            )
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
    course.refresh_from_db()
    return course


# employee code → how many lessons of the demo course they have finished (None: not enrolled)
PROGRESS = {
    "hocvien": 4,
    "lanhdao": 10,
    "TX00101": 10,
    "TX00102": 6,
    "TX00103": 0,
    "TX00104": 2,
    "TX00105": None,
}


@transaction.atomic
def load(stdout):
    course = build_course()
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    hr = Officer.objects.filter(employee_code="nhansu").select_related("user").first()
    today = timezone.localdate()
    if not course.assignments.exists():
        assignment_create(
            course=course,
            due_date=today + timedelta(days=30),
            assigned_by=hr.user if hr else None,
            units=list(Unit.objects.filter(code__in=["tu-phap", "tc-kh", "khuong-mai"])),
            note="Khóa học bắt buộc trước khi triển khai dịch vụ công mức độ 3, 4.",
        )
        assignment_create(
            course=course,
            due_date=today - timedelta(days=5),
            assigned_by=hr.user if hr else None,
            units=list(Unit.objects.filter(code="qldt")),
            note="Đợt 1: Phòng Quản lý đô thị.",
        )
    for code, done in PROGRESS.items():
        officer = Officer.objects.filter(employee_code=code).select_related("user").first()
        if officer is None or done is None:
            continue
        enrolment = enrolment_self_enrol(user=officer.user, course=course)
        if enrolment.completed_count == 0:
            for lesson in lessons[:done]:
                activity_record_result(user=officer.user, activity=lesson, passed=True)
    stdout.write(f"  course: {course.title} ({len(lessons)} lessons)")
    return []
