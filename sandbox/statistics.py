"""Report II.06a (`dossier-workflow.md` §3.5): received, resolved and in-progress dossiers of
each unit over a period, computed in SQL.

Rules (the choices the domain leaves open are documented here so the page and the tests
follow one reading):

* Only dossiers that were *received* (accepted with a Mẫu 01, `received_at` set) count; a
  dossier refused or sent back at reception never started its clock.
* The reporting unit is the handling unit, or, before the transfer, the card's competent
  unit (the receiving desk for ward procedures): the unit answerable for the due date.
* Carried over: received before the period and still open (neither resolved nor closed)
  at its start. New: received within the period, split online / direct or post.
* Resolved: the result went back to the desk (`resolved_at`, status 9) within the period.
  It is early / on time / late by comparing that local date with `due_date`, the statutory
  date (moved on only by supplement pauses); a Mẫu 04 date is never used, so a dossier with
  an apology is late against its original appointment (§3.5, correction 11).
* In progress at the period end T: still open at the end of T. Overdue if the due date is
  before T and the clock was running at T. A dossier waiting for a supplement or a
  financial obligation at T is within time, and a dossier withdrawn or stopped during the
  period counts under within time too (§3.5: "a real report counts them under on-time"), so
  that received = resolved + in progress always holds.
* Resolution rate = resolved ÷ received; on-time rate = (early + on time) ÷ resolved. They
  are different figures (the article's 98 % is the first one).

`unit_report` issues two queries whatever the number of dossiers: one grouped aggregate
and one to load the units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from training.people.models import Unit

from .calendar import VN_TZ
from .models import Channel, Dossier, DossierPause, Workspace

COUNT_FIELDS = (
    "carried_over",
    "new_online",
    "new_direct",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_within",
    "in_progress_overdue",
)


@dataclass
class ReportRow:
    """One line of II.06a. `unit` is None on the totals row."""

    unit: Unit | None
    carried_over: int = 0
    new_online: int = 0
    new_direct: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0

    @property
    def received_total(self) -> int:
        return self.carried_over + self.new_online + self.new_direct

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress_total(self) -> int:
        return self.in_progress_within + self.in_progress_overdue

    @property
    def resolution_rate(self) -> float | None:
        """Resolved ÷ received, as a fraction (None when nothing was received)."""
        return self.resolved_total / self.received_total if self.received_total else None

    @property
    def on_time_rate(self) -> float | None:
        """(Early + on time) ÷ resolved, as a fraction (None when nothing was resolved)."""
        if not self.resolved_total:
            return None
        return (self.resolved_early + self.resolved_on_time) / self.resolved_total

    @property
    def resolution_percent(self) -> float | None:
        rate = self.resolution_rate
        return None if rate is None else rate * 100

    @property
    def on_time_percent(self) -> float | None:
        rate = self.on_time_rate
        return None if rate is None else rate * 100


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VN_TZ)


def default_period(workspace: Workspace) -> tuple[datetime.date, datetime.date]:
    """The workspace clock's year to date."""
    today = workspace.now.astimezone(VN_TZ).date()
    return today.replace(month=1, day=1), today


def unit_report(
    *,
    workspace: Workspace,
    unit: Unit | None = None,
    period_start: datetime.date,
    period_end: datetime.date,
) -> list[ReportRow]:
    """The II.06a rows of `workspace` for the period (both dates included, local time), one
    per unit with received dossiers (or only `unit`'s row, zeros included), ordered as the
    units are. See the module docstring for the rules."""
    if period_end < period_start:
        raise ValueError("The period ends before it starts.")
    start = _local_midnight(period_start)
    end = _local_midnight(period_end + datetime.timedelta(days=1))
    paused_at_end = DossierPause.objects.filter(dossier=OuterRef("pk"), started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )

    open_at_start = (
        Q(received_at__lt=start)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=start))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=start))
    )
    new = Q(received_at__gte=start)
    in_scope = open_at_start | new
    resolved = in_scope & Q(resolved_at__lt=end)
    open_at_end = (
        in_scope
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    )
    closed_without_result = in_scope & Q(resolved_at__isnull=True, closed_at__lt=end)
    overdue = open_at_end & Q(due_date__lt=period_end, paused_at_end=False)

    qs = (
        Dossier.objects.in_workspace(workspace)
        .filter(received_at__isnull=False, received_at__lt=end)
        .with_resolution_class()
        .annotate(
            report_unit=Coalesce("handling_unit", "procedure__competent_unit", "receiving_unit"),
            paused_at_end=Exists(paused_at_end),
        )
    )
    if unit is not None:
        qs = qs.filter(report_unit=unit.pk)
    aggregates = {
        "carried_over": Count("pk", filter=open_at_start),
        "new_online": Count("pk", filter=new & Q(channel=Channel.ONLINE)),
        "new_direct": Count("pk", filter=new & ~Q(channel=Channel.ONLINE)),
        "resolved_early": Count("pk", filter=resolved & Q(resolution_class="early")),
        "resolved_on_time": Count("pk", filter=resolved & Q(resolution_class="on_time")),
        "resolved_late": Count("pk", filter=resolved & Q(resolution_class="late")),
        "in_progress_within": Count("pk", filter=(open_at_end & ~overdue) | closed_without_result),
        "in_progress_overdue": Count("pk", filter=overdue),
    }
    grouped = {
        row["report_unit"]: row
        for row in qs.order_by().values("report_unit").annotate(**aggregates)
    }
    if unit is not None:
        units = [unit]
    else:
        units = list(Unit.objects.filter(pk__in=list(grouped)))
    rows = []
    for u in units:
        counts = grouped.get(u.pk, {})
        row = ReportRow(unit=u, **{name: counts.get(name, 0) for name in COUNT_FIELDS})
        if unit is not None or row.received_total:
            rows.append(row)
    return rows


def totals(rows: list[ReportRow]) -> ReportRow:
    """The totals row of `rows`."""
    total = ReportRow(unit=None)
    for row in rows:
        for f in fields(ReportRow):
            if f.name != "unit":
                setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))
    return total
