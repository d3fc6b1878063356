"""Changes HR makes to an existing assignment (creating one is `services.assignment_create`),
and the audit entries of both."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log

from .models import Assignment, Enrolment

ASSIGNED = "courses.assignment.assign"
DUE_DATE_CHANGED = "courses.assignment.due_date_changed"


def assignment_log_created(
    *, assignment: Assignment, by, reached: int, at: datetime | None = None
) -> None:
    """Audit entry for a new assignment: who assigned the course, to whom, and by when.

    Called by `services.assignment_create` inside its transaction; `at` backdates the
    entry for generated demo history.
    """
    log(
        instance=assignment,
        action=ASSIGNED,
        user=by,
        timestamp=at or timezone.now(),
        data={
            "course": assignment.course.title,
            "due_date": assignment.due_date.isoformat(),
            "units": [unit.name_vi for unit in assignment.units.all()],
            "positions": [position.name for position in assignment.positions.all()],
            "officers": [officer.employee_code for officer in assignment.officers.all()],
            "reached": reached,
        },
    )


class AssignedFormatter(LogFormatter):
    label = _("Assign course")

    def format_message(self, log_entry):
        data = log_entry.data
        return ngettext(
            "Course “%(course)s” assigned to %(count)d officer, due %(date)s",
            "Course “%(course)s” assigned to %(count)d officers, due %(date)s",
            data["reached"],
        ) % {
            "course": data["course"],
            "count": data["reached"],
            "date": date.fromisoformat(data["due_date"]).strftime("%d/%m/%Y"),
        }


# Registered beside the service that writes it (as certificates.py does): Wagtail refuses
# to save a log entry whose action is unknown.
@hooks.register("register_log_actions")
def register_assigned_log_action(actions) -> None:
    actions.register_action(ASSIGNED)(AssignedFormatter)


@transaction.atomic
def assignment_change_due_date(*, assignment: Assignment, due_date: date, by) -> int:
    """Move an assignment's due date and the due date of every officer still working on it.

    Completed enrolments keep the date they were held to. Enrolments that an earlier
    assignment of the same course took over (an earlier due date wins in
    `assignment_apply`) are no longer linked to this one and do not move. Writes an audit
    entry with the old and new dates; returns how many enrolments moved.
    """
    # Lock and reread the row: the caller's instance may already carry the new date
    # (a model form sets it during validation), and the audit entry needs the old one.
    locked = Assignment.objects.select_for_update().select_related("course").get(pk=assignment.pk)
    previous = locked.due_date
    if previous == due_date:
        return 0
    moved = (
        Enrolment.objects.filter(assignment=locked)
        .exclude(status=Enrolment.Status.COMPLETED)
        .update(due_date=due_date)
    )
    locked.due_date = due_date
    locked.save(update_fields=["due_date"])
    assignment.due_date = due_date
    log(
        instance=locked,
        action=DUE_DATE_CHANGED,
        user=by,
        data={
            "previous_due_date": previous.isoformat(),
            "due_date": due_date.isoformat(),
            "enrolments_moved": moved,
        },
    )
    return moved
