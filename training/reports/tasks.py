"""Background e-mail of the reports (django-tasks; the immediate backend in development)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task


@task()
def send_leader_digest(digest_id: int, today: str) -> int:
    """Send one recorded weekly digest unless it has gone out or no longer applies.

    The list is read again when the e-mail is sent, as of the day the run was made
    (`today`, ISO date): an officer who has caught up since is left out, and a digest
    whose list has become empty is not sent at all.
    """
    from .digest import digest_email, overdue_rows
    from .models import LeaderDigest

    as_of = date.fromisoformat(today)
    with transaction.atomic():
        digest = (
            LeaderDigest.objects.select_for_update(of=("self",))
            .select_related("leader__officer__unit")
            .filter(pk=digest_id, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return 0
        leader = digest.leader
        officer = getattr(leader, "officer", None)
        if not leader.is_active or not leader.email or officer is None:
            return 0
        rows = overdue_rows(unit_ids=[officer.unit_id], today=as_of).get(officer.unit_id, [])
        if not rows:
            return 0
        sent = digest_email(leader=leader, unit=officer.unit, rows=rows, today=as_of).send()
        digest.sent_at = timezone.now()
        digest.officer_count = len({row.officer_id for row in rows})
        digest.enrolment_count = len(rows)
        digest.save(update_fields=["sent_at", "officer_count", "enrolment_count"])
        return sent
