import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files from tests go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
