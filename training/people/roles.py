"""The five roles of DVC Academy, each a Django group created by migration.

Code refers to roles through `Role`; the group names are the Vietnamese labels that
administrators see in the Wagtail admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "Học viên", _("Officer")
    TRAINER = "Giảng viên", _("Trainer")
    HR = "Nhân sự", _("HR")
    LEADER = "Lãnh đạo", _("Leader")
    ADMINISTRATOR = "Quản trị", _("Administrator")


def user_roles(user) -> set[str]:
    """The role values the user holds; cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_dvc_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._dvc_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


# Groups whose members reach the Wagtail admin: the roles below plus the lead trainers'
# group of the course moderation workflow (courses migration 0004).
ADMIN_GROUPS = {Role.TRAINER, Role.HR, Role.ADMINISTRATOR, "Giảng viên chính"}


def can_use_admin(user) -> bool:
    """Whether to offer the admin link; the admin itself still checks the permission."""
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user) & ADMIN_GROUPS))


# What each role may do, as "app_label.codename". Models that later issues add extend this
# table; `sync_role_permissions` grants exactly what is listed (Administrator: everything).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICER: [],
    Role.LEADER: [],
    Role.TRAINER: [
        "wagtailadmin.access_admin",
        "sandbox.view_calendaroverride",
        "sandbox.add_calendaroverride",
        "sandbox.change_calendaroverride",
        "sandbox.delete_calendaroverride",
        "sandbox.view_officehours",
        "sandbox.add_officehours",
        "sandbox.change_officehours",
        "courses.add_lessonvideo",
        "courses.change_lessonvideo",
        "courses.view_lessonvideo",
        "courses.delete_lessonvideo",
        "quiz.view_question",
        "quiz.add_question",
        "quiz.change_question",
        "quiz.delete_question",
        "quiz.view_category",
        "quiz.add_category",
        "quiz.change_category",
        "quiz.delete_category",
        "quiz.view_attempt",
        "quiz.mark_attempt",
        "quiz.regrade_attempt",
        "sandbox.view_procedure",
        "sandbox.add_procedure",
        "sandbox.change_procedure",
        "sandbox.view_partneragency",
        "sandbox.add_partneragency",
        "sandbox.change_partneragency",
        "sandbox.view_unitdossiercode",
        "sandbox.change_unitdossiercode",
        "scenarios.view_scenarioattempt",
    ],
    Role.HR: [
        "wagtailadmin.access_admin",
        "people.view_unit",
        "people.view_officer",
        "people.add_officer",
        "people.change_officer",
        "people.view_position",
        "people.add_position",
        "people.change_position",
        "people.add_rosterimport",
        "people.view_rosterimport",
        "courses.view_certificate",
        "courses.revoke_certificate",
        "courses.add_assignment",
        "courses.change_assignment",
        "courses.view_assignment",
        "quiz.view_attempt",
        "scenarios.view_scenarioattempt",
    ],
}

# The lead trainers' group ("Giảng viên chính") and its page permissions come from courses
# migration 0004; these model permissions are added to it after each migrate (never removed).
LEAD_TRAINER_GROUP = "Giảng viên chính"
LEAD_TRAINER_PERMISSIONS: list[str] = ["scenarios.view_scenarioattempt"]

# Image and document permissions are per collection in Wagtail; trainers get them on the
# root collection, which covers every collection below it.
ROLE_COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
    Role.TRAINER: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}


def sync_role_permissions(verbosity: int = 0) -> None:
    """Create the role groups if missing and give each exactly its listed permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    def lookup(names):
        perms = []
        for name in names:
            app_label, codename = name.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # the model may belong to an app not yet migrated
                perms.append(perm)
        return perms

    lead_trainers = Group.objects.filter(name=LEAD_TRAINER_GROUP).first()
    if lead_trainers is not None:
        lead_trainers.permissions.add(*lookup(LEAD_TRAINER_PERMISSIONS))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role == Role.ADMINISTRATOR:
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set(lookup(ROLE_PERMISSIONS.get(role, [])))
        root = Collection.get_first_root_node()
        wanted = lookup(ROLE_COLLECTION_PERMISSIONS.get(role, []))
        if root is not None:
            # Only the root-collection grants are ours; grants an administrator made on
            # other collections survive every migrate.
            GroupCollectionPermission.objects.filter(group=group, collection=root).exclude(
                permission__in=wanted
            ).delete()
            for perm in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=perm
                )
        if role == Role.ADMINISTRATOR:
            _administrators_edit_every_page(group)


# Wagtail's page permissions (on the tree root, so they cover every page).
PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)


def _administrators_edit_every_page(group) -> None:
    """Administrators who are not superusers still manage every page (courses, lessons,
    quizzes, scenarios): Wagtail checks page permissions, not model permissions."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for perm in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
