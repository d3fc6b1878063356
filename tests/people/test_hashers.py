import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory, override_settings

from tests.people.factories import make_officer

PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
TEMPORARY = "training.people.hashers.TemporaryPasswordHasher"


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=[PBKDF2, TEMPORARY])
def test_first_login_password_is_rehashed_with_the_preferred_hasher_at_login():
    officer = make_officer(password="Tam-thoi-Q7x!2kLm", must_change_password=True)
    assert officer.user.password.startswith("pbkdf2_sha256_temp$")
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=officer.user.username, password="Tam-thoi-Q7x!2kLm")
    assert user is not None
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
