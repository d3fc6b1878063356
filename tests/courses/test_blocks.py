"""Lesson blocks: authored through the Wagtail admin, rendered for officers, previewed."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.blocks import CalloutBlock, KnowledgeCheckBlock
from courses.models import LessonPage, LessonVideo, ModulePage
from courses.services import enrolment_self_enrol
from tests.courses.factories import make_course
from tests.people.factories import make_officer

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào các đồng chí.\n".encode()


def make_image(title="Sơ đồ một cửa", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#1d3b6f").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="so-do.png"))


def make_document(title="Mẫu 01"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="mau-01.pdf")
    )


def make_video(title="Hướng dẫn tiếp nhận"):
    return LessonVideo.objects.create(
        title=title,
        file=ContentFile(MP4_HEADER, name="huong-dan.mp4"),
        captions=ContentFile(CAPTIONS, name="huong-dan.vtt"),
        duration="0:02",
    )


def listblock(items):
    """ListBlock form data, the counterpart of wagtail's `streamfield()` helper."""
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def every_block(*, image, video, document):
    return streamfield(
        [
            ("paragraph", rich_text("<p>Đoạn mở đầu về cơ chế một cửa.</p>")),
            ("heading", {"text": "Quy trình tiếp nhận", "level": "h2"}),
            ("image", {"image": image.pk, "alt_text": "Sơ đồ luân chuyển", "caption": "Hình 1"}),
            ("video", {"video": video.pk, "caption": "Video hướng dẫn"}),
            ("document", {"document": document.pk, "title": "Tải Mẫu 01", "description": ""}),
            (
                "callout",
                {
                    "kind": "legal_basis",
                    "text": rich_text("<p>Bộ phận Một cửa tiếp nhận hồ sơ.</p>"),
                    "citation": "NĐ 61/2018/NĐ-CP, Điều 17",
                },
            ),
            (
                "procedure",
                {
                    "title": "Tiếp nhận hồ sơ",
                    "steps": listblock(
                        [
                            {"title": "Kiểm tra hồ sơ", "body": rich_text("<p>Đối chiếu.</p>")},
                            {"title": "Lập Mẫu 01", "body": rich_text("<p>Hẹn ngày trả.</p>")},
                        ]
                    ),
                },
            ),
            (
                "screenshot",
                {
                    "image": image.pk,
                    "alt_text": "Màn hình tiếp nhận",
                    "caption": "",
                    "callouts": listblock(
                        [
                            {"x": "20", "y": "30", "label": "Ô tìm kiếm"},
                            {"x": "75", "y": "60", "label": "Nút Tiếp nhận"},
                        ]
                    ),
                },
            ),
            (
                "glossary_term",
                {"term": "Một cửa liên thông", "definition": "Nhiều cơ quan, một đầu mối."},
            ),
            (
                "knowledge_check",
                {
                    "question": "Hồ sơ thiếu thì làm gì?",
                    "choices": listblock(
                        [
                            {"text": "Từ chối", "correct": ""},
                            {"text": "Hướng dẫn bổ sung một lần", "correct": "on"},
                        ]
                    ),
                    "explanation": rich_text("<p>Theo Mẫu 02.</p>"),
                },
            ),
        ]
    )


class TestLessonWithEveryBlock(WagtailPageTestCase):
    """A trainer builds a lesson of every block type in the admin; an officer reads it."""

    def setUp(self):
        # Media are created here, not in setUpTestData, so they land in the test MEDIA_ROOT.
        self.course = make_course(modules=1, lessons_per_module=0)
        self.module = ModulePage.objects.child_of(self.course).get()
        self.image = make_image()
        self.video = make_video()
        self.document = make_document()
        self.trainer = self.create_superuser("trainer", password="Mat-khau-2026")  # noqa: S106
        self.client.force_login(self.trainer)

    def test_create_in_admin_then_render(self):
        data = nested_form_data(
            {
                "title": "Bài học đủ loại khối",
                "slug": "bai-hoc-du-khoi",
                "estimated_minutes": "15",
                "is_required": "on",
                "body": every_block(image=self.image, video=self.video, document=self.document),
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(self.module, LessonPage, data)

        lesson = LessonPage.objects.get(slug="bai-hoc-du-khoi")
        assert lesson.live
        assert [block.block_type for block in lesson.body] == [
            "paragraph",
            "heading",
            "image",
            "video",
            "document",
            "callout",
            "procedure",
            "screenshot",
            "glossary_term",
            "knowledge_check",
        ]

        officer = make_officer()
        enrolment_self_enrol(user=officer.user, course=self.course)
        self.client.force_login(officer.user)
        response = self.client.get(lesson.url)
        assert response.status_code == 200
        html = response.content.decode()

        with self.subTest("rich text and heading"):
            assert re.search(r"<p[^>]*>Đoạn mở đầu về cơ chế một cửa.</p>", html)
            assert '<h2 class="lesson-heading">Quy trình tiếp nhận</h2>' in html
        with self.subTest("image rendition with alt text and caption"):
            assert re.search(r'<img alt="Sơ đồ luân chuyển"[^>]*width-960', html)
            assert "<figcaption>Hình 1</figcaption>" in html
        with self.subTest("video with captions track"):
            assert '<video controls preload="metadata"' in html
            assert f'<source src="{self.video.file.url}" type="video/mp4">' in html
            assert re.search(
                rf'<track kind="captions" srclang="vi"[^>]*src="{re.escape(self.video.captions.url)}" default>',
                html,
            )
        with self.subTest("document link with type and size"):
            assert f'href="{self.document.url}"' in html
            assert "Tải Mẫu 01" in html
            assert re.search(r"PDF, 2[.,]\d\s*(KB|kB)", html.replace("\xa0", " "))
        with self.subTest("legal basis callout with its citation"):
            assert "callout--legal_basis" in html
            assert "<cite>NĐ 61/2018/NĐ-CP, Điều 17</cite>" in html
        with self.subTest("procedure as an ordered list"):
            steps = re.search(r'<ol class="procedure__steps">(.*?)</ol>', html, re.S).group(1)
            assert steps.count('<li class="procedure__step">') == 2
            assert steps.index("Kiểm tra hồ sơ") < steps.index("Lập Mẫu 01")
        with self.subTest("screenshot with numbered markers and legend"):
            assert '<circle cx="20%" cy="30%"' in html and '<circle cx="75%" cy="60%"' in html
            legend = re.search(r'<ol class="screenshot__legend"[^>]*>(.*?)</ol>', html, re.S)
            assert "Ô tìm kiếm" in legend.group(1) and "Nút Tiếp nhận" in legend.group(1)
        with self.subTest("glossary term with an accessible tooltip"):
            match = re.search(
                r'<dfn class="glossary__term"><button[^>]*aria-describedby="([^"]+)"', html
            )
            assert match
            assert re.search(
                rf'id="{re.escape(match.group(1))}">Nhiều cơ quan, một đầu mối.<', html
            )
        with self.subTest("knowledge check reveals the answer in <details>"):
            details = re.search(r"<details[^>]*>(.*?)</details>", html, re.S).group(1)
            assert "Hướng dẫn bổ sung một lần" in details and "Theo Mẫu 02.</p>" in details
            assert "Từ chối" not in details

    def test_a_legal_basis_without_citation_is_refused_by_the_admin(self):
        body = streamfield(
            [
                (
                    "callout",
                    {"kind": "legal_basis", "text": rich_text("<p>Căn cứ.</p>"), "citation": ""},
                )
            ]
        )
        data = nested_form_data(
            {
                "title": "Thiếu căn cứ",
                "slug": "thieu-can-cu",
                "estimated_minutes": "5",
                "body": body,
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        )
        url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", self.module.pk))
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert not LessonPage.objects.filter(slug="thieu-can-cu").exists()
        stream_error = response.context["form"].errors.as_data()["body"][0]
        citation_error = stream_error.block_errors[0].block_errors["citation"]
        assert "NĐ 61/2018/NĐ-CP" in " ".join(citation_error.messages)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"kind": "legal_basis", "text": "<p>Căn cứ.</p>", "citation": " "}, "citation"),
    ],
)
def test_callout_requires_a_citation_for_a_legal_basis(value, field):
    block = CalloutBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value))
    assert field in error.value.block_errors
    note = block.to_python({"kind": "note", "text": "<p>Lưu ý.</p>", "citation": ""})
    assert block.clean(note)["kind"] == "note"


@pytest.mark.parametrize("correct", [(), (0, 1)], ids=["none", "two"])
def test_knowledge_check_needs_exactly_one_correct_answer(correct):
    block = KnowledgeCheckBlock()
    value = block.to_python(
        {
            "question": "Câu hỏi?",
            "choices": [{"text": f"Đáp án {i}", "correct": i in correct} for i in range(3)],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "choices" in error.value.block_errors


# Each block's preview, as the admin's block picker fetches it; what must show in it.
PREVIEW_EXPECTATIONS = {
    "paragraph": "Bộ phận Một cửa",
    "heading": "<h2",
    "image": "<img",
    "video": "<track",
    "document": 'class="lesson-document__link"',
    "callout": "<cite>NĐ 61/2018/NĐ-CP, Điều 17</cite>",
    "procedure": '<li class="procedure__step">',
    "screenshot": "<circle",
    "glossary_term": "<dfn",
    "knowledge_check": "<details",
}


@pytest.mark.django_db
def test_every_block_has_a_description_and_a_rendered_preview(admin_client):
    make_image()
    make_video()
    make_document()
    stream_block = LessonPage._meta.get_field("body").stream_block
    assert set(stream_block.child_blocks) == set(PREVIEW_EXPECTATIONS)
    for name, block in stream_block.child_blocks.items():
        assert block.get_description(), name
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.is_previewable, name
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        assert PREVIEW_EXPECTATIONS[name] in html, name
        assert "css/courses.css" in html, name


@pytest.mark.django_db
def test_media_block_previews_work_on_an_empty_site(admin_client):
    stream_block = LessonPage._meta.get_field("body").stream_block
    for name in ("image", "video", "document", "screenshot"):
        block = stream_block.child_blocks[name]
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        assert "not available" in response.content.decode() or "không" in (
            response.content.decode()
        )


@pytest.mark.django_db
def test_lesson_page_is_renderable_with_the_factory_body(client):
    course = make_course(modules=1, lessons_per_module=1)
    lesson = Page.objects.type(LessonPage).descendant_of(course).get().specific
    officer = make_officer()
    enrolment_self_enrol(user=officer.user, course=course)
    client.force_login(officer.user)
    assert client.get(lesson.url).status_code == 200
