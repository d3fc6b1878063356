"""Moderation of course content: trainers submit, lead trainers approve and publish.

Creates the group "Giảng viên chính" (lead trainer), the workflow "Duyệt nội dung khóa học"
with one group-approval task for that group, and attaches the workflow to the site's root
page (the HomePage), so the course catalogue and every course below it use it, whenever
they are created. Page permissions on the HomePage: trainers ("Giảng viên") may add and
change pages but not publish; lead trainers may add, change and publish.

`training.people.roles.sync_role_permissions` resets only the model permissions of the
five role groups after each migrate; page permissions and the lead trainer group are
left alone, so this migration is where they live.
"""

from django.db import migrations

WORKFLOW_NAME = "Duyệt nội dung khóa học"
TASK_NAME = "Giảng viên chính duyệt"
TRAINER_GROUP = "Giảng viên"
LEAD_TRAINER_GROUP = "Giảng viên chính"

PAGE_PERMISSIONS = {
    TRAINER_GROUP: ["add", "change"],
    LEAD_TRAINER_GROUP: ["add", "change", "publish"],
}
PAGE_PERMISSION_NAMES = {
    "add": "Can add page",
    "change": "Can change page",
    "publish": "Publish any page",
}


def _site_roots(apps):
    """The pages the workflow and permissions hang from: each site's root, else HomePages."""
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    root_ids = set(Site.objects.values_list("root_page_id", flat=True))
    root_ids |= set(
        Page.objects.filter(
            content_type__app_label="home", content_type__model="homepage"
        ).values_list("pk", flat=True)
    )
    return list(Page.objects.filter(pk__in=root_ids, depth__gt=1))


def create_workflow_and_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    trainers, _ = Group.objects.get_or_create(name=TRAINER_GROUP)
    leads, _ = Group.objects.get_or_create(name=LEAD_TRAINER_GROUP)

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    leads.permissions.add(access_admin)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([leads])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    permissions = {
        action: Permission.objects.get_or_create(
            content_type=page_type,
            codename=f"{action}_page",
            defaults={"name": PAGE_PERMISSION_NAMES[action]},
        )[0]
        for action in PAGE_PERMISSION_NAMES
    }
    groups = {TRAINER_GROUP: trainers, LEAD_TRAINER_GROUP: leads}
    for root in _site_roots(apps):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
        for group_name, actions in PAGE_PERMISSIONS.items():
            for action in actions:
                GroupPagePermission.objects.get_or_create(
                    group=groups[group_name], page=root, permission=permissions[action]
                )


def remove_workflow_and_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    Workflow.objects.filter(name=WORKFLOW_NAME).delete()  # cascades to its WorkflowPages
    Task.objects.filter(name=TASK_NAME).delete()
    GroupPagePermission.objects.filter(
        group__name__in=list(PAGE_PERMISSIONS), page__in=_site_roots(apps)
    ).delete()
    Group.objects.filter(name=LEAD_TRAINER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_enrolmentreminder"),
        ("home", "0002_create_homepage"),
        ("people", "0002_seed_units_and_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_workflow_and_permissions, remove_workflow_and_permissions)
    ]
