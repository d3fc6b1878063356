"""The learners' pages render what an officer expects to see, in Vietnamese by default.

The Vietnamese catalogue is filled in separately, so assertions on translated wording ask
for English (Accept-Language: en); data (names, codes, units) and structure are checked in
the default language.
"""

import re
import unicodedata

import pytest
from django.core import mail
from django.db import connection
from django.template import loader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.views.defaults import server_error

from tests.people.factories import PASSWORD, make_officer, make_position
from tests.utils import choose_english
from training.people.roles import Role

pytestmark = pytest.mark.django_db


in_english = choose_english


# Any stylesheet, icon or script that the browser would fetch from another host.
REMOTE_ASSET = re.compile(
    r"<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def assert_local_assets_only(html: str) -> None:
    assert "/static/css/site.css" in html
    remote = REMOTE_ASSET.search(html)
    assert remote is None, remote.group(0)


def test_remote_asset_pattern_catches_cdn_links():
    # Guards the guard: the pattern must see the usual ways of pulling a CDN asset.
    for html in (
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        "<script src='http://cdn.example/x.js'></script>",
        '<link href="//fonts.example/css" rel="stylesheet">',
    ):
        assert REMOTE_ASSET.search(html), html
    assert not REMOTE_ASSET.search('<link rel="stylesheet" href="/static/css/site.css">')


class TestLoginPage:
    def test_shows_the_form_the_switcher_and_only_local_assets(self, client):
        response = client.get("/accounts/login/")

        assert response.status_code == 200
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert 'name="username"' in html and 'autocomplete="username"' in html
        assert 'name="password"' in html and 'autocomplete="current-password"' in html
        assert "autofocus" in html
        assert 'href="/accounts/password/reset/"' in html
        assert 'action="/i18n/setlang/"' in html
        assert '<select id="language-select" name="language"' in html
        # Django's own name for Vietnamese is stored decomposed (NFD); compare as text.
        assert "Tiếng Việt" in unicodedata.normalize("NFC", html) and "English" in html
        assert 'name="next" value="/accounts/login/"' in html
        assert 'role="status"' in html
        assert 'href="#main"' in html and 'id="main"' in html
        assert_local_assets_only(html)

    def test_wrong_password_is_shown_in_an_alert(self, client):
        officer = make_officer()

        response = client.post(
            "/accounts/login/",
            {"username": officer.user.username, "password": "not-the-password"},
            **in_english(client),
        )

        assert response.status_code == 200
        html = response.content.decode()
        alert = re.search(r'<div class="alert alert--error" role="alert">(.*?)</div>', html, re.S)
        assert alert and "correct username and password" in alert.group(1)

    def test_choosing_english_switches_the_page_and_vietnamese_is_the_default(self, client):
        before = client.get("/accounts/login/")
        assert html_lang(before) == "vi"

        response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"

        after = client.get("/accounts/login/")
        assert html_lang(after) == "en"
        assert "Employee code or username" in after.content.decode()
        assert '<option value="en" lang="en" selected>English</option>' in after.content.decode()

    def test_locked_out_page_after_too_many_failures(self, client):
        officer = make_officer()
        wrong = {"username": officer.user.username, "password": "not-the-password"}

        with override_settings(AXES_ENABLED=True):
            for _ in range(5):
                client.post("/accounts/login/", wrong, REMOTE_ADDR="10.0.0.9", **in_english(client))
            response = client.post(
                "/accounts/login/",
                {"username": officer.user.username, "password": PASSWORD},
                REMOTE_ADDR="10.0.0.9",
                **in_english(client),
            )

        assert response.status_code in (403, 429)
        html = response.content.decode()
        assert "Too many failed sign-in attempts" in html
        assert "15 minutes" in html
        assert 'href="/accounts/password/reset/"' in html


class TestHomePage:
    def test_greets_the_officer_with_their_unit_and_position(self, client):
        officer = make_officer(
            full_name="Trần Thị Minh Anh", unit="khuong-mai", position=make_position("Công chức")
        )
        client.force_login(officer.user)

        response = client.get("/")

        assert response.status_code == 200
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert re.search(r"<h1[^>]*>[^<]*Trần Thị Minh Anh", html)
        assert officer.unit.name_vi in html
        assert "Công chức" in html
        assert 'action="/accounts/logout/"' in html and 'method="post"' in html
        assert 'href="/accounts/profile/"' in html
        assert_local_assets_only(html)

    def test_empty_training_state_in_english(self, client):
        client.force_login(make_officer(full_name="Trần Thị Minh Anh").user)

        html = client.get("/", **in_english(client)).content.decode()

        assert "Hello, Trần Thị Minh Anh" in html
        assert "My training" in html
        assert "You have no courses yet." in html

    @pytest.mark.parametrize(
        ("roles", "sees_admin", "sees_unit"),
        [
            ((Role.OFFICER,), False, False),
            ((Role.OFFICER, Role.LEADER), False, True),
            ((Role.TRAINER,), True, False),
            ((Role.HR,), True, True),
            ((Role.ADMINISTRATOR,), True, True),
        ],
    )
    def test_links_follow_the_roles(self, client, roles, sees_admin, sees_unit):
        client.force_login(make_officer(roles=roles).user)

        html = client.get("/").content.decode()

        assert ('href="/admin/"' in html) is sees_admin
        assert ('href="/don-vi/"' in html) is sees_unit

    def test_user_without_officer_profile_is_greeted_by_name(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("quantri-goc", password=PASSWORD)
        client.force_login(user)

        response = client.get("/", **in_english(client))

        assert response.status_code == 200
        assert "Hello, quantri-goc" in response.content.decode()

    def test_anonymous_visitor_is_sent_to_the_login_page(self, client):
        response = client.get("/")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/"


class TestProfile:
    def test_shows_the_officers_details(self, client):
        officer = make_officer(
            employee_code="TX04242",
            full_name="Lê Văn Bình",
            phone="0912 000 111",
            roles=(Role.OFFICER, Role.LEADER),
        )
        client.force_login(officer.user)

        response = client.get("/accounts/profile/", **in_english(client))

        html = response.content.decode()
        assert response.status_code == 200
        for expected in (
            "TX04242",
            "Lê Văn Bình",
            officer.unit.name_en,
            "0912 000 111",
            officer.user.email,
            "Leader",
            'href="/accounts/password/change/"',
        ):
            assert expected in html, expected

    def test_superuser_without_profile(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("quantri-goc", password=PASSWORD)
        client.force_login(user)

        response = client.get("/accounts/profile/", **in_english(client))

        assert response.status_code == 200
        html = response.content.decode()
        assert "quantri-goc" in html
        assert "no officer profile" in html


class TestPasswordChange:
    def test_forced_change_explains_why_and_lists_the_rules(self, client):
        officer = make_officer(roles=(Role.OFFICER, Role.LEADER), must_change_password=True)
        client.force_login(officer.user)

        html = client.get("/accounts/password/change/", **in_english(client)).content.decode()

        assert "choose your own password before continuing" in html
        # The validators' help is HTML and must arrive as a list, not as escaped text.
        assert '<div class="field__help" id="id_new_password1_helptext"><ul>' in html
        assert "&lt;li&gt;" not in html
        # Every other link leads back here until the password is changed: no menu.
        assert 'class="site-nav__links"' not in html
        assert 'action="/accounts/logout/"' in html

    def test_voluntary_change_has_no_explanation(self, client):
        client.force_login(make_officer().user)

        html = client.get("/accounts/password/change/", **in_english(client)).content.decode()

        assert "choose your own password before continuing" not in html

    def test_errors_are_linked_to_their_field(self, client):
        client.force_login(make_officer().user)

        response = client.post(
            "/accounts/password/change/",
            {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        )

        html = response.content.decode()
        assert 'id="id_old_password_error"' in html
        assert re.search(r'<input[^>]*aria-describedby="id_old_password_error"', html)


class TestPasswordReset:
    def test_email_links_to_the_confirm_page(self, client):
        officer = make_officer(email="binh@thanhxuan.example")

        response = client.post("/accounts/password/reset/", {"email": "binh@thanhxuan.example"})

        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert "\n" not in message.subject
        assert "DVC Academy" in message.subject
        link = re.search(
            r"http://testserver/accounts/password/reset/[^/\s]+/[^/\s]+/", message.body
        )
        assert link, message.body
        assert officer.user.username in message.body

        confirm = client.get(link.group(0), follow=True)
        assert confirm.status_code == 200
        assert 'name="new_password1"' in confirm.content.decode()

    def test_invalid_link_offers_a_new_one(self, client):
        response = client.get("/accounts/password/reset/MQ/bad-token/", **in_english(client))

        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="alert"' in html
        assert 'href="/accounts/password/reset/"' in html


class TestUnitOfficers:
    def test_leader_sees_a_table_of_their_unit(self, client):
        leader = make_officer(roles=(Role.OFFICER, Role.LEADER), unit="tu-phap")
        colleague = make_officer(unit="tu-phap", employee_code="TX07001", full_name="Hà Văn Cường")
        stranger = make_officer(unit="vp", employee_code="TX07002", full_name="Mạc Thị Dung")
        client.force_login(leader.user)

        response = client.get("/don-vi/", **in_english(client))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Officers of my unit" in html
        assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
        assert colleague.full_name in html and colleague.employee_code in html
        assert stranger.full_name not in html

    def test_hr_sees_all_officers_with_pagination(self, client):
        hr = make_officer(roles=(Role.HR,))
        for _ in range(50):
            make_officer()
        client.force_login(hr.user)

        first = client.get("/don-vi/", **in_english(client)).content.decode()
        second = client.get("/don-vi/?page=2", **in_english(client)).content.decode()

        assert "All officers" in first
        assert 'aria-label="Pagination"' in first
        assert 'href="?page=2" rel="next"' in first
        assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second

    def test_query_count_does_not_grow_with_rows(self, client):
        hr = make_officer(roles=(Role.HR,), position=make_position("Chuyên viên"))
        client.force_login(hr.user)

        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/don-vi/").status_code == 200
            return len(queries)

        few = count_queries()
        for unit in ("vp", "txb", "y-te", "kinh-te", "ha-dinh"):
            make_officer(unit=unit, position=make_position("Chuyên viên chính"))
        assert count_queries() == few

    def test_empty_state(self, client, django_user_model):
        # A superuser without any officers in the database is the only way to see none.
        user = django_user_model.objects.create_superuser("quantri-goc", password=PASSWORD)
        client.force_login(user)

        html = client.get("/don-vi/", **in_english(client)).content.decode()

        assert "No officers to show." in html
        assert "<table" not in html


class TestErrorPages:
    @pytest.mark.parametrize("signed_in", [False, True])
    def test_unknown_address_gives_the_site_404(self, client, signed_in):
        if signed_in:
            client.force_login(make_officer().user)

        response = client.get("/khong-co-trang-nay/")

        assert response.status_code == 404
        html = response.content.decode()
        assert html_lang(response) == "vi"
        assert '<p class="error-page__code" aria-hidden="true">404</p>' in html
        assert 'class="button button--primary" href="/"' in html
        assert ('action="/accounts/logout/"' in html) is signed_in

    def test_404_in_english(self, client):
        response = client.get("/khong-co-trang-nay/", **in_english(client))

        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_forbidden_page_uses_the_site_layout(self, client):
        client.force_login(make_officer(roles=(Role.OFFICER,)).user)

        response = client.get("/don-vi/", **in_english(client))

        assert response.status_code == 403
        html = response.content.decode()
        assert "Access denied" in html
        assert 'action="/i18n/setlang/"' in html

    def test_500_renders_without_request_or_database(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = server_error(RequestFactory().get("/"))
            template_html = loader.get_template("500.html").render()

        assert response.status_code == 500
        html = response.content.decode()
        assert html == template_html
        assert '<html lang="vi">' in html
        assert "Đã xảy ra lỗi máy chủ" in html and "Server error" in html
        assert_local_assets_only(html)


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_officer_switches(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert 'lang="en"' in response.content.decode()
