"""Course moderation: trainers submit, a lead trainer approves; trainers stay out of settings."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from courses.models import CoursePage
from tests.courses.factories import make_course, make_course_index
from tests.people.factories import make_officer
from training.home.models import HomePage
from training.people.roles import Role

pytestmark = pytest.mark.django_db

WORKFLOW = "Duyệt nội dung khóa học"
LEAD_TRAINER = "Giảng viên chính"


@pytest.fixture
def trainer():
    return make_officer(roles=(Role.TRAINER,), full_name="Phạm Văn Giảng").user


@pytest.fixture
def lead():
    return make_officer(roles=(LEAD_TRAINER,), full_name="Đỗ Thị Trưởng Nhóm").user


def edit_form(client, page, **changes):
    """The page's edit form as the admin renders it, with some fields changed."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    return data


def live_title(page) -> str:
    return Page.objects.get(pk=page.pk).title


def test_the_migration_puts_every_course_page_under_the_lead_trainer_review():
    workflow = Workflow.objects.get(name=WORKFLOW)
    (task,) = [t.specific for t in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert [g.name for g in task.groups.all()] == [LEAD_TRAINER]
    course = make_course()
    for page in (HomePage.objects.get(), make_course_index(), course, course.get_children()[0]):
        with_workflow = page.specific
        assert with_workflow.get_workflow() == workflow, page


def test_a_trainer_submits_and_the_page_goes_live_only_when_a_lead_trainer_approves(
    client, trainer, lead
):
    course = make_course(title="Một cửa: bản cũ")
    client.force_login(trainer)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        edit_form(client, course, title="Một cửa: bản mới", **{"action-submit": "1"}),
    )
    assert response.status_code == 302

    state = WorkflowState.objects.get(object_id=str(course.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == trainer
    assert state.current_task_state.task.name == "Giảng viên chính duyệt"
    assert live_title(course) == "Một cửa: bản cũ"
    assert CoursePage.objects.get(pk=course.pk).has_unpublished_changes

    # The trainer cannot approve their own submission.
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[course.pk, "approve", state.current_task_state.pk],
    )
    client.post(approve_url, {"comment": ""})
    assert live_title(course) == "Một cửa: bản cũ"

    client.force_login(lead)
    response = client.post(approve_url, {"comment": "Nội dung chính xác."})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert live_title(course) == "Một cửa: bản mới"


def test_a_trainer_cannot_publish_directly(client, trainer, lead):
    course = make_course(title="Bản đã duyệt")
    assert course.permissions_for_user(trainer).can_edit()
    assert not course.permissions_for_user(trainer).can_publish()
    assert course.permissions_for_user(lead).can_publish()

    client.force_login(trainer)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        edit_form(client, course, title="Bản chưa duyệt", **{"action-publish": "1"}),
    )
    assert live_title(course) == "Bản đã duyệt"
    assert CoursePage.objects.get(pk=course.pk).has_unpublished_changes  # kept as a draft
    # Nor through the explorer's bulk "Publish" action.
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk_publish}?id={course.pk}", {"include_descendants": ""})
    assert live_title(course) == "Bản đã duyệt"


def test_a_trainer_can_add_a_module_as_a_draft(client, trainer):
    course = make_course(modules=1)
    assert course.permissions_for_user(trainer).can_add_subpage()


# URLs of users, groups and site-wide settings that a trainer must not reach.
FORBIDDEN_TO_TRAINERS = [
    "/admin/users/",
    "/admin/users/new/",
    "/admin/groups/",
    "/admin/sites/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/redirects/",
    "/admin/officers/",
]


def test_trainers_cannot_touch_users_or_site_settings(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200
    for url in FORBIDDEN_TO_TRAINERS:
        response = client.get(url)
        denied = response.status_code == 403 or (
            response.status_code == 302 and response["Location"].rstrip("/") == "/admin"
        )
        assert denied, f"{url}: {response.status_code}"
    # ("Workflows" under Reports is the read-only status report, so only Settings is checked.)
    menu = {item.name for item in _menu_items(trainer)}
    assert not {"settings", "users", "groups", "sites"} & menu, sorted(menu)


def test_lead_trainers_are_a_group_of_their_own_outside_the_five_roles():
    group = Group.objects.get(name=LEAD_TRAINER)
    assert LEAD_TRAINER not in {role.value for role in Role}
    assert group.permissions.filter(codename="access_admin").exists()


def _menu_items(user):
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    items = []
    for item in admin_menu.menu_items_for_request(request):
        items.append(item)
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            items.extend(submenu.menu_items_for_request(request))
    return items
