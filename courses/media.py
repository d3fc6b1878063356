"""Media that lessons use beyond Wagtail's images and documents (local video).

The district intranet may be offline, so lesson videos are uploaded to the site and played
with the browser's own `<video>` element; no YouTube or other embeds. Uploads are checked
by extension, by their first bytes and by size before anything reaches storage: a form
that fails validation never calls `save()`, so a rejected file is never written.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

__all__ = ["LessonVideo"]

DEFAULT_VIDEO_MAX_UPLOAD_SIZE = 500 * 1024 * 1024
CAPTIONS_MAX_UPLOAD_SIZE = 2 * 1024 * 1024

# Extension → MIME type sent in `<source type>`; browsers pick the source by this type.
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg"}


def video_max_upload_size() -> int:
    return getattr(settings, "COURSES_VIDEO_MAX_UPLOAD_SIZE", DEFAULT_VIDEO_MAX_UPLOAD_SIZE)


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _head(file, length: int = 16) -> bytes:
    """The first bytes of an uploaded or stored file, leaving its position unchanged."""
    file.open("rb")
    position = file.tell()
    try:
        file.seek(0)
        return file.read(length)
    finally:
        file.seek(position)


def sniff_video_format(head: bytes) -> str | None:
    """The container the first bytes announce: "mp4", "webm", "ogv", or None.

    MP4 (ISO base media) has a `ftyp` box at offset 4; WebM is EBML (1A 45 DF A3);
    Ogg pages start with `OggS`.
    """
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogv"
    return None


def _is_new_upload(file) -> bool:
    # Files already in storage passed these checks when they were uploaded; re-reading
    # a 500 MB video on every edit of the title would be wasted work.
    return bool(file) and not getattr(file, "_committed", True)


def validate_video_file(file) -> None:
    """Accept only MP4, WebM or Ogg video within the size limit, by name and by content."""
    if not _is_new_upload(file):
        return
    extension = _extension(file.name)
    if extension not in VIDEO_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not an accepted video file. Upload an MP4, WebM or OGV video "
                "(convert other formats such as AVI or WMV to MP4 first)."
            ),
            code="invalid_extension",
            params={"name": os.path.basename(file.name)},
        )
    limit = video_max_upload_size()
    if file.size > limit:
        raise ValidationError(
            _("This video is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if sniff_video_format(_head(file)) is None:
        raise ValidationError(
            _(
                "“%(name)s” does not contain MP4, WebM or Ogg video, whatever its name says. "
                "Check that you picked the right file."
            ),
            code="invalid_video",
            params={"name": os.path.basename(file.name)},
        )


def validate_captions_file(file) -> None:
    """Accept only a WebVTT file (.vtt starting with "WEBVTT"), the format `<track>` reads."""
    if not _is_new_upload(file):
        return
    if _extension(file.name) != "vtt":
        raise ValidationError(
            _("Captions must be a WebVTT file ending in .vtt."), code="invalid_extension"
        )
    if file.size > CAPTIONS_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("This captions file is %(size)s; the largest accepted is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(CAPTIONS_MAX_UPLOAD_SIZE),
            },
        )
    head = _head(file, 9)
    if head.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is allowed before it
        head = head[3:]
    if not head.startswith(b"WEBVTT"):
        raise ValidationError(
            _("This captions file does not start with “WEBVTT”, so it is not a WebVTT file."),
            code="invalid_captions",
        )


class LessonVideo(index.Indexed, models.Model):
    """A video file stored on the site, with optional captions and poster image.

    Trainers upload it once (Admin › Videos) and place it in lessons with the video block.
    Only MP4, WebM and Ogg video are stored, and captions only as WebVTT.
    """

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("video file"),
        upload_to="lesson_videos/",
        validators=[validate_video_file],
        help_text=_("An MP4 (H.264), WebM or OGV video."),
    )
    captions = models.FileField(
        _("captions"),
        upload_to="lesson_videos/captions/",
        blank=True,
        validators=[validate_captions_file],
        help_text=_("Optional WebVTT (.vtt) subtitles in Vietnamese, shown by default."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("poster image"),
        help_text=_("Shown before the video starts."),
    )
    duration = models.CharField(
        _("duration"), max_length=20, blank=True, help_text=_("For example 5:30.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title

    def clean(self):
        # The field validators check each file on its own; here the name must agree with the
        # content, since the browser is told the type from the extension.
        if _is_new_upload(self.file):
            extension = _extension(self.file.name)
            sniffed = sniff_video_format(_head(self.file))
            if extension in VIDEO_TYPES and sniffed and sniffed != extension:
                raise ValidationError(
                    {
                        "file": ValidationError(
                            _(
                                "This file contains %(actual)s video but is named .%(named)s. "
                                "Rename it to .%(actual)s and upload it again."
                            ),
                            code="extension_mismatch",
                            params={"actual": sniffed, "named": extension},
                        )
                    }
                )

    @property
    def mime_type(self) -> str:
        return VIDEO_TYPES.get(_extension(self.file.name), "video/mp4")
