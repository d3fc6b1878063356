"""`manage.py import_roster FILE`: the admin's roster import, for the command line.

Goes through the same services as the admin screens, so the import is recorded as a
`RosterImport` (uploaded by nobody); a dry run or a file with row errors is recorded as
cancelled.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from training.people.roster import (
    ENCODING_AUTO,
    ENCODING_CHOICES,
    RosterCommitError,
    RosterFileError,
    RosterRow,
    RowStatus,
    roster_cancel,
    roster_commit,
    roster_officers_to_deactivate,
    roster_preview,
)


class Command(BaseCommand):
    help = "Import the roster of officers from a CSV or XLSX file (preview, then commit)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX roster file")
        parser.add_argument(
            "--encoding",
            choices=[value for value, _label in ENCODING_CHOICES],
            default=ENCODING_AUTO,
            help="Encoding of a CSV file (default: auto, UTF-8 then Windows-1258).",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate officers of the file's units who are not in the file.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the preview and write nothing."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                roster_import = roster_preview(
                    uploaded_by=None,
                    file=File(handle, name=path.name),
                    encoding=options["encoding"],
                    deactivate_missing=options["deactivate_missing"],
                )
        except RosterFileError as exc:
            raise CommandError(exc.message) from exc

        rows = [RosterRow.from_json(data) for data in roster_import.rows]
        self._print_preview(roster_import, rows)
        if roster_import.has_errors or options["dry_run"]:
            roster_cancel(roster_import=roster_import, user=None)
        if roster_import.has_errors:
            raise CommandError(
                f"{roster_import.error_count} row(s) have errors; nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was imported.")
            return

        try:
            result = roster_commit(roster_import=roster_import, user=None)
        except RosterCommitError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.created}, updated {result.updated}, "
                f"unchanged {result.unchanged}, deactivated {result.deactivated}."
            )
        )
        if result.credentials:
            self.stdout.write(
                self.style.WARNING(
                    "Temporary passwords (shown only now, not stored; hand them over securely):"
                )
            )
            for credential in result.credentials:
                self.stdout.write(
                    f"{credential.employee_code}\t{credential.username}\t"
                    f"{credential.password}\t{credential.full_name}"
                )

    def _print_preview(self, roster_import, rows):
        encoding = f", {roster_import.encoding}" if roster_import.encoding else ""
        self.stdout.write(
            f"{roster_import.original_filename} ({roster_import.file_format}{encoding}): "
            f"{len(rows)} row(s)."
        )
        for row in rows:
            if self.verbosity >= 2 and row.status:
                self.stdout.write(
                    f"Row {row.row_number}: {row.status} {row.employee_code} {row.full_name}"
                    + (f" ({', '.join(row.change_labels)})" if row.changes else "")
                )
            for message in row.error_messages:
                self.stderr.write(self.style.ERROR(f"Row {row.row_number}: {message}"))
        counts = {status: sum(1 for row in rows if row.status == status) for status in RowStatus}
        self.stdout.write(
            f"New {counts[RowStatus.NEW]}, update {counts[RowStatus.UPDATE]}, "
            f"unchanged {counts[RowStatus.UNCHANGED]}, rows with errors "
            f"{roster_import.error_count}."
        )
        if roster_import.deactivate_missing:
            missing = roster_officers_to_deactivate(roster_import).count()
            self.stdout.write(f"Officers of the file's units not in the file: {missing}.")
