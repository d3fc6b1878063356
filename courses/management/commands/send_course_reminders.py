"""`manage.py send_course_reminders`: the daily run of due-date reminders.

Schedule it once a day (cron or a systemd timer), e.g. at 07:00 Asia/Ho_Chi_Minh. Running
it again the same day sends nothing new: every reminder is recorded before it is queued.
"""

from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from courses.models import local_today
from courses.reminders import EnrolmentReminder, enrolment_reminders_due, enrolment_reminders_queue


class Command(BaseCommand):
    help = "Queue the due-soon and overdue e-mails of course enrolments (run once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD, Asia/Ho_Chi_Minh); "
            "default: the current local date.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders; record and send nothing."
        )

    def handle(self, *args, **options):
        today = self.parse_today(options["today"])
        if options["dry_run"]:
            planned = enrolment_reminders_due(today=today)
            for reminder in planned:
                self.stdout.write(
                    f"  {reminder.enrolment.user.get_username()}: {reminder.enrolment.course.title}"
                    f" ({reminder.kind}, due {reminder.enrolment.due_date:%d/%m/%Y})"
                )
            counts = Counter(r.kind for r in planned)
            verb = "would be queued"
        else:
            queued = enrolment_reminders_queue(today=today)
            if options["verbosity"] > 1:
                for reminder in queued:
                    self.stdout.write(
                        f"  {reminder.enrolment.user.get_username()}: "
                        f"{reminder.enrolment.course.title} ({reminder.kind})"
                    )
            counts = Counter(r.kind for r in queued)
            verb = "queued"
        self.stdout.write(
            f"{today:%Y-%m-%d}: {counts[EnrolmentReminder.Kind.DUE_SOON]} due-soon and "
            f"{counts[EnrolmentReminder.Kind.OVERDUE]} overdue reminder(s) {verb}."
        )

    def parse_today(self, value: str | None) -> date:
        if not value:
            return local_today()
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from error
