"""StreamField blocks for lessons (`LessonPage.body`)."""

from wagtail import blocks


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["h3", "h4", "bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        label="Rich text",
    )
