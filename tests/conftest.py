import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run directly by a test (services, forms, commands) speaks English, so tests can
    assert on the English source messages. Pages still choose their language per request:
    Vietnamese unless the test picks English with the language cookie."""
    from django.utils import translation

    with translation.override("en"):
        yield
