"""Helpers shared by every test package."""

from django.conf import settings


def choose_english(client) -> dict:
    """Pick English the way the language switcher does (the language cookie).

    Pages are Vietnamese by default whatever the browser asks for; tests that assert on
    the English source text choose English first. Returns {} so it can also be spread
    into a request's keyword arguments.
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {}
