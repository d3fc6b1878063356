"""What the reports remember: the leaders' weekly digests that have been sent.

Everything else the reports show is read from the apps that own it; the only state of
their own is this record, which makes the weekly digest idempotent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaderDigest(models.Model):
    """One leader's digest of overdue officers for one ISO week (Monday to Sunday).

    Invariant: at most one row per leader and week, so running `send_leader_digests`
    again in the same week sends nothing new. The row is written before the e-mail is
    queued; `sent_at` stays empty until the e-mail has actually gone out.
    """

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leader_digests",
        verbose_name=_("leader"),
    )
    week_start = models.DateField(_("week starting"))
    officer_count = models.PositiveIntegerField(_("overdue officers"), default=0)
    enrolment_count = models.PositiveIntegerField(_("overdue enrolments"), default=0)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "leader_id"]
        verbose_name = _("leader digest")
        verbose_name_plural = _("leader digests")
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "week_start"], name="one_leader_digest_per_week"
            ),
        ]

    def __str__(self):
        return f"{self.leader_id} · {self.week_start:%Y-%m-%d}"
