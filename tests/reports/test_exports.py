"""Exports: the generic CSV/XLSX helpers and the matrix's long-format files."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.utils import choose_english
from training.reports.exports import stream_csv, xlsx_response

pytestmark = pytest.mark.django_db

CSV_URL = reverse("reports:matrix_csv")
XLSX_URL = reverse("reports:matrix_xlsx")
HEADERS = [
    "Employee code",
    "Full name",
    "Unit",
    "Position",
    "Course",
    "Status",
    "Due date",
    "Completion date",
    "Score",
    "Certificate number",
]


def read_xlsx(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


# ---- The generic helpers ---------------------------------------------------------------


def test_stream_csv_writes_utf8_with_a_bom_and_typed_values_lazily():
    produced = []

    def rows():
        for row in (
            ["Nguyễn Thị Hường", date(2026, 3, 5), Decimal("87.50"), None],
            ['=HYPERLINK("http://x")', datetime(2026, 3, 5, 17, 30, tzinfo=UTC), 3, "Đã"],
        ):
            produced.append(row)
            yield row

    response = stream_csv("ma trận.csv", ["Họ và tên", "Ngày", "Điểm", "Ghi chú"], rows())

    assert produced == []  # nothing is read before the response is sent
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''ma%20tr%E1%BA%ADn.csv" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        ["Họ và tên", "Ngày", "Điểm", "Ghi chú"],
        ["Nguyễn Thị Hường", "2026-03-05", "87.50", ""],
        # A formula is kept as text, the time shown in Hà Nội.
        ['\'=HYPERLINK("http://x")', "2026-03-06 00:30", "3", "Đã"],
    ]


def test_xlsx_response_makes_real_dates_numbers_and_safe_text():
    response = xlsx_response(
        "bao-cao.xlsx",
        [
            (
                "Ma trận: tháng 3/2026",
                ["Họ và tên", "Ngày", "Lúc", "Điểm", "Công thức"],
                iter(
                    [
                        [
                            "Lê Thị Cúc",
                            date(2026, 3, 5),
                            datetime(2026, 3, 5, 17, 30, tzinfo=UTC),
                            Decimal("87.50"),
                            "=1+1",
                        ]
                    ]
                ),
            ),
            ("Trống", ["Cột A"], []),
        ],
    )

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = read_xlsx(response)
    assert workbook.sheetnames == ["Ma trận tháng 3 2026", "Trống"]
    sheet = workbook.worksheets[0]
    header, row = list(sheet.iter_rows())
    assert [c.value for c in header] == ["Họ và tên", "Ngày", "Lúc", "Điểm", "Công thức"]
    assert header[0].font.bold
    name, day, moment, score, formula = row
    assert name.value == "Lê Thị Cúc"
    assert day.is_date and day.value.date() == date(2026, 3, 5)
    assert day.number_format == "DD/MM/YYYY"
    assert moment.is_date and moment.value == datetime(2026, 3, 6, 0, 30)  # Hà Nội time
    assert score.data_type == "n" and score.value == 87.5
    assert formula.data_type == "s" and formula.value == "=1+1"
    assert [[c.value for c in r] for r in workbook["Trống"].iter_rows()] == [["Cột A"]]


# ---- The matrix exports ----------------------------------------------------------------


def test_the_xlsx_export_has_one_row_per_officer_and_course(client, district):
    client.force_login(district.hr.user)
    choose_english(client)

    response = client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "ma-tran-dao-tao-2026-11-28.xlsx" in response["Content-Disposition"]
    sheet = read_xlsx(response).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Nguyễn Thị Hường", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Đức Dũng"}
    huong = by_name["Nguyễn Thị Hường"]
    certificate = district.cell(district.huong, district.one_stop).certificate
    assert huong[:6] == [
        "TP001",
        "Nguyễn Thị Hường",
        "Justice Division",
        "Chuyên viên",
        "Một cửa cơ bản",
        "Completed",
    ]
    assert huong[6] == datetime(2026, 12, 8)
    assert huong[7] == datetime(2026, 11, 28)
    assert huong[8] == 90
    assert huong[9] == certificate.number
    assert by_name["Lê Thị Cúc"][5] == "Overdue"
    assert by_name["Phạm Đức Dũng"][6] is None  # self-enrolled, no due date
    (huong_cells,) = [r for r in sheet.iter_rows(min_row=2) if r[1].value == "Nguyễn Thị Hường"]
    due, completed = huong_cells[6], huong_cells[7]
    assert due.is_date and due.number_format == "DD/MM/YYYY"
    assert completed.is_date and completed.number_format == "DD/MM/YYYY"
    assert huong_cells[8].data_type == "n"


def test_the_export_speaks_vietnamese_by_default(client, district):
    client.force_login(district.hr.user)

    sheet = read_xlsx(client.get(XLSX_URL, {"q": "TP001"})).worksheets[0]

    ((*_, unit, _position, _course, status, _due, _done, _score, _cert),) = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=2)
    ]
    assert (unit, status) == ("Phòng Tư pháp", "Đã hoàn thành")


def test_the_csv_export_opens_in_excel_with_its_diacritics(client, district):
    client.force_login(district.hr.user)
    choose_english(client)

    response = client.get(CSV_URL, {"status": "overdue"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows == [
        HEADERS,
        [
            "HD001",
            "Lê Thị Cúc",
            "Ha Dinh Ward",
            "Công chức một cửa",
            "Một cửa cơ bản",
            "Overdue",
            "2026-11-25",
            "",
            "",
            "",
        ],
    ]


def test_a_leaders_export_holds_only_their_unit(client, district):
    client.force_login(district.leader.user)

    _raw, rows = read_csv(client.get(CSV_URL))

    assert {row[1] for row in rows[1:]} == {"Nguyễn Thị Hường", "Trần Văn Bình"}


def test_an_empty_selection_exports_just_the_headers(client, district):
    client.force_login(district.hr.user)
    choose_english(client)

    _raw, rows = read_csv(client.get(CSV_URL, {"q": "nobody-has-this-name"}))
    sheet = read_xlsx(client.get(XLSX_URL, {"q": "nobody-has-this-name"})).worksheets[0]

    assert rows == [HEADERS]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [HEADERS]


def test_an_export_with_unknown_filters_goes_back_to_the_explained_matrix(client, district):
    client.force_login(district.hr.user)

    response = client.get(CSV_URL, {"status": "lost", "unit": district.ward.pk})

    assert response.status_code == 302
    assert response.url == reverse("reports:matrix") + f"?unit={district.ward.pk}&status=lost"
