"""Uploads trainers make in the admin: bad videos, captions and images are refused, unstored."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from courses.models import LessonVideo
from tests.utils import choose_english

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 1000
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 1000
OGG = b"OggS\x00\x02" + b"\x00" * 1000
AVI = b"RIFF\x00\x10\x00\x00AVI LIST" + b"\x00" * 1000
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào.\n".encode()


def stored_files() -> list[str]:
    """Every file under the (per-test) MEDIA_ROOT."""
    found = []
    for folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found += [os.path.join(folder, name) for name in files]
    return found


def upload_video(client, *, name, content, captions=None):
    data = {
        "title": "Video hướng dẫn",
        "file": SimpleUploadedFile(name, content),
        "duration": "0:02",
    }
    if captions is not None:
        data["captions"] = SimpleUploadedFile(*captions)
    return client.post(reverse("wagtailsnippets_courses_lessonvideo:add"), data)


def field_errors(response, field) -> str:
    return " ".join(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize(
    ("name", "content", "captions", "field", "message"),
    [
        (
            "bai-giang.mp4",
            "Văn bản, không phải video.\n".encode(),
            None,
            "file",
            "does not contain",
        ),
        ("bai-giang.avi", AVI, None, "file", "not an accepted video"),
        ("bai-giang", MP4, None, "file", "not an accepted video"),
        ("bai-giang.mp4", WEBM, None, "file", "Rename it to .webm"),
        (
            "bai-giang.mp4",
            MP4,
            ("phu-de.vtt", b"1\n00:00:00,000 --> 00:00:02,000\n"),
            "captions",
            "WEBVTT",
        ),
        ("bai-giang.mp4", MP4, ("phu-de.srt", CAPTIONS), "captions", ".vtt"),
    ],
    ids=["text-renamed-mp4", "avi", "no-extension", "webm-named-mp4", "no-webvtt", "srt"],
)
def test_bad_uploads_are_refused_with_a_clear_error_and_nothing_stored(
    admin_client, name, content, captions, field, message
):
    choose_english(admin_client)
    response = upload_video(admin_client, name=name, content=content, captions=captions)
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert not LessonVideo.objects.exists()
    assert stored_files() == []


def test_a_video_over_the_size_limit_is_refused(admin_client, settings):
    choose_english(admin_client)
    settings.COURSES_VIDEO_MAX_UPLOAD_SIZE = 512
    response = upload_video(admin_client, name="dai.mp4", content=MP4)
    assert "the largest accepted is 512" in field_errors(response, "file")
    assert not LessonVideo.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("gioi-thieu.mp4", MP4, "video/mp4"),
        ("a.webm", WEBM, "video/webm"),
        ("b.ogv", OGG, "video/ogg"),
    ],
)
def test_real_video_headers_are_accepted_with_their_captions(
    admin_client, admin_user, name, content, mime_type
):
    response = upload_video(
        admin_client, name=name, content=content, captions=("phu-de.vtt", CAPTIONS)
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    video = LessonVideo.objects.get()
    assert video.mime_type == mime_type
    assert video.uploaded_by == admin_user
    assert video.file.read() == content and video.captions.name.endswith(".vtt")
    assert len(stored_files()) == 2


def test_captions_may_start_with_a_byte_order_mark(admin_client):
    response = upload_video(
        admin_client,
        name="gioi-thieu.mp4",
        content=MP4,
        captions=("phu-de.vtt", b"\xef\xbb\xbf" + CAPTIONS),
    )
    assert response.status_code == 302


def test_the_videos_menu_lists_uploaded_videos(admin_client):
    choose_english(admin_client)
    upload_video(admin_client, name="gioi-thieu.mp4", content=MP4)
    response = admin_client.get(reverse("wagtailsnippets_courses_lessonvideo:list"))
    assert "Video hướng dẫn" in response.content.decode()
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Videos"' in menu  # the sidebar's menu item label
    form = admin_client.get(reverse("wagtailsnippets_courses_lessonvideo:add")).content.decode()
    assert 'accept=".mp4,.webm,.ogv' in form and 'accept=".vtt' in form


# ---- Wagtail's own image upload, with the limits set in base settings ---------------


def png(size, *, mode="RGB", noise=False, compress_level=6) -> bytes:
    width, height = size
    if noise:
        image = PILImage.frombytes(mode, size, os.urandom(width * height * len(mode)))
    else:
        image = PILImage.new(mode, size)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=compress_level)
    return buffer.getvalue()


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh minh họa", "file": SimpleUploadedFile(name, content)},
    )


def test_a_non_image_with_a_png_extension_is_refused(admin_client):
    response = upload_image(admin_client, "so-do.png", b"%PDF-1.4 not an image at all")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()
    assert stored_files() == []


def test_an_image_over_the_upload_size_limit_is_refused(admin_client):
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    side = int((limit / 3) ** 0.5) + 64  # uncompressed noise: about 3 bytes a pixel
    content = png((side, side), noise=True, compress_level=0)
    assert len(content) > limit
    response = upload_image(admin_client, "lon.png", content)
    assert response.status_code == 200
    assert "too big" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists()
    assert stored_files() == []


def test_a_decompression_bomb_is_refused(admin_client):
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    width = 10_000
    height = limit // width + 100
    content = png((width, height), mode="1")  # a few kilobytes that decode to > limit pixels
    assert len(content) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload_image(admin_client, "bom.png", content)
    assert response.status_code == 200
    assert "too many pixels" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists()
    assert stored_files() == []


def test_a_normal_image_is_accepted(admin_client):
    response = upload_image(admin_client, "so-do.png", png((800, 600)))
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1
