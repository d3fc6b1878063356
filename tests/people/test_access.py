"""Who may open what: the role × URL matrix for the foundation's pages."""

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from tests.people.factories import make_officer
from training.people.models import Officer
from training.people.roles import Role

OK, DENIED, LOGIN, HOME = "ok", "denied", "login", "home"

ROLES = {
    "anonymous": None,
    "officer": (Role.OFFICER,),
    "trainer": (Role.TRAINER,),
    "hr": (Role.HR,),
    "leader": (Role.LEADER, Role.OFFICER),
    "admin": (Role.ADMINISTRATOR,),
}

# url: expected outcome per role, in the order of ROLES.
MATRIX = {
    "/": (LOGIN, OK, OK, OK, OK, OK),
    "/accounts/login/": (OK, HOME, HOME, HOME, HOME, HOME),
    "/accounts/profile/": (LOGIN, OK, OK, OK, OK, OK),
    "/accounts/password/change/": (LOGIN, OK, OK, OK, OK, OK),
    "/don-vi/": (LOGIN, DENIED, DENIED, OK, OK, OK),
    "/admin/": (LOGIN, DENIED, OK, OK, DENIED, OK),
    "/admin/officers/": (LOGIN, DENIED, DENIED, OK, DENIED, OK),
    "/admin/officers/new/": (LOGIN, DENIED, DENIED, OK, DENIED, OK),
    "/admin/units/": (LOGIN, DENIED, DENIED, OK, DENIED, OK),
    "/admin/positions/": (LOGIN, DENIED, DENIED, OK, DENIED, OK),
    "/admin/images/": (LOGIN, DENIED, OK, DENIED, DENIED, OK),
    "/admin/documents/": (LOGIN, DENIED, OK, DENIED, DENIED, OK),
    "/admin/users/": (LOGIN, DENIED, DENIED, DENIED, DENIED, OK),
    "/admin/groups/": (LOGIN, DENIED, DENIED, DENIED, DENIED, OK),
}


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return LOGIN
        if location == "/":
            return HOME
        # Wagtail sends a signed-in user without a model permission back to the dashboard
        # with an error message.
        if location.rstrip("/") == "/admin":
            return DENIED
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.mark.django_db
def test_role_url_matrix(client):
    users = {}
    for name, roles in ROLES.items():
        users[name] = None if roles is None else make_officer(roles=roles).user
        if name == "admin":
            users[name].is_superuser = True
            users[name].save()
    failures = []
    for url, expected_row in MATRIX.items():
        for (name, user), expected in zip(users.items(), expected_row, strict=True):
            client.logout()
            if user is not None:
                client.force_login(user)
            got = outcome(client.get(url))
            if got != expected:
                failures.append(f"{name} GET {url}: expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


def _menu_names(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    names = set()
    for item in admin_menu.menu_items_for_request(request):
        names.add(item.name)
        for sub in getattr(getattr(item, "menu", None), "menu_items_for_request", lambda r: [])(
            request
        ):
            names.add(sub.name)
    return names


@pytest.mark.django_db
def test_each_admin_role_sees_only_its_own_menus():
    trainer = _menu_names(make_officer(roles=(Role.TRAINER,)).user)
    hr = _menu_names(make_officer(roles=(Role.HR,)).user)
    assert {"images", "documents"} <= trainer
    assert "officers" not in trainer and "settings" not in trainer
    assert "officers" in hr
    assert not {"images", "documents", "settings"} & hr


@pytest.mark.django_db
def test_leader_sees_only_their_own_unit(client):
    leader = make_officer(roles=(Role.LEADER, Role.OFFICER), unit="tu-phap")
    colleague = make_officer(unit="tu-phap", full_name="Lý Thị Đồng Nghiệp")
    outsider = make_officer(unit="qldt", full_name="Mai Văn Ngoài Đơn Vị")
    client.force_login(leader.user)
    response = client.get("/don-vi/")
    assert colleague.full_name in response.content.decode()
    assert outsider.full_name not in response.content.decode()
    visible = set(Officer.objects.visible_to(leader.user))
    assert visible == {leader, colleague}


@pytest.mark.django_db
def test_officer_sees_only_themself_through_the_queryset():
    officer = make_officer()
    make_officer()
    assert list(Officer.objects.visible_to(officer.user)) == [officer]


@pytest.mark.django_db
def test_hr_edit_of_an_officer_in_another_unit_is_allowed_but_leader_has_no_admin(client):
    hr = make_officer(roles=(Role.HR,), unit="noi-vu")
    target = make_officer(unit="qldt")
    client.force_login(hr.user)
    assert client.get(f"/admin/officers/edit/{target.pk}/").status_code == 200


@pytest.mark.django_db
def test_unit_officers_page_queries_stay_flat(client, django_assert_max_num_queries):
    leader = make_officer(roles=(Role.LEADER, Role.OFFICER), unit="tu-phap")
    client.force_login(leader.user)
    for _ in range(3):
        make_officer(unit="tu-phap")
    with django_assert_max_num_queries(12) as small:
        client.get("/don-vi/")
    for _ in range(20):
        make_officer(unit="tu-phap")
    with django_assert_max_num_queries(12) as large:
        client.get("/don-vi/")
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_officer_signs_in_with_the_employee_code_as_printed(client):
    officer = make_officer(employee_code="TX00777", password="Mat-khau-dai-2026!")
    response = client.post(
        "/accounts/login/", {"username": " TX00777 ", "password": "Mat-khau-dai-2026!"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.user.pk)


@pytest.mark.django_db
def test_an_account_created_with_capitals_can_sign_in(client, django_user_model):
    django_user_model.objects.create_user(username="Admin.TX", password="Mat-khau-dai-2026!")
    response = client.post(
        "/accounts/login/", {"username": "admin.tx", "password": "Mat-khau-dai-2026!"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_administrators_manage_every_page_without_being_superusers():
    from tests.courses.factories import make_course
    from tests.people.factories import make_officer
    from training.people.roles import Role

    admin = make_officer(roles=(Role.ADMINISTRATOR,)).user
    assert not admin.is_superuser
    course = make_course(modules=1, lessons_per_module=1)
    permissions = course.permissions_for_user(admin)
    assert permissions.can_edit() and permissions.can_publish() and permissions.can_add_subpage()
