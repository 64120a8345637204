"""Signed, expiring links emailed to a volunteer (confirm your address, sign in), made and read by
the shared emailed-link sign-in (`openqi.organisations.email_link`): nothing stored, the signature
and age are the whole check, and a link names the address it was sent to, so it proves nothing
once the address changes."""

from openqi.organisations.email_link import SIGN_IN, VERIFY, EmailLinkTokens

__all__ = ["LINKS", "MAX_AGE", "SIGN_IN", "VERIFY", "make", "read"]

MAX_AGE: dict[str, int | None] = {VERIFY: 60 * 60 * 48, SIGN_IN: 60 * 60 * 24}  # a day: a reminder may be read late
LINKS = EmailLinkTokens(namespace="coproduction", id_key="v", max_age=MAX_AGE)


def make(*, volunteer_id: int, email: str, purpose: str) -> str:
    return LINKS.make(person_id=volunteer_id, email=email, purpose=purpose)


def read(token: str, *, purpose: str) -> tuple[int, str] | None:
    return LINKS.read(token, purpose=purpose)
