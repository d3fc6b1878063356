"""Roster import: HR uploads the list of officers (danh sách cán bộ) as CSV or XLSX.

Two steps, so that nothing is written before HR has seen what will happen:

1. `roster_preview` reads and checks the file (`parse_roster`, a pure function apart from
   reading the unit list), marks each row as new / update / unchanged and keeps the result
   in a `RosterImport`. A bad file raises `RosterFileError` and writes nothing.
2. `roster_commit` applies a preview in one transaction, or refuses (`RosterCommitError`)
   while any row has an error, or if the import was already committed or cancelled.

Officers are matched by employee code, case-insensitively, and never by name. An empty
optional cell (email, phone, position) leaves the stored value alone: a roster that does
not know a phone number should not erase it. Officers missing from the file are kept;
only with `deactivate_missing` are they deactivated, and then only in the units that appear
in the file (a roster from one ward must not switch off the rest of the district), and
never the HR user who commits the import.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Officer, Position, RosterImport, Unit
from .roles import Role
from .services import officer_create, officer_set_active

# A district has a few hundred officers; the cap keeps a runaway spreadsheet (or a zip
# bomb disguised as XLSX) from filling the preview.
ROSTER_MAX_ROWS = 5000

ENCODING_AUTO = "auto"
ENCODING_UTF8 = "utf-8"
ENCODING_CP1258 = "windows-1258"
ENCODING_CHOICES = [
    (ENCODING_AUTO, gettext_lazy("Automatic (UTF-8, otherwise Windows-1258)")),
    (ENCODING_UTF8, gettext_lazy("UTF-8")),
    (ENCODING_CP1258, gettext_lazy("Windows-1258 (Vietnamese)")),
]
# What `RosterImport.encoding` may hold, for display.
ENCODING_LABELS = {
    "utf-8": gettext_lazy("UTF-8"),
    "utf-8-sig": gettext_lazy("UTF-8 with BOM"),
    "windows-1258": gettext_lazy("Windows-1258"),
}

# Field -> the header texts accepted for it, folded by `fold()`.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_code": ("ma can bo", "ma cb", "ma so can bo", "employee code"),
    "full_name": ("ho va ten", "ho ten", "full name"),
    "unit": ("don vi", "unit"),
    "email": ("email", "e mail", "thu dien tu"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "phone"),
    "position": ("chuc vu", "vi tri", "vi tri viec lam", "position"),
}
REQUIRED_COLUMNS = ("employee_code", "full_name", "unit")
# The headers of the downloadable template, which are also the names used in messages.
TEMPLATE_HEADERS = {
    "employee_code": "Mã cán bộ",
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "email": "Email",
    "phone": "Số điện thoại",
    "position": "Chức vụ",
}
FIELD_LABELS = {
    "employee_code": gettext_lazy("employee code"),
    "full_name": gettext_lazy("full name"),
    "unit": gettext_lazy("unit"),
    "email": gettext_lazy("email"),
    "phone": gettext_lazy("phone"),
    "position": gettext_lazy("position"),
    "is_active": gettext_lazy("reactivated"),
}

ROW_ERROR_MESSAGES = {
    "missing_code": gettext_lazy("Employee code is missing."),
    "bad_code": gettext_lazy(
        "Employee code “%(value)s” may contain only letters A–Z, digits, dots, hyphens and "
        "underscores, at most %(max)d characters."
    ),
    "duplicate_code": gettext_lazy(
        "Employee code “%(value)s” already appears on row %(first_row)d."
    ),
    "missing_name": gettext_lazy("Full name is missing."),
    "long_name": gettext_lazy("Full name is longer than %(max)d characters."),
    "missing_unit": gettext_lazy("Unit is missing."),
    "unknown_unit": gettext_lazy(
        "Unknown unit “%(value)s”: write the unit's code or its name as in the template."
    ),
    "bad_email": gettext_lazy("“%(value)s” is not a valid email address."),
    "bad_phone": gettext_lazy(
        "“%(value)s” is not a valid Vietnamese phone number (0 and 9 digits, or +84 and 9 digits)."
    ),
    "long_position": gettext_lazy("Position is longer than %(max)d characters."),
    "account_exists": gettext_lazy(
        "An account with the username “%(value)s” already exists and belongs to no officer with "
        "this employee code."
    ),
}

_CODE_RE = re.compile(r"[A-Za-z0-9._-]+")
_CODE_MAX = Officer._meta.get_field("employee_code").max_length
_NAME_MAX = Officer._meta.get_field("full_name").max_length
_POSITION_MAX = Position._meta.get_field("name").max_length
_PHONE_RE = re.compile(r"(?:0|\+84|84)(\d{9})")
_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
_BINARY_SIGNATURES = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"Rar!": "RAR",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7-Zip",
}
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # legacy .xls / .doc
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RosterError(Exception):
    """A problem HR can fix; `message` is translated and safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RosterFileError(RosterError):
    """The file as a whole cannot be imported (wrong type, encoding, columns, size...)."""


class RosterCommitError(RosterError):
    """A preview cannot be committed (errors, already committed, data changed meanwhile)."""


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    UPDATE = "update", gettext_lazy("Update")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")


@dataclass
class RowError:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(ROW_ERROR_MESSAGES[self.code]) % self.params


@dataclass
class RosterRow:
    """One officer line of the file, cleaned; `row_number` counts the header as row 1."""

    row_number: int
    employee_code: str = ""
    full_name: str = ""
    unit_text: str = ""
    unit_id: int | None = None
    email: str = ""
    phone: str = ""
    position: str = ""
    errors: list[RowError] = field(default_factory=list)
    status: str = ""
    changes: list[str] = field(default_factory=list)

    @property
    def code_key(self) -> str:
        return self.employee_code.lower()

    @property
    def error_messages(self) -> list[str]:
        return [error.message for error in self.errors]

    @property
    def change_labels(self) -> list[str]:
        return [str(FIELD_LABELS[name]) for name in self.changes]

    def add_error(self, code: str, **params) -> None:
        self.errors.append(RowError(code, params))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RosterRow:
        data = dict(data)
        data["errors"] = [RowError(**error) for error in data.get("errors", [])]
        return cls(**data)


@dataclass
class ParsedRoster:
    rows: list[RosterRow]
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""  # "utf-8", "utf-8-sig" or "windows-1258"; empty for XLSX
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


@dataclass
class Credential:
    """The first sign-in details of a new officer, to hand over once and forget."""

    employee_code: str
    full_name: str
    username: str
    password: str


@dataclass
class RosterResult:
    roster_import: RosterImport
    created: int
    updated: int
    unchanged: int
    deactivated: int
    credentials: list[Credential]


# --- Parsing (no writes) -------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case ASCII form of `text` for matching headers and unit names.

    "Phòng Tài chính – Kế hoạch" and "phong tai chinh - ke hoach" fold to the same string.
    """
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def normalise_phone(value: str) -> str | None:
    """The 0xxxxxxxxx form of a Vietnamese phone number, or None if it is not one."""
    compact = re.sub(r"[\s.\-]", "", value)
    match = _PHONE_RE.fullmatch(compact)
    return f"0{match.group(1)}" if match else None


def unit_index(units: Iterable[Unit]) -> dict[str, Unit]:
    """Folded code, Vietnamese name and English name (with and without "Phường"/"Phòng",
    "Ward"/"Division") -> unit. A key shared by two units is dropped as ambiguous."""
    index: dict[str, Unit] = {}
    ambiguous: set[str] = set()
    for unit in units:
        name_vi, name_en = fold(unit.name_vi), fold(unit.name_en)
        keys = {fold(unit.code), name_vi, name_en}
        keys.add(re.sub(r"^(phuong|phong) ", "", name_vi))
        keys.add(re.sub(r" (ward|division)$", "", name_en))
        for key in keys - {""}:
            if key in index and index[key].pk != unit.pk:
                ambiguous.add(key)
            index.setdefault(key, unit)
    for key in ambiguous:
        del index[key]
    return index


def parse_roster(
    data: bytes,
    filename: str,
    encoding: str = ENCODING_AUTO,
    *,
    units: Iterable[Unit] | None = None,
) -> ParsedRoster:
    """Read a roster file and check every row; raise `RosterFileError` for a bad file.

    `units` defaults to every unit in the database (the only read this function does).
    Row errors do not raise: they are collected on each `RosterRow` for the preview.
    """
    if encoding not in dict(ENCODING_CHOICES):
        raise RosterFileError(_("Unknown encoding “%(encoding)s”.") % {"encoding": encoding})
    if not data or not data.strip():
        raise RosterFileError(_("The file is empty."))
    file_format = _sniff_format(data, filename)
    detected, delimiter = "", ""
    if file_format == "xlsx":
        table = _read_xlsx(data)
    else:
        text, detected = _decode(data, encoding)
        table, delimiter = _read_csv(text)
    if not table or not any(_cell_text(value) for value in table[0][1]):
        raise RosterFileError(
            _("The first row must be the header row (Mã cán bộ, Họ và tên, Đơn vị, ...).")
        )
    columns = _map_columns(table[0][1])
    rows = _rows(table[1:], columns, unit_index(Unit.objects.all() if units is None else units))
    return ParsedRoster(
        rows=rows,
        file_format=file_format,
        encoding=detected,
        delimiter=delimiter,
        columns=list(columns),
    )


def _sniff_format(data: bytes, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in (".csv", ".xlsx"):
        raise RosterFileError(_("Only CSV and XLSX files can be imported."))
    # The content decides, not the name: an XLSX renamed .csv is still read as XLSX.
    if data.startswith(_ZIP_SIGNATURE):
        return "xlsx"
    if extension == ".xlsx":
        raise RosterFileError(_("The file is not a valid XLSX workbook."))
    if data.startswith(_OLE_SIGNATURE):
        raise RosterFileError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.")
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RosterFileError(
            _("The file is saved as UTF-16 (“Unicode text”): save it as CSV UTF-8 instead.")
        )
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise RosterFileError(
                _("The file is not a CSV or XLSX file (it looks like a %(kind)s file).")
                % {"kind": kind}
            )
    if b"\x00" in data[:8192]:
        raise RosterFileError(_("The file is not a CSV or XLSX file: it contains binary data."))
    return "csv"


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    """Decode CSV bytes; return the text (NFC) and the encoding actually used."""
    bom = data.startswith(codecs.BOM_UTF8)
    utf8_error = None
    if encoding in (ENCODING_AUTO, ENCODING_UTF8):
        try:
            text = data.decode("utf-8-sig")
            detected = "utf-8-sig" if bom else "utf-8"
        except UnicodeDecodeError as exc:
            if encoding == ENCODING_UTF8 or bom:
                raise RosterFileError(
                    _(
                        "The file is not valid UTF-8 (line %(line)d). Choose another encoding "
                        "or save the file as CSV UTF-8."
                    )
                    % {"line": _line_of(data, exc.start)}
                ) from exc
            utf8_error = exc
            encoding = ENCODING_CP1258
    if encoding == ENCODING_CP1258:
        try:
            text = data.decode("cp1258")
            detected = ENCODING_CP1258
        except UnicodeDecodeError as exc:
            # Undecodable either way: most likely a UTF-8 file with a damaged line, so
            # point at the first byte that is not UTF-8.
            position = (utf8_error or exc).start
            raise RosterFileError(
                _(
                    "The file could not be read as UTF-8 or Windows-1258 (line %(line)d). Save it "
                    "as CSV UTF-8 and upload it again."
                )
                % {"line": _line_of(data, position)}
            ) from exc
    # Windows-1258 keeps many letters as base letter + combining tone mark; NFC makes
    # "Nguyễn" from a cp1258 file equal to "Nguyễn" typed in the admin.
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    if _CONTROL_CHARS.search(text[:8192]):
        raise RosterFileError(_("The file is not a CSV or XLSX file: it contains binary data."))
    return text, detected


def _read_csv(text: str) -> tuple[list[tuple[int, list[str]]], str]:
    first_line = text.split("\n", 1)[0]
    # Vietnamese Excel exports "CSV" with semicolons; the header row tells which one.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    try:
        for number, record in enumerate(reader, start=1):
            _check_row_limit(number, record)
            table.append((number, record))
    except csv.Error as exc:
        raise RosterFileError(
            _("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
        ) from exc
    return table, delimiter


def _read_xlsx(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl

    invalid = RosterFileError(_("The file is not a valid XLSX workbook."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML, key and value errors alike
        raise invalid from exc
    try:
        sheet = workbook.worksheets[0]
        # Some generators write a wrong <dimension>; read what is really there.
        sheet.reset_dimensions()
        table = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            _check_row_limit(number, values)
            table.append((number, list(values)))
    except RosterFileError:
        raise
    except Exception as exc:
        raise invalid from exc
    finally:
        workbook.close()
    return table


def _check_row_limit(number: int, values) -> None:
    if number > ROSTER_MAX_ROWS + 1 and any(_cell_text(value) for value in values):
        raise RosterFileError(
            _("The file has more than %(max)d officer rows; split it into smaller files.")
            % {"max": ROSTER_MAX_ROWS}
        )


def _cell_text(value: Any, field_name: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        # Excel drops the leading zero of a phone number typed as a number.
        if field_name == "phone" and len(text) == 9:
            text = f"0{text}"
        return text
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def _map_columns(header: list[Any]) -> dict[str, int]:
    """Field -> column index; raise if a required column is missing or one appears twice."""
    lookup = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        name = lookup.get(fold(_cell_text(value)))
        if name is None:
            continue  # extra columns such as "STT" are ignored
        if name in columns:
            raise RosterFileError(
                _("The column “%(column)s” appears more than once in the header row.")
                % {"column": _cell_text(value)}
            )
        columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RosterFileError(
            _("The header row (row 1) lacks the required columns: %(columns)s.")
            % {"columns": ", ".join(TEMPLATE_HEADERS[name] for name in missing)}
        )
    return columns


def _rows(
    records: list[tuple[int, list[Any]]], columns: dict[str, int], units: dict[str, Unit]
) -> list[RosterRow]:
    rows: list[RosterRow] = []
    first_row_of_code: dict[str, int] = {}
    for number, record in records:
        if not any(_cell_text(value) for value in record):
            continue  # blank lines, often trailing in spreadsheets
        values = {
            name: _cell_text(record[index], name) if index < len(record) else ""
            for name, index in columns.items()
        }
        row = RosterRow(
            row_number=number,
            employee_code=values["employee_code"],
            full_name=values["full_name"],
            unit_text=values["unit"],
            email=values.get("email", ""),
            position=values.get("position", ""),
        )
        _check_row(row, values.get("phone", ""), units, first_row_of_code)
        rows.append(row)
    if not rows:
        raise RosterFileError(_("The file has a header row but no officer rows."))
    return rows


def _check_row(
    row: RosterRow, phone: str, units: dict[str, Unit], first_row_of_code: dict[str, int]
) -> None:
    code = row.employee_code
    if not code:
        row.add_error("missing_code")
    elif not _CODE_RE.fullmatch(code) or len(code) > _CODE_MAX:
        row.add_error("bad_code", value=code, max=_CODE_MAX)
    elif row.code_key in first_row_of_code:
        row.add_error("duplicate_code", value=code, first_row=first_row_of_code[row.code_key])
    else:
        first_row_of_code[row.code_key] = row.row_number

    if not row.full_name:
        row.add_error("missing_name")
    elif len(row.full_name) > _NAME_MAX:
        row.add_error("long_name", max=_NAME_MAX)

    if not row.unit_text:
        row.add_error("missing_unit")
    elif (unit := units.get(fold(row.unit_text))) is None:
        row.add_error("unknown_unit", value=row.unit_text)
    else:
        row.unit_id = unit.pk

    if row.email:
        try:
            if len(row.email) > 254:
                raise ValidationError("too long")
            EmailValidator()(row.email)
        except ValidationError:
            row.add_error("bad_email", value=row.email)

    if phone:
        normalised = normalise_phone(phone)
        row.phone = phone if normalised is None else normalised
        if normalised is None:
            row.add_error("bad_phone", value=phone)

    if len(row.position) > _POSITION_MAX:
        row.add_error("long_position", max=_POSITION_MAX)


# --- Reads against the database ------------------------------------------------------------


def _classify(rows: list[RosterRow]) -> dict[str, Officer]:
    """Set each row's status against the current officers and return them by code key.

    A new row whose username is already taken by an account gets an error: creating it
    would fail, and silently attaching the file's data to that account would be worse.
    """
    keys = {row.code_key for row in rows if row.employee_code}
    officers = {
        officer.code_key: officer
        for officer in Officer.objects.annotate(code_key=Lower("employee_code"))
        .filter(code_key__in=keys)
        .select_related("user", "position")
    }
    taken = set(
        get_user_model()
        .objects.filter(username__in=keys - officers.keys())
        .values_list("username", flat=True)
    )
    for row in rows:
        if not row.employee_code:
            continue
        officer = officers.get(row.code_key)
        if officer is None:
            row.status, row.changes = RowStatus.NEW, []
            if row.code_key in taken:
                row.add_error("account_exists", value=row.code_key)
        else:
            row.changes = _changes(row, officer)
            row.status = RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED
    return officers


def _changes(row: RosterRow, officer: Officer) -> list[str]:
    changes = []
    if row.full_name != officer.full_name:
        changes.append("full_name")
    if row.unit_id is not None and row.unit_id != officer.unit_id:
        changes.append("unit")
    if row.email and row.email != officer.user.email:
        changes.append("email")
    if row.phone and row.phone != officer.phone:
        changes.append("phone")
    if row.position and (
        officer.position is None or officer.position.name.casefold() != row.position.casefold()
    ):
        changes.append("position")
    if not officer.is_active:
        changes.append("is_active")
    return changes


def roster_officers_to_deactivate(
    roster_import: RosterImport, *, keep_user=None
) -> models.QuerySet[Officer]:
    """Active officers of the file's units whose code is not in the file.

    What "deactivate officers not in the file" would switch off; `keep_user` (the HR user
    committing) is never included, so HR cannot lock themself out with a partial roster.
    """
    rows = [RosterRow.from_json(data) for data in roster_import.rows]
    unit_ids = {row.unit_id for row in rows if row.unit_id}
    keys = {row.code_key for row in rows if row.employee_code}
    officers = (
        Officer.objects.filter(is_active=True, unit_id__in=unit_ids)
        .annotate(code_key=Lower("employee_code"))
        .exclude(code_key__in=keys)
        .select_related("user", "unit")
        .order_by("unit__kind", "unit__sort_order", "full_name")
    )
    if keep_user is not None:
        officers = officers.exclude(user=keep_user)
    return officers


# --- Services --------------------------------------------------------------------------------


def roster_preview(
    *,
    uploaded_by,
    file,
    encoding: str = ENCODING_AUTO,
    deactivate_missing: bool = False,
) -> RosterImport:
    """Check an uploaded roster and keep the preview; raise `RosterFileError` for a bad file.

    `file` is an uploaded file or any binary file object with a `name`. Nothing about
    officers is written here; `uploaded_by` may be None for the management command.
    """
    limit = settings.ROSTER_MAX_UPLOAD_SIZE
    too_large = RosterFileError(
        _("The file is larger than %(limit)s; split the roster into smaller files.")
        % {"limit": filesizeformat(limit)}
    )
    if (getattr(file, "size", None) or 0) > limit:
        raise too_large
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    filename = os.path.basename(getattr(file, "name", "") or "")
    parsed = parse_roster(data, filename, encoding)
    _classify(parsed.rows)
    return RosterImport.objects.create(
        uploaded_by=uploaded_by,
        original_filename=filename[:255],
        file_format=parsed.file_format,
        encoding=parsed.encoding,
        rows=[row.to_json() for row in parsed.rows],
        error_count=parsed.error_count,
        deactivate_missing=deactivate_missing,
    )


@transaction.atomic
def officer_update(
    *,
    officer: Officer,
    full_name: str,
    unit: Unit,
    email: str = "",
    phone: str = "",
    position: Position | None = None,
) -> Officer:
    """Bring an officer in line with a roster row; empty email/phone and no position keep
    the stored values. An inactive officer who is back on the roster is reactivated."""
    officer.full_name = full_name
    officer.unit = unit
    if phone:
        officer.phone = phone
    if position is not None:
        officer.position = position
    officer.save(update_fields=["full_name", "unit", "phone", "position", "updated_at"])
    user = officer.user
    user.first_name = full_name[:150]
    user.last_name = ""
    if email:
        user.email = email
    user.save(update_fields=["first_name", "last_name", "email"])
    if not officer.is_active:
        officer_set_active(officer=officer, active=True)
    return officer


def roster_commit(*, roster_import: RosterImport, user) -> RosterResult:
    """Apply a previewed roster in one transaction and return the new officers' passwords.

    Refuses (`RosterCommitError`, nothing written) when the import is not in preview, when
    any row has an error, or when officers changed since the preview so that a row would
    now fail. The passwords exist only in the returned result: show them once.
    """
    try:
        with transaction.atomic():
            return _commit(roster_import.pk, user)
    except IntegrityError as exc:
        raise RosterCommitError(
            _(
                "Another change to the same officers was saved at the same time; nothing was "
                "imported. Upload the file again."
            )
        ) from exc


def _commit(pk: int, user) -> RosterResult:
    roster_import = RosterImport.objects.select_for_update().get(pk=pk)
    if roster_import.status == RosterImport.Status.COMMITTED:
        raise RosterCommitError(_("This roster has already been imported."))
    if roster_import.status == RosterImport.Status.CANCELLED:
        raise RosterCommitError(_("This import was cancelled; upload the file again."))
    rows = [RosterRow.from_json(data) for data in roster_import.rows]
    error_rows = sum(1 for row in rows if row.errors)
    if error_rows:
        raise RosterCommitError(
            ngettext(
                "%(count)d row has errors. Correct the file and upload it again; nothing was "
                "imported.",
                "%(count)d rows have errors. Correct the file and upload it again; nothing was "
                "imported.",
                error_rows,
            )
            % {"count": error_rows}
        )
    units = Unit.objects.in_bulk({row.unit_id for row in rows})
    officers = _classify(rows)
    stale = [row for row in rows if row.errors or row.unit_id not in units]
    if stale:
        details = "; ".join(
            _("row %(row)d: %(errors)s")
            % {"row": row.row_number, "errors": " ".join(row.error_messages) or _("unknown unit")}
            for row in stale
        )
        raise RosterCommitError(
            _("The data changed since the preview (%(details)s). Upload the file again.")
            % {"details": details}
        )

    positions = {position.name.casefold(): position for position in Position.objects.all()}

    def position_for(name: str) -> Position | None:
        if not name:
            return None
        key = name.casefold()
        if key not in positions:
            positions[key] = Position.objects.create(name=name)
        return positions[key]

    credentials: list[Credential] = []
    for row in rows:
        unit = units[row.unit_id]
        if row.status == RowStatus.NEW:
            password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _i in range(12))
            officer = officer_create(
                employee_code=row.employee_code,
                full_name=row.full_name,
                unit=unit,
                email=row.email,
                phone=row.phone,
                position=position_for(row.position),
                roles=(Role.OFFICER,),
                password=password,
                must_change_password=True,
            )
            credentials.append(
                Credential(
                    employee_code=officer.employee_code,
                    full_name=officer.full_name,
                    username=officer.user.username,
                    password=password,
                )
            )
        elif row.status == RowStatus.UPDATE:
            officer_update(
                officer=officers[row.code_key],
                full_name=row.full_name,
                unit=unit,
                email=row.email,
                phone=row.phone,
                position=position_for(row.position),
            )

    deactivated = 0
    if roster_import.deactivate_missing:
        for officer in roster_officers_to_deactivate(roster_import, keep_user=user):
            officer_set_active(officer=officer, active=False)
            deactivated += 1

    counts = {status: sum(1 for row in rows if row.status == status) for status in RowStatus}
    roster_import.rows = [row.to_json() for row in rows]
    roster_import.status = RosterImport.Status.COMMITTED
    roster_import.committed_by = user
    roster_import.committed_at = timezone.now()
    roster_import.created_count = counts[RowStatus.NEW]
    roster_import.updated_count = counts[RowStatus.UPDATE]
    roster_import.unchanged_count = counts[RowStatus.UNCHANGED]
    roster_import.deactivated_count = deactivated
    roster_import.save()
    return RosterResult(
        roster_import=roster_import,
        created=roster_import.created_count,
        updated=roster_import.updated_count,
        unchanged=roster_import.unchanged_count,
        deactivated=deactivated,
        credentials=credentials,
    )


@transaction.atomic
def roster_cancel(*, roster_import: RosterImport, user) -> RosterImport:
    """Drop a preview that HR does not want to commit."""
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status == RosterImport.Status.COMMITTED:
        raise RosterCommitError(_("This roster has already been imported."))
    locked.status = RosterImport.Status.CANCELLED
    locked.save(update_fields=["status"])
    return locked
