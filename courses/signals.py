"""Signals of the courses app and its receivers for other apps' events."""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from training.people.models import Officer

# Sent inside the completion transaction; receivers (certificates) must not commit.
course_completed = Signal()


@receiver(post_save, sender=Officer)
def _apply_assignments_to_officer(sender, instance, created, update_fields=None, **kwargs):
    # The people app is the ground floor and does not know about courses, so the rule
    # "an assignment to a unit reaches officers who join it later" listens here.
    if update_fields is not None and not {"unit", "position", "is_active"} & set(update_fields):
        return
    from .services import assignments_apply_to_officer

    assignments_apply_to_officer(officer=instance)
