"""Signing in, switching language and signing out, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.people.factories import make_officer

pytestmark = pytest.mark.browser

LOGIN_PATH = "/accounts/login/"
NAME = "Trần Thị Minh Anh"


def language_switcher(page):
    return page.locator('form[action="/i18n/setlang/"]')


def logout_button(page):
    return page.locator('form[action="/accounts/logout/"]').get_by_role("button")


def test_officer_signs_in_switches_to_english_and_signs_out(page, live_url, log_in, screenshot):
    officer = make_officer(full_name=NAME)

    log_in(officer.user.username)

    expect(page).to_have_url(live_url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(logout_button(page)).to_be_visible()
    screenshot("home-vi")

    # site.js submits the switcher as soon as a language is picked.
    with page.expect_navigation():
        language_switcher(page).get_by_role("combobox").select_option("en")

    expect(page).to_have_url(live_url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {NAME}")
    screenshot("home-en")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(re.escape(live_url(LOGIN_PATH))))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(logout_button(page)).to_have_count(0)


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_language_switcher_works_without_javascript(page, live_url):
    page.goto(live_url(LOGIN_PATH))
    switcher = language_switcher(page)

    switcher.get_by_role("combobox").select_option("en")
    switcher.get_by_role("button").click()

    expect(page).to_have_url(live_url(LOGIN_PATH))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page, live_url, log_in):
    officer = make_officer()

    log_in(officer.user.username, "not-the-password")

    expect(page).to_have_url(live_url(LOGIN_PATH))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value(officer.user.username)
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(logout_button(page)).to_have_count(0)
