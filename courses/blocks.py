"""StreamField blocks for lessons (`LessonPage.body`).

Every block has an icon, a template under `templates/components/blocks/`, a description
and a preview value, so trainers see what a block looks like in the block picker before
they add it. Previews render with the site's own styles (`components/blocks/preview.html`).
Media blocks preview with the latest uploaded image, document or video, if any.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

PREVIEW_TEMPLATE = "components/blocks/preview.html"
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _latest(model_path: str):
    """The newest object of a media model, for block previews (None on an empty site)."""
    from django.apps import apps

    model = apps.get_model(model_path)
    return model.objects.order_by("-pk").first()


def _sample_image():
    return _latest("wagtailimages.Image")


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "components/blocks/rich_text.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Paragraphs of text with bold, italic, links and lists.")
        preview_value = RichText(
            "<p>Bộ phận Một cửa tiếp nhận hồ sơ, kiểm tra thành phần hồ sơ và "
            "<b>trả kết quả đúng hạn</b> cho tổ chức, cá nhân.</p>"
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (level 2)")), ("h3", _("Sub-section (level 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A section title that splits a long lesson into parts.")
        preview_value = {"text": "Quy trình tiếp nhận hồ sơ", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_(
            "What the image shows, for officers using a screen reader. "
            "Leave blank to use the image's own description."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "components/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A picture or diagram, resized for the screen, with a caption below.")

    def get_preview_value(self):
        return self.normalize(
            {
                "image": _sample_image(),
                "alt_text": "Sơ đồ quy trình một cửa",
                "caption": "Hình 1. Các bước tiếp nhận và trả kết quả.",
            }
        )


class VideoBlock(blocks.StructBlock):
    video = SnippetChooserBlock("courses.LessonVideo", label=_("Video"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "A video uploaded to this site (Admin › Videos), played in the page with captions. "
            "Works without internet access."
        )

    def get_preview_value(self):
        return self.normalize(
            {
                "video": _latest("courses.LessonVideo"),
                "caption": "Hướng dẫn tiếp nhận hồ sơ trực tuyến.",
            }
        )


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave blank to use the document's title."),
    )
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "components/blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A form or regulation officers can download, with its type and size.")

    def get_preview_value(self):
        return self.normalize(
            {
                "document": _latest("wagtaildocs.Document"),
                "title": "Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                "description": "Theo Thông tư 01/2018/TT-VPCP.",
            }
        )


class CalloutBlock(blocks.StructBlock):
    class Kind:
        NOTE = "note"
        WARNING = "warning"
        LEGAL_BASIS = "legal_basis"

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            (Kind.NOTE, _("Note")),
            (Kind.WARNING, _("Warning")),
            (Kind.LEGAL_BASIS, _("Legal basis")),
        ],
        default=Kind.NOTE,
    )
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    citation = blocks.CharBlock(
        label=_("Citation"),
        required=False,
        max_length=255,
        help_text=_("Required for a legal basis, e.g. “NĐ 61/2018/NĐ-CP, Điều 17”."),
    )

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "components/blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A boxed note, warning, or legal basis citing the article it rests on.")
        preview_value = {
            "kind": "legal_basis",
            "text": RichText(
                "<p>Cán bộ, công chức tại Bộ phận Một cửa phải hướng dẫn, tiếp nhận "
                "và trả kết quả giải quyết thủ tục hành chính.</p>"
            ),
            "citation": "NĐ 61/2018/NĐ-CP, Điều 17",
        }

    def clean(self, value):
        value = super().clean(value)
        if value["kind"] == self.Kind.LEGAL_BASIS and not value["citation"].strip():
            raise StructBlockValidationError(
                block_errors={
                    "citation": ValidationError(
                        _("Cite the legal document and article, e.g. “NĐ 61/2018/NĐ-CP, Điều 17”.")
                    )
                }
            )
        return value


class ProcedureStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=255)
    body = blocks.RichTextBlock(label=_("Details"), required=False, features=TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class ProcedureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    steps = blocks.ListBlock(ProcedureStepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Step-by-step procedure")
        template = "components/blocks/procedure.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Numbered steps, each with a short title and details.")
        preview_value = {
            "title": "Tiếp nhận hồ sơ trực tiếp",
            "steps": [
                {
                    "title": "Kiểm tra thành phần hồ sơ",
                    "body": RichText("<p>Đối chiếu với danh mục thủ tục hành chính.</p>"),
                },
                {
                    "title": "Lập Giấy tiếp nhận (Mẫu 01)",
                    "body": RichText("<p>Ghi rõ ngày hẹn trả kết quả.</p>"),
                },
            ],
        }


class ScreenCalloutBlock(blocks.StructBlock):
    x = blocks.IntegerBlock(
        label=_("Across (%)"),
        min_value=0,
        max_value=100,
        help_text=_("0 is the left edge of the screenshot, 100 the right edge."),
    )
    y = blocks.IntegerBlock(
        label=_("Down (%)"),
        min_value=0,
        max_value=100,
        help_text=_("0 is the top edge of the screenshot, 100 the bottom edge."),
    )
    label = blocks.CharBlock(label=_("Label"), max_length=255)

    class Meta:
        icon = "pick"
        label = _("Numbered callout")


class ScreenshotBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Screenshot"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("Leave blank to use the image's own description."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    callouts = blocks.ListBlock(ScreenCalloutBlock(), label=_("Numbered callouts"), min_num=1)

    class Meta:
        icon = "desktop"
        label = _("Screenshot with numbered callouts")
        template = "components/blocks/screenshot.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "A screenshot of a system with numbered markers placed on it and their "
            "explanations listed below."
        )

    def get_preview_value(self):
        return self.normalize(
            {
                "image": _sample_image(),
                "alt_text": "Màn hình tiếp nhận hồ sơ",
                "caption": "Màn hình tiếp nhận hồ sơ trên Cổng dịch vụ công.",
                "callouts": [
                    {"x": 20, "y": 25, "label": "Ô tìm kiếm hồ sơ"},
                    {"x": 70, "y": 60, "label": "Nút “Tiếp nhận”"},
                ],
            }
        )


class GlossaryTermBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("Term"), max_length=120)
    definition = blocks.TextBlock(label=_("Definition"))

    class Meta:
        icon = "help"
        label = _("Glossary term")
        template = "components/blocks/glossary_term.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A term with its definition, shown in a tooltip and on focus.")
        preview_value = {
            "term": "Dịch vụ công trực tuyến mức độ 4",
            "definition": (
                "Người dân nộp hồ sơ, thanh toán phí và nhận kết quả hoàn toàn trực tuyến."
            ),
        }


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=255)
    correct = blocks.BooleanBlock(label=_("Correct answer"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class KnowledgeCheckBlock(blocks.StructBlock):
    """A self-check question inside a lesson; nothing is recorded.

    A placeholder until the quiz bank exists: it will replace or extend this block and
    must keep the block name `knowledge_check` so existing lessons keep their questions.
    """

    question = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(AnswerChoiceBlock(), label=_("Answers"), min_num=2)
    explanation = blocks.RichTextBlock(
        label=_("Explanation"), required=False, features=TEXT_FEATURES
    )

    class Meta:
        icon = "help"
        label = _("Knowledge check")
        template = "components/blocks/knowledge_check.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "A question officers answer for themselves, then reveal the answer and why. Not graded."
        )
        preview_value = {
            "question": "Hồ sơ thiếu thành phần thì cán bộ một cửa xử lý thế nào?",
            "choices": [
                {"text": "Tiếp nhận và bổ sung sau", "correct": False},
                {"text": "Hướng dẫn bổ sung đầy đủ một lần", "correct": True},
                {"text": "Từ chối không cần lý do", "correct": False},
            ],
            "explanation": RichText("<p>Hướng dẫn một lần, đầy đủ, bằng phiếu Mẫu 02.</p>"),
        }

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("Tick exactly one answer as the correct one."))
                }
            )
        return value


class LessonStreamBlock(blocks.StreamBlock):
    # `paragraph` keeps the name lessons were first saved with.
    paragraph = RichTextBlock(features=["h3", "h4", "bold", "italic", "link", "ol", "ul"])
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    procedure = ProcedureBlock()
    screenshot = ScreenshotBlock()
    glossary_term = GlossaryTermBlock()
    knowledge_check = KnowledgeCheckBlock()
