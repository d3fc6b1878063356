"""The Vietnamese catalogue is complete and safe to compile, and the site speaks it by default.

Officers meet Vietnamese first; English only after they pick it with the language switcher.
An untranslated or fuzzy entry would show English in the middle of a Vietnamese page (fuzzy
entries are not compiled), and a lost placeholder would raise or garble the message at
runtime, so both are checked here rather than found by an officer.
"""

import fcntl
import re
import tempfile
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"

# `%(name)s`, `%s`, `%d`, `%.1f`, `%%` (no space flag, so "100% done" is not a placeholder).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
BRACE_PLACEHOLDER = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")

# Entries whose Vietnamese is rightly the same as the English.
SAME_IN_VIETNAMESE = {
    "Video",
    "video",
    "UTF-8",
    "Windows-1258",
    "B: NĐ 61/2018/NĐ-CP (21/06/2018 – 30/06/2025)",
}


def _mo_is_stale() -> bool:
    mo = CATALOGUE.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < CATALOGUE.stat().st_mtime


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    """Compile the .mo if `make translations` has not (it is gitignored), then reload it.

    pytest-xdist workers may reach this together: the lock lets one compile while the
    others wait and then find the file fresh.
    """
    if _mo_is_stale():
        with open(Path(tempfile.gettempdir()) / "dvc-academy-translations.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if _mo_is_stale():
                call_command("compiletranslations", verbosity=0)
        # Django caches catalogues per process; drop them as the autoreloader would.
        translation_file_changed(sender=None, file_path=CATALOGUE.with_suffix(".mo"))


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _placeholders(text: str) -> Counter:
    found = PERCENT_PLACEHOLDER.findall(text) + BRACE_PLACEHOLDER.findall(text)
    return Counter(found)


def _label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


class TestCatalogue:
    def test_header_declares_vietnamese_with_one_plural_form(self, catalogue):
        assert catalogue.metadata["Language"] == "vi"
        assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
        assert catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
        assert not catalogue.metadata_is_fuzzy

    def test_every_entry_is_translated_and_none_is_fuzzy(self, catalogue):
        assert len(catalogue) > 0
        untranslated = [_label(e) for e in catalogue.untranslated_entries()]
        fuzzy = [_label(e) for e in catalogue.fuzzy_entries()]
        assert untranslated == [], "Untranslated:\n" + "\n".join(untranslated)
        assert fuzzy == [], "Fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)

    def test_plural_entries_fill_the_single_vietnamese_form(self, catalogue):
        missing = [
            _label(e)
            for e in catalogue
            if e.msgid_plural and not e.obsolete and not e.msgstr_plural.get(0)
        ]
        assert missing == []

    def test_translations_keep_the_placeholders_and_tags(self, catalogue):
        broken = []
        for entry in catalogue:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                # Vietnamese uses msgstr[0] for every count, so it must carry the
                # placeholders of the plural form (the singular may spell out "one").
                source, translation = entry.msgid_plural, entry.msgstr_plural.get(0, "")
            else:
                source, translation = entry.msgid, entry.msgstr
            if not translation:
                continue  # reported by the completeness test
            if _placeholders(source) != _placeholders(translation):
                broken.append(f"{_label(entry)}: placeholders -> {translation!r}")
            if Counter(HTML_TAG.findall(source)) != Counter(HTML_TAG.findall(translation)):
                broken.append(f"{_label(entry)}: HTML tags -> {translation!r}")
        assert broken == [], "\n".join(broken)

    def test_no_entry_is_english_copied_into_the_translation(self, catalogue):
        copied = [
            _label(e)
            for e in catalogue
            if not e.msgid_plural and e.msgstr == e.msgid and e.msgid not in SAME_IN_VIETNAMESE
        ]
        assert copied == []


@pytest.mark.django_db
class TestLanguageOfThePages:
    def test_the_login_page_is_vietnamese_by_default_even_for_an_english_browser(self, client):
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="vi"' in html
        assert "Đăng nhập" in html
        assert "Mã cán bộ hoặc tên đăng nhập" in html
        assert "Sign in" not in html

    def test_choosing_english_with_the_switcher_shows_english(self, client):
        response = client.post(
            "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en"' in html
        assert "Sign in" in html
        assert "Employee code or username" in html
        assert "Mã cán bộ hoặc tên đăng nhập" not in html
