from django.contrib.auth.hashers import PBKDF2PasswordHasher


class TemporaryPasswordHasher(PBKDF2PasswordHasher):
    """Hashes the random first-login passwords that a roster import hands out.

    Those passwords are 12 random characters (about 70 bits) and must be changed at first
    login, so far fewer iterations keep them safe while a 500-officer import no longer
    spends minutes hashing. Django re-hashes with the preferred hasher at the first login.
    """

    algorithm = "pbkdf2_sha256_temp"
    iterations = 60_000
