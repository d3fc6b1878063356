"""Roster import: parsing, preview, atomic commit, admin screens and the command."""

import csv
import io
import json
import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.people.factories import make_officer
from tests.utils import choose_english
from training.people import roster
from training.people.models import Officer, Position, RosterImport, Unit
from training.people.roles import Role
from training.people.roster import (
    RosterCommitError,
    RosterFileError,
    RowStatus,
    normalise_phone,
    parse_roster,
    roster_cancel,
    roster_commit,
    roster_preview,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = ["Mã cán bộ", "Họ và tên", "Đơn vị", "Email", "Số điện thoại", "Chức vụ"]
CODES = ["TX001", "TX002", "TX003"]
ENGLISH_HEADER = ["employee_code", "full_name", "unit", "email", "phone", "position"]
ROWS = [
    [
        "TX001",
        "Nguyễn Thị Hường",
        "tu-phap",
        "huong@thanhxuan.example",
        "0912 345 678",
        "Chuyên viên",
    ],
    ["TX002", "Trần Đức Thắng", "Phường Hạ Đình", "", "+84 98.765.4321", "Phó Trưởng phòng"],
    ["TX003", "Lê Văn Bình", "Justice Division", "binh@thanhxuan.example", "", ""],
]


def csv_bytes(rows, header=HEADER, *, delimiter=",", encode=lambda text: text.encode()) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return encode(buffer.getvalue())


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters it lacks become base letter + tone mark.

    The tone mark is split off wherever NFD put it: for "ộ" NFD orders the dot below
    before the circumflex, so splitting off the last mark would leave "ọ", which
    Windows-1258 lacks; real files hold "ô" + combining dot below.
    """
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, "", 1))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def preview(data: bytes, name: str = "roster.csv", **kwargs) -> RosterImport:
    kwargs.setdefault("uploaded_by", None)
    return roster_preview(file=SimpleUploadedFile(name, data), **kwargs)


def import_rows(rows, *, user=None, **kwargs):
    return roster_commit(roster_import=preview(csv_bytes(rows), **kwargs), user=user)


def db_state():
    return (
        Officer.objects.count(),
        User.objects.count(),
        Officer.objects.filter(is_active=True).count(),
        Position.objects.count(),
    )


def errors_by_row(parsed):
    return {row.row_number: [error.code for error in row.errors] for row in parsed.rows}


# --- Good files --------------------------------------------------------------------------


def test_good_file_creates_officers_who_must_change_password():
    result = import_rows(ROWS)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (3, 0, 0, 0)
    huong = Officer.objects.select_related("user", "unit", "position").get(employee_code="TX001")
    assert huong.full_name == "Nguyễn Thị Hường"
    assert huong.unit.code == "tu-phap"
    assert huong.phone == "0912345678"
    assert huong.position.name == "Chuyên viên"
    assert huong.must_change_password
    assert huong.user.username == "tx001"
    assert huong.user.email == "huong@thanhxuan.example"
    assert list(huong.user.groups.values_list("name", flat=True)) == [Role.OFFICER]
    assert Officer.objects.get(employee_code="TX002").unit.code == "ha-dinh"
    assert Officer.objects.get(employee_code="TX002").phone == "0987654321"
    assert Officer.objects.get(employee_code="TX003").unit.code == "tu-phap"

    passwords = {c.username: c.password for c in result.credentials}
    assert set(passwords) == {"tx001", "tx002", "tx003"}
    assert len(set(passwords.values())) == 3
    stored = json.dumps(RosterImport.objects.get().rows)
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        assert len(password) >= 10
        assert user.check_password(password)
        assert password not in user.password
        assert password not in stored


def test_reimport_updates_by_employee_code_and_keeps_absent_officers():
    import_rows(ROWS)
    changed = [
        # Lower-case code, new name, new unit and phone; email left empty keeps the old one.
        ["tx001", "Nguyễn Thị Hường Anh", "Phòng Nội vụ", "", "0911111111", "chuyên viên"],
        ROWS[1],
    ]
    roster_import = preview(csv_bytes(changed))
    statuses = {row["row_number"]: row["status"] for row in roster_import.rows}
    assert statuses == {2: RowStatus.UPDATE, 3: RowStatus.UNCHANGED}

    result = roster_commit(roster_import=roster_import, user=None)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (0, 1, 1, 0)
    assert result.credentials == []
    assert Officer.objects.count() == 3
    assert User.objects.count() == 3
    huong = Officer.objects.select_related("user", "unit").get(employee_code="TX001")
    assert huong.full_name == "Nguyễn Thị Hường Anh"
    assert huong.unit.code == "noi-vu"
    assert huong.phone == "0911111111"
    assert huong.user.email == "huong@thanhxuan.example"
    assert huong.user.get_full_name() == "Nguyễn Thị Hường Anh"
    assert Position.objects.filter(name__iexact="chuyên viên").count() == 1
    assert Officer.objects.get(employee_code="TX003").is_active


def test_same_file_twice_changes_nothing():
    import_rows(ROWS)
    before = list(Officer.objects.values_list("pk", "updated_at"))
    result = import_rows(ROWS)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(Officer.objects.values_list("pk", "updated_at")) == before


def test_deactivation_is_opt_in_and_limited_to_the_units_in_the_file():
    hr = make_officer(roles=(Role.HR,), unit="tu-phap")
    health = make_officer(unit="y-te")
    import_rows(ROWS)

    # TX003 (Tư pháp) and TX002 (Hạ Đình) are missing from this file; only Tư pháp is in it.
    result = import_rows(ROWS[:1], user=hr.user, deactivate_missing=True)

    assert result.deactivated == 1
    binh = Officer.objects.select_related("user").get(employee_code="TX003")
    assert not binh.is_active
    assert not binh.user.is_active
    assert Officer.objects.get(employee_code="TX002").is_active
    health.refresh_from_db()
    assert health.is_active
    hr.refresh_from_db()
    assert hr.is_active, "the HR user who commits is never deactivated"

    # Back on the roster, the officer is active again.
    result = import_rows(ROWS[2:])
    assert result.updated == 1
    assert Officer.objects.get(employee_code="TX003").user.is_active


# --- Encodings and formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "encoding", "detected"),
    [
        ("roster.csv", csv_bytes(ROWS), "auto", "utf-8"),
        (
            "roster.csv",
            csv_bytes(ROWS, encode=lambda t: t.encode("utf-8-sig")),
            "auto",
            "utf-8-sig",
        ),
        ("roster.csv", csv_bytes(ROWS, encode=to_cp1258), "auto", "windows-1258"),
        ("roster.csv", csv_bytes(ROWS, encode=to_cp1258), "windows-1258", "windows-1258"),
        (
            "roster.csv",
            csv_bytes(ROWS, encode=lambda t: t.encode("utf-8-sig")),
            "utf-8",
            "utf-8-sig",
        ),
        ("roster.csv", csv_bytes(ROWS, delimiter=";"), "auto", "utf-8"),
        ("roster.csv", csv_bytes(ROWS, delimiter=";", encode=to_cp1258), "auto", "windows-1258"),
        (
            "roster.csv",
            csv_bytes(ROWS, encode=lambda t: unicodedata.normalize("NFD", t).encode()),
            "auto",
            "utf-8",
        ),
        ("roster.xlsx", xlsx_bytes(ROWS), "auto", ""),
    ],
    ids=[
        "utf8",
        "bom",
        "cp1258-auto",
        "cp1258-chosen",
        "bom-chosen",
        "semicolon",
        "semicolon-cp1258",
        "utf8-nfd",
        "xlsx",
    ],
)
def test_encodings_and_formats_give_the_same_names(name, data, encoding, detected):
    parsed = parse_roster(data, name, encoding)

    assert parsed.encoding == detected
    assert parsed.error_count == 0, [row.error_messages for row in parsed.rows]
    assert [row.full_name for row in parsed.rows] == [row[1] for row in ROWS]
    assert [row.phone for row in parsed.rows] == ["0912345678", "0987654321", ""]


def test_windows_1258_bytes_really_use_combining_marks():
    # Guards the test above: the file must hold decomposed letters for NFC to matter.
    raw = to_cp1258("Nguyễn Thị Hường").decode("cp1258")
    assert raw != "Nguyễn Thị Hường"
    assert unicodedata.normalize("NFC", raw) == "Nguyễn Thị Hường"


def test_xlsx_numbers_and_extra_columns():
    header = ["STT", "Mã CB", "Họ tên", "Đơn vị", "Điện thoại", "Vị trí"]
    rows = [[1, 12345, "Phạm Minh Tuấn", "Ha Dinh Ward", 912345678, "Kế toán"]]
    parsed = parse_roster(xlsx_bytes(rows, header), "roster.xlsx")

    (row,) = parsed.rows
    assert row.errors == []
    assert row.employee_code == "12345"
    assert row.phone == "0912345678", "Excel drops the leading zero of a numeric phone"
    assert row.position == "Kế toán"


def test_an_xlsx_renamed_csv_is_read_as_xlsx():
    parsed = parse_roster(xlsx_bytes(ROWS), "roster.csv")
    assert parsed.file_format == "xlsx"
    assert len(parsed.rows) == 3


@pytest.mark.parametrize(
    "header",
    [
        ENGLISH_HEADER,
        ["MÃ CÁN BỘ", " Họ  và tên ", "ĐƠN VỊ", "Thư điện tử", "SỐ ĐIỆN THOẠI", "CHỨC VỤ"],
        ["ma can bo", "ho va ten", "don vi", "e-mail", "so dien thoai", "chuc vu"],
        ["Employee Code", "Full Name", "Unit", "Email", "Phone", "Position"],
    ],
)
def test_headers_match_in_vietnamese_or_english_whatever_the_case_and_accents(header):
    parsed = parse_roster(csv_bytes(ROWS, header), "roster.csv")
    assert parsed.error_count == 0
    assert parsed.columns == ["employee_code", "full_name", "unit", "email", "phone", "position"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("tu-phap", "tu-phap"),
        ("TU-PHAP", "tu-phap"),
        ("Phòng Tư pháp", "tu-phap"),
        ("phong tu phap", "tu-phap"),
        ("Justice Division", "tu-phap"),
        ("Phòng Tài chính - Kế hoạch", "tc-kh"),
        ("PHƯỜNG THANH XUÂN BẮC", "txb"),
        ("Thanh Xuân Bắc", "txb"),
        ("Thanh Xuan Bac Ward", "txb"),
    ],
)
def test_units_match_by_code_or_name_without_accents(text, code):
    parsed = parse_roster(csv_bytes([["TX1", "Ngô Thu Hà", text]], HEADER[:3]), "roster.csv")
    assert parsed.rows[0].unit_id == Unit.objects.get(code=code).pk


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091234567", None),
        ("09123456789", None),
        ("+85912345678", None),
        ("0912abc678", None),
        ("(091) 2345678", None),
    ],
)
def test_phone_numbers(raw, expected):
    assert normalise_phone(raw) == expected


# --- Bad rows ----------------------------------------------------------------------------

GOOD = ["TX001", "Nguyễn Thị Hường", "tu-phap", "huong@thanhxuan.example", "0912345678", ""]


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (["TX009", "Vũ Hải", "Phường Không Có", "", "", ""], "unknown_unit"),
        (["tx001", "Vũ Hải", "tu-phap", "", "", ""], "duplicate_code"),
        (["TX009", "", "tu-phap", "", "", ""], "missing_name"),
        (["", "Vũ Hải", "tu-phap", "", "", ""], "missing_code"),
        (["TX 009", "Vũ Hải", "tu-phap", "", "", ""], "bad_code"),
        (["TX009", "Vũ Hải", "", "", "", ""], "missing_unit"),
        (["TX009", "Vũ Hải", "tu-phap", "hai@", "", ""], "bad_email"),
        (["TX009", "Vũ Hải", "tu-phap", "", "12345", ""], "bad_phone"),
    ],
)
def test_bad_rows_are_reported_with_their_row_number(bad, code):
    data = csv_bytes([GOOD, ["", "", "", "", "", ""], bad])
    parsed = parse_roster(data, "roster.csv")

    # Row 1 is the header, row 2 the good officer, row 3 blank (skipped), row 4 the bad one.
    assert errors_by_row(parsed) == {2: [], 4: [code]}
    message = parsed.rows[1].errors[0].message
    assert message
    if code == "duplicate_code":
        assert "2" in message, "the duplicate names the row where the code first appears"


def test_errors_block_the_commit_and_nothing_is_written():
    before = db_state()
    roster_import = preview(csv_bytes([GOOD, ["TX009", "Vũ Hải", "tu-phap", "", "12345", ""]]))

    assert roster_import.error_count == 1
    with pytest.raises(RosterCommitError):
        roster_commit(roster_import=roster_import, user=None)
    assert db_state() == before
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED


def test_a_username_taken_by_another_account_is_a_row_error():
    User.objects.create_user(username="tx009")
    roster_import = preview(csv_bytes([["TX009", "Vũ Hải", "tu-phap", "", "", ""]]))
    assert roster_import.rows[0]["errors"][0]["code"] == "account_exists"


# --- Bad files ---------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


@pytest.mark.parametrize(
    ("name", "data", "encoding", "words"),
    [
        ("roster.csv", b"", "auto", "empty"),
        ("roster.csv", b"  \r\n\r\n", "auto", "empty"),
        ("roster.pdf", b"%PDF-1.7\n...", "auto", "CSV and XLSX"),
        ("roster.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "auto", "PDF"),
        ("roster.csv", PNG, "auto", "PNG"),
        ("roster.csv", b"abc\x00\x01\x02def" * 10, "auto", "binary"),
        ("roster.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "auto", ".xls"),
        ("roster.csv", "Mã cán bộ".encode("utf-16"), "auto", "UTF-16"),
        ("roster.xlsx", csv_bytes(ROWS), "auto", "XLSX"),
        ("roster.xlsx", b"PK\x03\x04 this is not really a zip file", "auto", "XLSX"),
        ("roster.csv", csv_bytes(ROWS, ENGLISH_HEADER, encode=to_cp1258), "utf-8", "line 2"),
        ("roster.csv", csv_bytes(ROWS) + b"TX9,Vu\x81,tu-phap\r\n", "auto", "line 5"),
        ("roster.csv", csv_bytes(ROWS, ["Mã cán bộ", "Email"]), "auto", "Họ và tên, Đơn vị"),
        ("roster.csv", csv_bytes([], HEADER), "auto", "no officer rows"),
        ("roster.csv", csv_bytes([["", "", ""]] * 3, HEADER), "auto", "no officer rows"),
        ("roster.xlsx", xlsx_bytes([], HEADER), "auto", "no officer rows"),
        ("roster.csv", csv_bytes(ROWS, [*HEADER, "Email"]), "auto", "more than once"),
        ("roster.csv", b"\r\nTX001,A,tu-phap\r\n", "auto", "header row"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None,
)
def test_bad_files_are_refused_with_a_clear_message_and_change_nothing(name, data, encoding, words):
    before = db_state(), RosterImport.objects.count()
    with pytest.raises(RosterFileError) as caught:
        preview(data, name, encoding=encoding)
    assert words in caught.value.message
    assert (db_state(), RosterImport.objects.count()) == before


def test_files_over_the_size_limit_are_refused(settings):
    settings.ROSTER_MAX_UPLOAD_SIZE = 100
    with pytest.raises(RosterFileError, match="larger than"):
        preview(csv_bytes(ROWS))
    assert RosterImport.objects.count() == 0


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(roster, "ROSTER_MAX_ROWS", 2)
    with pytest.raises(RosterFileError, match="more than 2"):
        parse_roster(csv_bytes(ROWS), "roster.csv")


# --- Commit ------------------------------------------------------------------------------


def test_a_failure_mid_commit_leaves_nothing(monkeypatch):
    import_rows(ROWS[2:])
    before = db_state()
    # The update of TX003 and the creation of TX001 happen before TX002 fails.
    changed = [["TX003", "Lê Văn Bình Minh", "tu-phap", "", "", "Văn thư"], ROWS[0], ROWS[1]]
    roster_import = preview(csv_bytes(changed), deactivate_missing=True)
    real_create = roster.officer_create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs["employee_code"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(roster, "officer_create", failing_create)
    with pytest.raises(RuntimeError):
        roster_commit(roster_import=roster_import, user=None)

    assert calls == ["TX001", "TX002"]
    assert db_state() == before
    assert Officer.objects.get(employee_code="TX003").full_name == "Lê Văn Bình"
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED
    assert roster_import.committed_at is None


def test_a_second_commit_of_the_same_import_is_refused():
    roster_import = preview(csv_bytes(ROWS))
    roster_commit(roster_import=roster_import, user=None)
    before = db_state()

    with pytest.raises(RosterCommitError, match="already"):
        roster_commit(roster_import=roster_import, user=None)
    assert db_state() == before
    with pytest.raises(RosterCommitError):
        roster_cancel(roster_import=roster_import, user=None)


def test_a_cancelled_import_cannot_be_committed():
    roster_import = preview(csv_bytes(ROWS))
    roster_cancel(roster_import=roster_import, user=None)
    with pytest.raises(RosterCommitError, match="cancelled"):
        roster_commit(roster_import=roster_import, user=None)
    assert Officer.objects.count() == 0


def test_changes_after_the_preview_are_rechecked_at_commit():
    roster_import = preview(csv_bytes(ROWS))
    User.objects.create_user(username="tx002")
    with pytest.raises(RosterCommitError, match="row 3"):
        roster_commit(roster_import=roster_import, user=None)
    assert Officer.objects.count() == 0


# --- Admin screens -----------------------------------------------------------------------


@pytest.fixture
def hr_client(client):
    client.force_login(make_officer(roles=(Role.HR,)).user)
    return client


def upload_url():
    return reverse("people_roster:upload")


def test_hr_uploads_previews_and_commits(hr_client):
    choose_english(hr_client)
    response = hr_client.get(upload_url())
    assert response.status_code == 200
    assert reverse("people_roster:template") in response.text

    response = hr_client.post(
        upload_url(),
        {
            "file": SimpleUploadedFile("ds.csv", csv_bytes(ROWS, encode=to_cp1258)),
            "encoding": "auto",
        },
    )
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people_roster:preview", args=[roster_import.pk])
    assert Officer.objects.filter(employee_code__in=CODES).count() == 0

    response = hr_client.get(response.url)
    assert response.status_code == 200
    assert "Trần Đức Thắng" in response.text
    assert "Windows-1258" in response.text
    commit_url = reverse("people_roster:commit", args=[roster_import.pk])
    assert commit_url in response.text

    response = hr_client.post(commit_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    officer = Officer.objects.get(employee_code="TX002")
    assert officer.must_change_password
    passwords = [line.split("</code>")[0] for line in response.text.split("data-password>")[1:]]
    assert len(passwords) == 3
    assert any(User.objects.get(username="tx002").check_password(p) for p in passwords)

    # Shown once: the result page and a repeated POST do not show them again.
    response = hr_client.get(reverse("people_roster:result", args=[roster_import.pk]))
    assert response.status_code == 200
    assert "data-password" not in response.text
    assert not any(password in response.text for password in passwords)
    response = hr_client.post(commit_url, follow=True)
    assert "already been imported" in response.text
    assert Officer.objects.filter(employee_code__in=CODES).count() == 3


def test_preview_with_errors_lists_them_first_and_offers_no_commit(hr_client):
    data = csv_bytes([GOOD, ["TX009", "Vũ Hải", "Phường Không Có", "", "", ""]])
    hr_client.post(upload_url(), {"file": SimpleUploadedFile("ds.csv", data), "encoding": "auto"})
    roster_import = RosterImport.objects.get()

    response = hr_client.get(reverse("people_roster:preview", args=[roster_import.pk]))
    commit_url = reverse("people_roster:commit", args=[roster_import.pk])
    assert commit_url not in response.text
    assert response.text.index("Phường Không Có") < response.text.index("Nguyễn Thị Hường")
    assert "roster-row--error" in response.text

    response = hr_client.post(commit_url)
    assert response.status_code == 302
    assert not Officer.objects.filter(employee_code__in=["TX001", "TX009"]).exists()


def test_a_bad_upload_shows_the_message_on_the_form(hr_client):
    before = db_state()
    response = hr_client.post(
        upload_url(), {"file": SimpleUploadedFile("anh.csv", PNG), "encoding": "auto"}
    )
    assert response.status_code == 200
    assert "PNG" in response.text
    assert db_state() == before
    assert RosterImport.objects.count() == 0


def test_cancel(hr_client):
    roster_import = preview(csv_bytes(ROWS))
    response = hr_client.post(reverse("people_roster:cancel", args=[roster_import.pk]))
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.CANCELLED


def test_preview_queries_do_not_grow_with_rows(hr_client):
    def queries_for(count):
        rows = [[f"TX{n:03d}", f"Cán bộ {n}", "tu-phap", "", "", ""] for n in range(count)]
        roster_import = preview(csv_bytes(rows), deactivate_missing=True)
        url = reverse("people_roster:preview", args=[roster_import.pk])
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(url).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(40)


def test_templates_download_and_round_trip(hr_client):
    response = hr_client.get(reverse("people_roster:template") + "?format=csv")
    assert response.content.startswith(b"\xef\xbb\xbfM\xc3\xa3 c\xc3\xa1n b\xe1\xbb\x99")

    response = hr_client.get(reverse("people_roster:template") + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert workbook["Đơn vị"].max_row == Unit.objects.count() + 1
    sheet.append(["TX050", "Đỗ Thị Lan", "kim-giang", "", "0912345678", ""])
    output = io.BytesIO()
    workbook.save(output)
    parsed = parse_roster(output.getvalue(), "danh-sach-can-bo.xlsx")
    assert [(row.full_name, row.errors) for row in parsed.rows] == [("Đỗ Thị Lan", [])]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.TRAINER, Role.LEADER])
def test_other_roles_cannot_reach_the_import(client, role):
    client.force_login(make_officer(roles=(role,)).user)
    roster_import = preview(csv_bytes(ROWS))
    for method, url in [
        ("get", upload_url()),
        ("post", upload_url()),
        ("get", reverse("people_roster:template")),
        ("get", reverse("people_roster:preview", args=[roster_import.pk])),
        ("post", reverse("people_roster:commit", args=[roster_import.pk])),
        ("post", reverse("people_roster:cancel", args=[roster_import.pk])),
        ("get", reverse("people_roster:result", args=[roster_import.pk])),
    ]:
        response = getattr(client, method)(url)
        # Officers and leaders are stopped before the admin (403); trainers may use the
        # admin, and Wagtail turns the refusal into a redirect to its dashboard.
        refused = response.status_code == 403 or (
            response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        )
        assert refused, (method, url, response.status_code)
    assert Officer.objects.filter(employee_code__in=CODES).count() == 0
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED


def test_menu_item_only_for_hr(client):
    client.force_login(make_officer(roles=(Role.TRAINER,)).user)
    assert upload_url() not in client.get(reverse("wagtailadmin_home")).text
    client.force_login(make_officer(roles=(Role.HR,)).user)
    assert upload_url() in client.get(reverse("wagtailadmin_home")).text


# --- Management command ------------------------------------------------------------------


def write(tmp_path, data, name="roster.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_command_imports_and_prints_passwords(tmp_path, capsys):
    call_command("import_roster", write(tmp_path, xlsx_bytes(ROWS), "roster.xlsx"))
    out = capsys.readouterr().out

    assert "Created 3, updated 0, unchanged 0, deactivated 0." in out
    lines = [line.split("\t") for line in out.splitlines() if line.startswith("TX00")]
    assert [line[1] for line in lines] == ["tx001", "tx002", "tx003"]
    assert User.objects.get(username="tx003").check_password(lines[2][2])
    assert RosterImport.objects.get().status == RosterImport.Status.COMMITTED


def test_command_dry_run_writes_nothing(tmp_path, capsys):
    call_command("import_roster", write(tmp_path, csv_bytes(ROWS)), "--dry-run")
    assert "New 3, update 0, unchanged 0" in capsys.readouterr().out
    assert Officer.objects.count() == 0
    assert RosterImport.objects.get().status == RosterImport.Status.CANCELLED


def test_command_deactivates_on_request(tmp_path, capsys):
    import_rows(ROWS)
    call_command(
        "import_roster",
        write(tmp_path, csv_bytes(ROWS[:2], delimiter=";", encode=to_cp1258)),
        "--deactivate-missing",
        "--encoding=windows-1258",
    )
    assert "deactivated 1." in capsys.readouterr().out
    assert not Officer.objects.get(employee_code="TX003").is_active


def test_command_fails_on_row_errors_with_row_numbers(tmp_path, capsys):
    data = csv_bytes([GOOD, ["TX009", "Vũ Hải", "tu-phap", "hai@", "", ""]])
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_roster", write(tmp_path, data))
    assert "Row 3:" in capsys.readouterr().err
    assert Officer.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [(PNG, "PNG"), (csv_bytes(ROWS, ["Mã cán bộ"]), "Họ và tên")],
)
def test_command_fails_on_a_bad_file(tmp_path, data, words):
    with pytest.raises(CommandError, match=words):
        call_command("import_roster", write(tmp_path, data))
    assert Officer.objects.count() == 0
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_roster", str(tmp_path / "missing.csv"))


def test_preview_counts_a_row_with_errors_only_as_an_error(hr_client):
    rows = [*ROWS[:2], ["TX009", "", "tu-phap", "", "", ""]]
    roster_import = preview(csv_bytes(rows))
    response = hr_client.get(reverse("people_roster:preview", args=[roster_import.pk]))
    assert re.search(r'data-count="new">\s*2\s*<', response.text)
    assert re.search(r'data-count="errors">\s*1\s*<', response.text)
