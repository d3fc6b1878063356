"""`manage.py send_leader_digests`: the weekly e-mail of overdue officers to unit leaders.

Schedule it once a week, e.g. on Monday at 07:30 Asia/Ho_Chi_Minh (with the server's cron
in that time zone):

    30 7 * * 1  cd /srv/dvc-academy && .venv/bin/python manage.py send_leader_digests

Running it again in the same ISO week sends nothing new: each digest is recorded before it
is queued. Leaders with nobody overdue get no e-mail.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from courses.models import local_today
from training.reports.digest import leader_digests_due, leader_digests_queue


class Command(BaseCommand):
    help = (
        "E-mail each unit leader the list of overdue officers of their unit, once per ISO "
        "week. Run it weekly from cron, e.g. every Monday at 07:30 (Asia/Ho_Chi_Minh): "
        "'30 7 * * 1  cd /srv/dvc-academy && .venv/bin/python manage.py send_leader_digests'. "
        "A second run in the same week sends nothing; leaders with nobody overdue get no e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were this date (YYYY-MM-DD, Asia/Ho_Chi_Minh); "
            "default: the current local date.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the digests; record and send nothing."
        )

    def handle(self, *args, **options):
        today = self.parse_today(options["today"])
        if options["dry_run"]:
            plan = leader_digests_due(today=today)
            verb = "would be queued"
        else:
            plan = leader_digests_queue(today=today)
            verb = "queued"
        for digest in plan.due:
            self.line(digest, f"{digest.officer_count} overdue officer(s), digest {verb}")
        for digest in plan.already_sent:
            self.line(digest, "digest already sent this week")
        for digest in plan.nobody_overdue:
            self.line(digest, "nobody overdue, no e-mail")
        self.stdout.write(
            f"Week of {plan.week_start:%d/%m/%Y}: {len(plan.due)} digest(s) {verb}, "
            f"{len(plan.already_sent)} already sent, "
            f"{len(plan.nobody_overdue)} leader(s) with nobody overdue (no e-mail)."
        )

    def line(self, digest, text: str) -> None:
        self.stdout.write(f"  {digest.leader.get_username()} ({digest.unit.name_vi}): {text}")

    def parse_today(self, value: str | None) -> date:
        if not value:
            return local_today()
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from error
