"""Changes HR makes to an existing assignment (creating one is `services.assignment_create`)."""

from datetime import date

from django.db import transaction
from wagtail.log_actions import log

from .models import Assignment, Enrolment

DUE_DATE_CHANGED = "courses.assignment.due_date_changed"


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
