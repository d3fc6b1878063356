import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Vietnamese catalogue says by then."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
