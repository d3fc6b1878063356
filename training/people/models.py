"""Organisation of UBND quận Thanh Xuân and the officers who train on DVC Academy.

A unit is either one of the district's 12 specialist departments or one of its 11 wards
(`../shared/domain/dossier-workflow.md` §4). Both live in one table so that an officer,
an assignment or a report points at "a unit" with one foreign key; `Department` and `Ward`
are proxies for code that needs only one kind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .roles import Role, user_roles


class Unit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Specialist department")
        WARD = "ward", _("Ward")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "name_vi"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The unit's name in the active language (Vietnamese unless English is chosen)."""
        if (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi


class DepartmentManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Unit.Kind.DEPARTMENT)


class WardManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Unit.Kind.WARD)


class Department(Unit):
    objects = DepartmentManager()

    class Meta:
        proxy = True
        verbose_name = _("specialist department")
        verbose_name_plural = _("specialist departments")


class Ward(Unit):
    objects = WardManager()

    class Meta:
        proxy = True
        verbose_name = _("ward")
        verbose_name_plural = _("wards")


class Position(models.Model):
    """A job title (chức vụ, vị trí việc làm); training is assigned to positions too."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return self.name


class OfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Officers whose records `user` may see.

        HR and administrators see everyone; a leader sees their own unit; anyone else
        sees only themself. Views must load officers through this, never `all()`.
        """
        if not user.is_authenticated:
            return self.none()
        roles = user_roles(user)
        if roles & {Role.HR, Role.ADMINISTRATOR}:
            return self.all()
        own = Q(user=user)
        if Role.LEADER in roles:
            unit_id = Officer.objects.filter(user=user).values("unit_id")[:1]
            return self.filter(own | Q(unit_id__in=unit_id))
        return self.filter(own)


class Officer(models.Model):
    """The profile of a person who trains on DVC Academy (cán bộ, công chức).

    Identified across roster imports by `employee_code`, never by name. Deactivating an
    officer keeps their history and blocks their login (`user.is_active` follows).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer"
    )
    employee_code = models.CharField(_("employee code"), max_length=30, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("position"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        ordering = ["unit__kind", "unit__sort_order", "full_name"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self):
        return f"{self.full_name} ({self.employee_code})"

    @property
    def first_name(self) -> str:
        """The given name Vietnamese address people by: the last word of the full name."""
        return self.full_name.split()[-1] if self.full_name.strip() else ""


class RosterImport(models.Model):
    """One upload of the HR roster (danh sách cán bộ), from preview to commit.

    The parsed rows and their errors are kept as JSON, so HR can review the preview and
    commit it later without uploading the file again; the file itself is not stored.
    Temporary passwords of new officers are never kept here: `roster_commit` returns them
    once. Written only by the services in `training.people.roster`.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        COMMITTED = "committed", _("Committed")
        CANCELLED = "cancelled", _("Cancelled")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    original_filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("file format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    deactivate_missing = models.BooleanField(
        _("deactivate officers not in the file"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committed by"),
    )
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated_count = models.PositiveIntegerField(_("deactivated"), default=0)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        constraints = [
            models.CheckConstraint(
                name="rosterimport_committed_at_iff_committed",
                condition=(
                    Q(status="committed", committed_at__isnull=False)
                    | (~Q(status="committed") & Q(committed_at__isnull=True))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.original_filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0
