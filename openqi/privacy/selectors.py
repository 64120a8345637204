"""Finding the person a subject access or erasure request is about."""

from openqi.accounts.models import User


def subject_get(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
