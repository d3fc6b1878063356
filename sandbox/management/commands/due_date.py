"""`manage.py due_date`: the appointment date (ngày hẹn trả) for a receipt time.

Trainers use it to check the answer keys of scenarios. The explanation is printed in the
site language (Vietnamese by default); the last line is the due date as YYYY-MM-DD and
nothing else, so scripts can read it with `tail -n 1`.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sandbox.calendar import VN_TZ, DayInfo, DayKind, DueDateExplanation, WorkingCalendar
from sandbox.models import RuleProfile

RECEIVED_FORMAT = "%Y-%m-%d %H:%M"
# A guard against typing mistakes, not a legal limit: the longest procedure limits are
# counted in tens of working days.
MAX_WORKING_DAYS = 1000


def _day(info_or_date: DayInfo | date) -> str:
    day = info_or_date.day if isinstance(info_or_date, DayInfo) else info_or_date
    return f"{WEEKDAYS[day.weekday()]} {date_format(day, 'SHORT_DATE_FORMAT')}"


def _moment(value: datetime) -> str:
    return f"{time_format(value.time(), 'H:i')} {_day(value.date())}"


class Command(BaseCommand):
    help = (
        "Compute the appointment date of a dossier on the sandbox working calendar "
        "(holidays.Vietnam plus the calendar overrides). The last line of the output is the "
        "due date as YYYY-MM-DD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--received",
            required=True,
            help='When the complete dossier was received, Vietnam time: "YYYY-MM-DD HH:MM".',
        )
        limit = parser.add_mutually_exclusive_group(required=True)
        limit.add_argument(
            "--working-days",
            type=int,
            metavar="N",
            help="Time limit in working days, not counting the receipt day.",
        )
        limit.add_argument(
            "--same-day",
            action="store_true",
            help="Same-day procedure: due the next working day if received after the cutoff.",
        )
        parser.add_argument(
            "--profile",
            default=RuleProfile.B,
            choices=RuleProfile.values,
            help="Rule profile whose calendar overrides apply (default: B).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the explanation (default: the site language).",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            received = self._parse_received(options["received"])
            working_days = options["working_days"]
            if working_days is not None and not 1 <= working_days <= MAX_WORKING_DAYS:
                raise CommandError(
                    _("--working-days must be a whole number from 1 to %(max)s, not %(n)s.")
                    % {"max": MAX_WORKING_DAYS, "n": working_days}
                )
            calendar = WorkingCalendar.for_profile(options["profile"])
            explanation = calendar.explain_due_date(
                received, working_days=working_days, same_day=options["same_day"]
            )
            for line in self._explain(explanation):
                self.stdout.write(line)
        self.stdout.write(explanation.due.isoformat())

    def _parse_received(self, value: str) -> datetime:
        try:
            naive = datetime.strptime(value.strip(), RECEIVED_FORMAT)
        except ValueError:
            raise CommandError(
                _(
                    'Cannot read --received "%(value)s": write it as YYYY-MM-DD HH:MM, '
                    'for example "2025-01-24 09:30".'
                )
                % {"value": value}
            ) from None
        return naive.replace(tzinfo=VN_TZ)

    def _explain(self, result: DueDateExplanation) -> list[str]:
        lines = [_("Received: %(when)s") % {"when": _moment(result.received)}]
        if result.rolled_over:
            lines.append(
                _(
                    "Counted as received at %(when)s (the receipt fell on a rest day or after "
                    "office hours)."
                )
                % {"when": _moment(result.counted_from)}
            )
        if result.same_day:
            cutoff = time_format(result.cutoff, "H:i")
            if result.after_cutoff:
                lines.append(
                    _(
                        "Time limit: same day; received after %(cutoff)s, so due the next "
                        "working day."
                    )
                    % {"cutoff": cutoff}
                )
            else:
                lines.append(
                    _("Time limit: same day (received by %(cutoff)s).") % {"cutoff": cutoff}
                )
        else:
            lines.append(
                ngettext(
                    "Time limit: %(n)s working day, not counting the receipt day.",
                    "Time limit: %(n)s working days, not counting the receipt day.",
                    result.working_days,
                )
                % {"n": result.working_days}
            )
        lines.append(_("Working days counted:"))
        for number, info in enumerate(result.counted, start=1):
            line = f"  {number}. {_day(info)}"
            if info.kind == DayKind.MAKEUP:
                line += " – " + _("make-up working day: %(name)s") % {"name": info.name}
            elif info.kind == DayKind.HOLIDAY_IGNORED:
                line += " – " + _("not counted as a holiday: %(name)s") % {"name": info.name}
            lines.append(line)
        days_off = [info for info in result.skipped if info.kind != DayKind.WEEKEND]
        if days_off:
            lines.append(_("Days off skipped:"))
            lines.extend(f"  {_day(info)}: {info.name}" for info in days_off)
        weekend = len(result.skipped) - len(days_off)
        if weekend:
            lines.append(
                ngettext("Weekend days skipped: %(n)s.", "Weekend days skipped: %(n)s.", weekend)
                % {"n": weekend}
            )
        lines.append(_("Due date: %(date)s") % {"date": _day(result.due)})
        return lines
