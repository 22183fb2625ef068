"""Who must give a second factor, and whether this session has."""

from django.conf import settings

import django_otp


def second_factor_required(user):
    """Superusers, and holders of a permission that opens personal data, may not use
    the admin on a password alone."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        user.has_perm(permission) for permission in settings.SECOND_FACTOR_REQUIRED_PERMISSIONS
    )


def has_second_factor(user):
    return django_otp.user_has_device(user, confirmed=True)


def must_verify(user):
    """Signed in, but the admin still needs a code: anyone who enrolled is asked for
    it, not only those who must enrol."""
    if not user.is_authenticated or user.is_verified():
        return False
    return has_second_factor(user) or second_factor_required(user)
