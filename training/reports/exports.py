"""Streamed CSV and XLSX responses shared by every report export.

Both keep memory flat however many rows there are: the CSV is written row by row into a
`StreamingHttpResponse`, the XLSX through openpyxl's write-only workbook (which spools each
sheet to disk as rows arrive) into a temporary file served by `FileResponse`.

Values are typed the way a spreadsheet user expects: `date`/`datetime` become real Excel dates
shown dd/mm/yyyy (datetimes in the site's time zone), `Decimal`/`int`/`float` stay numbers,
`None` is an empty cell, anything else (lazy translations included) is text.
"""

from __future__ import annotations

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

__all__ = ["stream_csv", "xlsx_response"]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel only detects UTF-8 (and so Vietnamese diacritics) in a CSV that starts with a BOM.
BOM = "\ufeff"
EXCEL_DATE_FORMAT = "DD/MM/YYYY"
EXCEL_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Text that a spreadsheet would run as a formula; exported data is never meant to execute.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets have no time zones: show the wall-clock time in Hà Nội."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local_naive(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        # ISO dates are read as dates by spreadsheets in every locale, dd/mm/yyyy is not.
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose `write` returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([str(header) for header in headers])
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def stream_csv(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A UTF-8 (with BOM) CSV download of `rows` under `headers`, produced lazily.

    `rows` should itself be lazy (a generator over `queryset.iterator(chunk_size=...)`), so
    nothing beyond one chunk is ever held in memory. An empty `rows` gives the header line only.
    """
    response = StreamingHttpResponse(_csv_lines(headers, rows), content_type=CSV_CONTENT_TYPE)
    response.headers["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, no []:*?/\\, unique in the workbook."""
    base = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).split())[:31] or "Sheet"
    candidate, number = base, 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


class _SheetRows:
    """Turns rows of values into what a write-only sheet appends.

    Dates and text that looks like a formula need a styled cell. Creating and styling one
    per value was a large share of a big export's time, so each column keeps one styled
    cell and reuses it: a write-only sheet serialises a row as soon as it is appended.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.cells: dict[tuple[int, str], WriteOnlyCell] = {}

    def _cell(self, index: int, kind: str) -> WriteOnlyCell:
        cell = self.cells.get((index, kind))
        if cell is None:
            cell = self.cells[index, kind] = WriteOnlyCell(self.sheet)
            if kind == "date":
                cell.number_format = EXCEL_DATE_FORMAT
            elif kind == "datetime":
                cell.number_format = EXCEL_DATETIME_FORMAT
        return cell

    def convert(self, values: Sequence) -> list:
        row = []
        for index, value in enumerate(values):
            if value is None or isinstance(value, bool | int | float | Decimal):
                row.append(value)
            elif isinstance(value, datetime.datetime):
                cell = self._cell(index, "datetime")
                cell.value = _local_naive(value)
                row.append(cell)
            elif isinstance(value, datetime.date):
                cell = self._cell(index, "date")
                cell.value = value
                row.append(cell)
            else:
                text = str(value)
                if text.startswith("="):
                    # openpyxl would store this as a formula; keep it as the text it is.
                    cell = self._cell(index, "text")
                    cell.value = text
                    cell.data_type = "s"
                    row.append(cell)
                else:
                    row.append(text)
        return row


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> FileResponse:
    """An XLSX download with one worksheet per `(title, headers, rows)` in `sheets`.

    Headers are bold and frozen; dates are real dates formatted dd/mm/yyyy; numbers stay
    numbers. The workbook is built in write-only mode into a temporary file (deleted when the
    response is closed), so a 200,000-row export does not grow the worker's memory.
    """
    workbook = Workbook(write_only=True)
    used_titles: set[str] = set()
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title, used_titles))
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers):
            # Roughly fit the Vietnamese headers; openpyxl cannot measure the data in this mode.
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = max(12, min(40, len(str(header)) + 4))
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=str(header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        converter = _SheetRows(sheet)
        for row in rows:
            sheet.append(converter.convert(row))
    if not used_titles:
        workbook.create_sheet(title="Sheet")

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
