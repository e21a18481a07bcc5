from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """The production algorithm with few iterations: tests create dozens of users."""

    iterations = 1_000
