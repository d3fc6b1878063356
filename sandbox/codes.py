"""Dossier codes (mã hồ sơ) and the per-unit sequences behind them and the other numbers.

TT 01/2018/TT-VPCP Điều 19 (`verification.md` 2.6): `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`,
where the first part is the receiving unit's code (TT 10/2016/TT-BTTTT), `YYMMDD` the receipt
date and `XXXX` the number of the dossier among those the unit received that day, on 4
digits. The unit codes are configurable (`UnitDossierCode`); the seeded ones are placeholders
because neither the Thanh Xuân codes nor the Hà Nội letter code H26 were verified.

Numbers come from `WorkspaceCounter` rows locked with `select_for_update`, so concurrent
receipts at one desk get consecutive, distinct numbers; the unique constraint on
(workspace, code) is the last line of defence.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .calendar import VN_TZ
from .models import CounterKind, UnitDossierCode, WorkspaceCounter

DOSSIER_CODE_RE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$")
MAX_DAILY = 9999


class CodeError(Exception):
    """A number cannot be allocated (no unit code configured, or the day is full)."""


def next_number(*, workspace, unit, kind: str, period: str) -> int:
    """The next number of the sequence (1, 2, …), locking its counter row until the end of
    the surrounding transaction."""
    # No savepoint of its own: callers run inside their transaction, and an error here
    # aborts that transaction anyway.
    with transaction.atomic(savepoint=False):
        counter = (
            WorkspaceCounter.objects.select_for_update()
            .filter(workspace=workspace, unit=unit, kind=kind, period=period)
            .first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    counter = WorkspaceCounter.objects.create(
                        workspace=workspace, unit=unit, kind=kind, period=period
                    )
            except IntegrityError:
                # Another transaction created it first: wait for its lock instead.
                counter = WorkspaceCounter.objects.select_for_update().get(
                    workspace=workspace, unit=unit, kind=kind, period=period
                )
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value


def unit_code(unit, *, on: date, rule_profile: str) -> str:
    """The dossier-code prefix of `unit` in force on `on`."""
    row = (
        UnitDossierCode.objects.filter(unit=unit, rule_profile=rule_profile, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if row is None:
        raise CodeError(
            _("No dossier code is configured for %(unit)s; an administrator must add one.")
            % {"unit": unit}
        )
    return row.code


def allocate_dossier_code(*, workspace, unit, received_at) -> str:
    """A new code for a dossier that `unit`'s desk receives at `received_at` (local date)."""
    day = received_at.astimezone(VN_TZ).date()
    prefix = unit_code(unit, on=day, rule_profile=workspace.rule_profile)
    period = day.strftime("%y%m%d")
    number = next_number(
        workspace=workspace, unit=unit, kind=CounterKind.DOSSIER_CODE, period=period
    )
    if number > MAX_DAILY:
        raise CodeError(_("This desk has already received 9,999 dossiers today."))
    return format_dossier_code(prefix, day, number)


def format_dossier_code(prefix: str, day: date, number: int) -> str:
    return f"{prefix}-{day:%y%m%d}-{number:04d}"


def parse_dossier_code(code: str) -> tuple[str, date, int] | None:
    """(unit code, receipt date, daily number), or None if `code` is not a dossier code."""
    match = DOSSIER_CODE_RE.match(code or "")
    if not match:
        return None
    prefix, yy, mm, dd, number = match.groups()
    try:
        day = date(2000 + int(yy), int(mm), int(dd))
    except ValueError:
        return None
    return prefix, day, int(number)


def next_yearly_number(*, workspace, unit, kind: str, at) -> tuple[int, int]:
    """(number, year) in a per-year sequence of `unit` (tracking book, forms, receipts)."""
    year = at.astimezone(VN_TZ).year
    return next_number(workspace=workspace, unit=unit, kind=kind, period=str(year)), year
