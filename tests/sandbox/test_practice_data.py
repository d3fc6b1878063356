"""Practice data and input hygiene: generated applicants, free-text cleaning, uploads, the
demo workspace, and the cost of one transition."""

import io
import statistics
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sandbox import demo
from sandbox.generators import WARDS, ApplicantGenerator
from sandbox.models import Dossier, Workspace
from sandbox.sanitise import clean_text, safe_filename, validate_upload
from sandbox.services import InvalidPayload
from sandbox.workflow import Action, Status

from .factories import act, first_component, make_dossier, make_workspace, pdf_upload, walk_to

pytestmark = pytest.mark.django_db


# Generated applicants -----------------------------------------------------------------


def test_generated_applicants_are_realistic_and_obviously_fictitious():
    generator = ApplicantGenerator(seed=7)
    people = [generator.applicant() for _ in range(200)]
    again = ApplicantGenerator(seed=7)
    assert [p.name for p in people[:20]] == [again.applicant().name for _ in range(20)]
    assert {p.ward for p in people} == set(WARDS)
    for person in people:
        assert person.id_number.startswith("000000") and len(person.id_number) == 12
        assert person.phone.startswith("0000")
        assert person.email.endswith(".example")
        assert "quận Thanh Xuân" in person.address and "phường" in person.address
        assert len(person.name.split()) == 3
    assert len({p.name for p in people}) > 100


def test_a_generated_applicant_can_submit():
    person = ApplicantGenerator(seed=1).applicant(ward="kim-giang")
    dossier = make_dossier(make_workspace(), code="1.001193", applicant=person.as_applicant())
    assert dossier.applicant_address.endswith("phường Kim Giang, quận Thanh Xuân, Hà Nội")


# Free text and uploads ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Thiếu <b>biên bản</b>", "Thiếu biên bản"),
        ("<script>alert(1)</script>Lý do", "alert(1)Lý do"),
        ("A &amp; B < C", "A & B < C"),
        ("  dòng 1\r\ndòng 2\x00 ", "dòng 1\ndòng 2"),
        (None, ""),
    ],
)
def test_free_text_is_stored_as_plain_text(raw, clean):
    assert clean_text(raw) == clean


def test_notes_are_cleaned_before_they_are_stored():
    dossier = walk_to(Status.SUBMITTED, make_workspace())
    event = act(dossier, Action.ADD_NOTE, "TN", {"text": '<img src=x onerror="x()">Đã gọi'})
    assert event.payload == {"text": "Đã gọi"}
    with pytest.raises(InvalidPayload):
        act(dossier, Action.ADD_NOTE, "TN", {"text": "<p></p>"})


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("giấy chứng sinh.pdf", b"%PDF-1.7\n...", True),
        ("anh.png", _png(), True),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", False),
        ("gia.png", b"%PDF-1.7 renamed", False),
        ("virus.exe", b"MZ", False),
        ("rong.pdf", b"", False),
    ],
)
def test_upload_validation(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        assert validate_upload(upload)
    else:
        with pytest.raises(ValidationError):
            validate_upload(upload)


def test_large_uploads_are_refused(settings):
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        validate_upload(upload)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Giấy chứng sinh.PDF", "Giay_chung_sinh.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("Đơn đề nghị.pdf", "Don_de_nghi.pdf"),
        ("....pdf", "tep.pdf"),
    ],
)
def test_safe_filenames(name, safe):
    assert safe_filename(name) == safe


def test_upload_marks_the_component_present_and_stores_a_safe_name():
    workspace = make_workspace()
    dossier = make_dossier(workspace, code="1.001193", present=False)
    component = first_component(dossier)
    event = act(
        dossier, Action.UPLOAD_COMPONENT, "CD", {"component": component}, upload=pdf_upload()
    )
    stored = dossier.components.get(pk=component)
    assert stored.state == "present" and stored.uploaded_at == workspace.now
    assert stored.file.name.endswith(".pdf") and "ấ" not in stored.file.name
    assert event.payload["file"] == stored.file.name
    with pytest.raises(InvalidPayload) as caught:
        act(
            dossier,
            Action.UPLOAD_COMPONENT,
            "CD",
            {"component": component},
            upload=SimpleUploadedFile("x.pdf", b"nope"),
        )
    assert caught.value.field == "file"


# Demo ---------------------------------------------------------------------------------


def test_demo_loads_dossiers_in_many_states_and_is_idempotent():
    out = io.StringIO()
    assert demo.load(out) == []
    workspace = Workspace.objects.get(title=demo.TITLE)
    statuses = set(workspace.dossiers.values_list("status", flat=True))
    assert {
        Status.APPRAISING,
        Status.GUIDED_SUPPLEMENT,
        Status.SUPPLEMENT_REQUESTED,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.CONSULTING,
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.ACCEPTED,
    } <= statuses
    for dossier in workspace.dossiers.all():
        for artefact in dossier.artefacts.all():
            assert dossier.code in artefact.render_html()
    late = workspace.dossiers.get(apology_due_date__isnull=False)
    assert late.artefacts.get(kind="mau_04").content["signer"]["block"][0].startswith("KT.")
    count = Dossier.objects.count()
    assert demo.load(io.StringIO()) == []
    assert Dossier.objects.count() == count


# Performance --------------------------------------------------------------------------


def test_a_transition_is_fast_and_does_a_bounded_number_of_queries(django_assert_max_num_queries):
    workspace = make_workspace()
    dossiers = [walk_to(Status.SUBMITTED, workspace) for _ in range(7)]
    act(dossiers[0], Action.DESK_ACCEPT, "TN")  # warm the holiday tables
    with django_assert_max_num_queries(25):
        act(dossiers[1], Action.DESK_ACCEPT, "TN")
    with django_assert_max_num_queries(8):
        act(dossiers[1], Action.ADD_NOTE, "TN", {"text": "x"})
    samples = []
    for dossier in dossiers[2:]:
        # CPU time of this process: the 30 ms target is "in-process", and wall time on a
        # loaded two-core CI machine mostly measures the other test workers.
        start = time.process_time()
        act(dossier, Action.DESK_ACCEPT, "TN")
        samples.append((time.process_time() - start) * 1000)
    assert statistics.median(samples) < 30, samples
